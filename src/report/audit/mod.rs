//! Renderers of the audit report ([`kiemchung_evidence::audit::AuditReport`]): a table for
//! the terminal, JSON and CSV ([`render`]), a self-contained HTML page ([`html`]) and an XLSX
//! workbook ([`xlsx`]). They only format; every number and finding comes from the library.

pub mod html;
pub mod render;
pub mod xlsx;
