//! Score statements (`đạt: 9,38/9,5 điểm`). (Stub: owned by the body work.)

use crate::record::Score;

/// Every score statement in `body`.
pub fn extract(body: &str) -> Vec<Score> {
    let _ = body;
    Vec::new()
}
