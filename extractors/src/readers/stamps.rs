//! Digital-signature stamp boxes ("Ký bởi: ...", "Thời gian ký: ...") found in text.
//! (Stub: owned by the PDF work.)

use crate::record::SignatureStamp;

/// Splits stamp boxes out of `text`: returns the text without them and the stamps.
pub fn split_stamps(text: &str) -> (String, Vec<SignatureStamp>) {
    (text.to_owned(), Vec::new())
}
