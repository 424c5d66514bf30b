//! End-to-end tests: run the real `kiemchung` binary on `fixtures/`.
//!
//! One test binary (ripgrep style) so the crate graph links once; one module per command
//! family, sharing the helpers in [`common`].

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod audit;
mod browser;
mod common;
mod evidence;
mod extract;
mod hostile;
mod integrity;
mod lang;
mod legacy;
mod linking;
mod linking_2022;
mod ocr;
mod refs;
mod search;
mod serve;
mod web;
