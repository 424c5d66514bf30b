//! HTML: visible text with block structure. (Stub: owned by the readers work.)

use super::{RawText, ReadError};

pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    let _ = bytes;
    Err(ReadError::BadHtml("HTML reader not built yet".to_owned()))
}
