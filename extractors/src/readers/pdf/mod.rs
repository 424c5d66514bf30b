//! PDF with a text layer. (Stub: owned by the PDF work.)

use super::{RawText, ReadError};

pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ReadError::NotPdf);
    }
    Err(ReadError::BadPdf("PDF reader not built yet".to_owned()))
}
