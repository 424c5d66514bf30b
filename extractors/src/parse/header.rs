//! Header and closing: số/ký hiệu, tên loại, cơ quan, địa danh/ngày, trích yếu, Kính gửi,
//! người ký, Nơi nhận. (Stub: owned by the header work.)

use super::Layout;
use crate::record::Record;

/// Fills the header and closing fields of `rec` from `text`; returns where the body lies.
pub fn parse(text: &str, rec: &mut Record) -> Layout {
    let _ = rec;
    Layout {
        body_start: 0,
        body_end: text.len(),
    }
}
