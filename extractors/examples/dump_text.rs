//! Prints the text a reader gives for each file (for comparing with antiword, catdoc, unrtf).
//!
//! `cargo run -p kiemchung-extractors --example dump_text -- FILE...`
fn main() {
    let opts = kiemchung_extractors::Options::default();
    for path in std::env::args_os().skip(1) {
        let path = std::path::PathBuf::from(path);
        let ex = kiemchung_extractors::extract_file(&path, &opts);
        println!("=== {} ({})", path.display(), ex.record.format);
        if let Some(e) = &ex.record.error {
            println!("ERROR: {e}");
        }
        print!("{}", ex.text);
    }
}
