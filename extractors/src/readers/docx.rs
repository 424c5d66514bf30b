//! DOCX: paragraphs, tables, text boxes. (Stub: owned by the readers work.)

use super::{RawText, ReadError};
use crate::Options;

pub fn read(bytes: &[u8], opts: &Options) -> Result<RawText, ReadError> {
    let _ = (bytes, opts);
    Err(ReadError::BadDocx("DOCX reader not built yet".to_owned()))
}
