//! The HELD-OUT linking benchmark (`fixtures/linking-2022/`, README "Liên kết tài liệu kiểm
//! chứng"): a 2022-era provincial catalog (876/QĐ-BNV wording, `;` CSV with a Ghi chú column,
//! reconstructed) imported without rules, evaluation year 2024, Bình Thuận's archive with
//! distractors, and gold links written before `link` was ever run on it. It was not built
//! alongside the profiles, so it measures whether linking generalises: the development
//! benchmark's bars must hold here too.

use std::path::Path;

use crate::common::{fixtures, run};
use crate::linking::{file_name, score};

#[test]
fn held_out_benchmark_meets_the_bars() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).expect("mkdir");
    let here = fixtures().join("linking-2022");
    for e in std::fs::read_dir(here.join("pool")).expect("pool") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, archive.join(file_name(&p.to_string_lossy()))).expect("copy");
    }
    let manifest = std::fs::read_to_string(here.join("pool.txt")).expect("pool.txt");
    let mut taken = 0;
    for line in manifest.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        std::fs::copy(fixtures().join(line), archive.join(file_name(line))).expect(line);
        taken += 1;
    }
    assert_eq!(
        taken, 10,
        "pool.txt lists the documents taken from other fixtures"
    );
    let s = |p: &Path| p.to_str().expect("utf-8").to_owned();
    let idx = s(&tmp.path().join("idx"));
    assert_eq!(run(&["ingest", "--index", &idx, &s(&archive)]).code, 0);

    let cat = s(&tmp.path().join("tinh-2022.toml"));
    let csv = s(&here.join("tinh-2022.csv"));
    let r = run(&[
        "criteria", "import", &csv, "--level", "tỉnh", "--year", "2024", "-o", &cat,
    ]);
    assert_eq!(r.code, 0, "import: {}", r.stderr);
    let catalog = kiemchung_evidence::criteria::Catalog::load(Path::new(&cat)).expect("load");
    let leaves = catalog
        .criteria
        .iter()
        .filter(|c| catalog.is_leaf(&c.code))
        .count();
    assert_eq!(leaves, 65, "8 areas, 65 leaves imported");
    assert_eq!(catalog.framework.total_points, Some(100.0));

    let r = run(&[
        "link",
        "--index",
        &idx,
        "--criteria",
        &cat,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "link: {}", r.stderr);
    // The agency is inferred from the archive: the province, not a district or a ministry.
    assert!(
        r.stderr.contains("suy ra") && r.stderr.contains("Bình Thuận"),
        "{}",
        r.stderr
    );
    let score = score(&r.stdout, &idx, &cat, &here.join("gold.toml"), tmp.path());
    eprintln!("held-out linking benchmark (2022-era catalog, 2024): {score}");
    score.assert_meets_the_bars();
}
