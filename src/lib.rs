//! The kiemchung application: the subcommands behind the `kiemchung` binary.
//!
//! `main.rs` only parses arguments and reports errors; every subcommand lives in one module
//! of [`cmd`] and calls the libraries (`kiemchung-extractors`, `kiemchung-index`,
//! `kiemchung-evidence`), the orchestration here ([`pipeline`], [`workspace`]) and the one
//! printer layer ([`report`]).

pub mod check;
pub mod cmd;
pub mod ingest;
pub mod ocr_cache;
pub mod pipeline;
pub mod refs;
pub mod report;
#[cfg(feature = "web")]
pub mod serve;
pub mod tasks;
pub mod workspace;
