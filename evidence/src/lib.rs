//! Evidence for the PAR Index: the criteria catalogs, which documents are tài liệu kiểm chứng
//! for which criterion (linking), the reviewers' decisions, and the audit that names the
//! scored criteria without proof.
//!
//! This crate is the domain layer between the index (`kiemchung-index`, which finds and
//! stores documents) and the application (`kiemchung`, which parses arguments and renders).
//! It must never print, read the terminal or decide exit codes: every function returns data
//! (proposals, findings, errors) that the CLI and the web app render the same way. The only
//! files it touches are the catalogs it is asked to load and the decisions store in the index
//! folder.

pub mod audit;
pub mod criteria;
pub mod decisions;
pub mod linking;
pub mod package;
pub mod profiles;
pub mod saved;
#[doc(hidden)]
pub mod testkit;
