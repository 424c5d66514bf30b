//! The kiemchung application: the subcommands behind the `kiemchung` binary.
//!
//! `main.rs` only parses arguments and reports errors; every subcommand lives in one module
//! of [`cmd`] and calls the libraries (`kiemchung-extractors`, `kiemchung-index`) and the
//! orchestration here ([`pipeline`]).

pub mod audit;
pub mod cmd;
pub mod criteria;
pub mod evidence;
pub mod ingest;
pub mod linking;
pub mod pipeline;
pub mod refs;
