//! End-to-end tests for `kiemchung refs`.
