//! End-to-end tests for `kiemchung extract`.
