//! How offices really type: the same document keyed with look-alike characters must give the
//! same record. Windows-1252 keyboards and old fonts type the Icelandic eth `Ð`/`ð` for the
//! Vietnamese `Đ`/`đ` ("ÐẢNG CỘNG SẢN", "Ðiều 1"); the reader repairs it before any parser runs.

use std::path::{Path, PathBuf};

use kiemchung_extractors::{Format, Options, Record, extract_bytes};

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/seeds");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures/seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// The fields a reader could change: everything but the file identity.
fn fields(r: &Record) -> serde_json::Value {
    let mut v = serde_json::to_value(r).expect("record serialises");
    for k in ["source", "sha256"] {
        v.as_object_mut().expect("object").remove(k);
    }
    v
}

#[test]
fn eth_typed_for_d_bar_gives_the_same_record() {
    let mut changed = 0;
    for path in seeds() {
        let text = std::fs::read_to_string(&path).expect("seed text");
        let typed = text.replace('Đ', "Ð").replace('đ', "ð");
        if typed == text {
            continue;
        }
        changed += 1;
        let opts = Options::default();
        let want = extract_bytes("a.txt", text.as_bytes(), Format::Txt, &opts);
        let got = extract_bytes("a.txt", typed.as_bytes(), Format::Txt, &opts);
        assert_eq!(
            fields(&got.record),
            fields(&want.record),
            "{}",
            path.display()
        );
        assert!(!got.text.contains(['Ð', 'ð']), "{}", path.display());
    }
    assert!(changed >= 4, "the seeds use Đ: {changed}");
}
