//! End-to-end tests for `kiemchung audit`.
