//! The printer layer: everything that turns library results into text for people (tables,
//! reports) lives here, so the CLI commands and the web app show the same things the same way.

pub mod audit;
pub mod lang;
pub mod table;
pub mod terminal;

pub use terminal::safe_text;

/// Shortens `s` to `width` characters with an ellipsis.
pub fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
