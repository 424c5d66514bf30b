//! Văn bản được viện dẫn. (Stub: owned by the body work.)

use crate::record::Citation;

/// Every distinct document cited in `text`, in order of first mention, except
/// `own_reference`. Returns the citations and warning codes.
pub fn extract(text: &str, own_reference: Option<&str>) -> (Vec<Citation>, Vec<&'static str>) {
    let _ = (text, own_reference);
    (Vec::new(), Vec::new())
}
