//! End-to-end tests for `kiemchung search`.
