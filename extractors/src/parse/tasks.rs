//! Nhiệm vụ giao. (Stub: owned by the body work.)

use crate::record::Task;

/// One task per assignment of work to a named body in `body`.
pub fn extract(body: &str) -> Vec<Task> {
    let _ = body;
    Vec::new()
}
