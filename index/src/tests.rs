//! Index-level tests: a real tantivy index in a temp folder, built from records that look
//! like the archive's.

use kiemchung_extractors::{Citation, Record, Task};

use super::*;

fn rec(
    doc_type: &str,
    number: &str,
    symbol: &str,
    date: &str,
    issuer: &str,
    subject: &str,
) -> Record {
    Record {
        doc_type: Some(doc_type.into()),
        number: (!number.is_empty()).then(|| number.into()),
        symbol: Some(symbol.into()),
        date: Some(date.into()),
        issuer: Some(issuer.into()),
        subject: Some(subject.into()),
        ..Record::default()
    }
}

fn add(w: &mut Writer, path: &str, record: Record, text: &str) {
    let sha = kiemchung_extractors::sha256_hex(text.as_bytes());
    let doc = StoredDoc {
        id: sha.clone(),
        path: path.into(),
        record,
        text: text.into(),
    };
    let state = FileState {
        path: path.into(),
        size: text.len() as u64,
        mtime_ns: 1,
        sha256: sha,
    };
    w.upsert(&doc, &state).unwrap();
}

/// Four documents: two công văn of Quảng Ngãi, a thông báo with a year-only date, and a
/// kế hoạch of Đắk Lắk that cites the first.
fn fixture() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    let mut a = rec(
        "Công văn",
        "47",
        "UBND-TTHC",
        "2022-01-06",
        "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "triển khai thực hiện kế hoạch xác định Chỉ số cải cách hành chính năm 2021",
    );
    a.tasks = vec![Task {
        assignees: vec!["Sở Nội vụ".into()],
        text: "chủ trì".into(),
        ..Task::default()
    }];
    add(
        &mut w,
        "/kho/a.txt",
        a,
        "Thực hiện Công văn số 23/BNV-CCHC ngày 04/01/2022 của Bộ Nội vụ về việc triển khai \
         kế hoạch xác định Chỉ số cải cách hành chính năm 2021, Chủ tịch UBND tỉnh yêu cầu.",
    );
    add(
        &mut w,
        "/kho/b.txt",
        rec(
            "Công văn",
            "12",
            "UBND-NC",
            "2022-07-15",
            "Ủy ban nhân dân huyện Mộ Đức",
            "về việc cách ly và các biện pháp",
        ),
        "Các cơ quan thực hiện cách ly; cai cach hanh chinh go khong dau.",
    );
    add(
        &mut w,
        "/kho/c.txt",
        rec(
            "Thông báo",
            "",
            "TB-UBND",
            "2023",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "Kết luận của Chủ tịch UBND tỉnh",
        ),
        "Kết luận tại Hội nghị công bố Chỉ số cải cách hành chính năm 2022.",
    );
    let mut d = rec(
        "Kế hoạch",
        "733",
        "KH-UBND",
        "2023-10",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "nâng cao Chỉ số cải cách hành chính năm 2023",
    );
    d.citations = vec![Citation {
        reference: "47/UBND-TTHC".into(),
        ..Citation::default()
    }];
    add(
        &mut w,
        "/kho/d.txt",
        d,
        "Căn cứ Công văn số 47/UBND-TTHC, Ủy ban nhân dân tỉnh Đắk Lắk ban hành kế hoạch \
         cải cách hành chính; cac co quan go khong dau.",
    );
    w.finish().unwrap();
    let idx = Index::open(dir.path()).unwrap();
    (dir, idx)
}

fn paths(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.doc.path.as_str()).collect()
}

fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    }
}

#[test]
fn folded_query_finds_accented_text() {
    let (_d, idx) = fixture();
    let hits = idx.search(&q("cai cach hanh chinh")).unwrap();
    let mut got = paths(&hits);
    got.sort();
    assert_eq!(
        got,
        vec!["/kho/a.txt", "/kho/b.txt", "/kho/c.txt", "/kho/d.txt"]
    );
}

#[test]
fn exact_diacritics_rank_first() {
    let (_d, idx) = fixture();
    // `cách ly` exactly is only in b; `cach` folded is everywhere.
    let hits = idx.search(&q("cách ly")).unwrap();
    assert_eq!(paths(&hits)[0], "/kho/b.txt");
    // `các` (not `cách`): b's "Các cơ quan" matches exactly and must outrank d's `cac`
    // typed without diacritics, which the folded twin still finds.
    let hits = idx.search(&q("các cơ quan")).unwrap();
    assert_eq!(paths(&hits), vec!["/kho/b.txt", "/kho/d.txt"]);
    // Without diacritics, both are equal candidates.
    let hits = idx.search(&q("cac co quan")).unwrap();
    let mut got = paths(&hits);
    got.sort();
    assert_eq!(got, vec!["/kho/b.txt", "/kho/d.txt"]);
}

#[test]
fn reference_query_puts_the_document_first_in_any_case() {
    let (_d, idx) = fixture();
    for text in ["47/UBND-TTHC", "47/ubnd-tthc", "047/Ubnd-Tthc"] {
        let hits = idx.search(&q(text)).unwrap();
        assert_eq!(paths(&hits), vec!["/kho/a.txt", "/kho/d.txt"], "{text}");
    }
    let found = idx.find_reference("47/ubnd-tthc").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].record.number.as_deref(), Some("47"));
    let citing = idx.cited_by("47/UBND-TTHC").unwrap();
    assert_eq!(citing.len(), 1);
    assert_eq!(citing[0].path, "/kho/d.txt");
}

#[test]
fn date_filters_use_overlap_with_partial_dates() {
    let (_d, idx) = fixture();
    let run = |from: Option<&str>, to: Option<&str>| {
        let mut got: Vec<String> = idx
            .search(&SearchQuery {
                from: from.map(Into::into),
                to: to.map(Into::into),
                ..SearchQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|h| h.doc.path)
            .collect();
        got.sort();
        got
    };
    assert_eq!(
        run(Some("2022-01-01"), Some("2022-06-30")),
        vec!["/kho/a.txt"]
    );
    assert_eq!(
        run(Some("2022-07-15"), Some("2022-07-15")),
        vec!["/kho/b.txt"]
    );
    // `2023` (year only) and `2023-10` both overlap October 2023.
    assert_eq!(
        run(Some("01/10/2023"), Some("2023-10-31")),
        vec!["/kho/c.txt", "/kho/d.txt"]
    );
    assert_eq!(run(Some("2023-11"), None), vec!["/kho/c.txt"]);
    assert_eq!(run(None, Some("2021")), Vec::<String>::new());
    assert!(matches!(
        idx.search(&SearchQuery {
            from: Some("hôm qua".into()),
            ..SearchQuery::default()
        }),
        Err(IndexError::InvalidDate(_))
    ));
}

#[test]
fn type_issuer_and_year_filters() {
    let (_d, idx) = fixture();
    let search = |doc_type: Option<&str>, issuer: Option<&str>, year: Option<i32>| {
        let mut got: Vec<String> = idx
            .search(&SearchQuery {
                text: "chỉ số".into(),
                doc_type: doc_type.map(Into::into),
                issuer: issuer.map(Into::into),
                year,
                ..SearchQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|h| h.doc.path)
            .collect();
        got.sort();
        got
    };
    assert_eq!(search(Some("Thông báo"), None, None), vec!["/kho/c.txt"]);
    assert_eq!(search(Some("thong bao"), None, None), vec!["/kho/c.txt"]);
    assert_eq!(
        search(None, Some("UBND tỉnh Quảng Ngãi"), None),
        vec!["/kho/a.txt", "/kho/c.txt"]
    );
    assert_eq!(search(None, Some("dak lak"), None), vec!["/kho/d.txt"]);
    assert_eq!(search(None, None, Some(2022)), vec!["/kho/a.txt"]);
}

#[test]
fn snippets_highlight_accented_words_for_folded_queries() {
    let (_d, idx) = fixture();
    let hits = idx.search(&q("hoi nghi cong bo")).unwrap();
    assert_eq!(paths(&hits), vec!["/kho/c.txt"]);
    let s = &hits[0].snippet;
    let marked: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
    assert_eq!(marked, vec!["Hội", "nghị", "công", "bố"]);
}

#[test]
fn phrases_and_bad_syntax() {
    let (_d, idx) = fixture();
    let hits = idx.search(&q("\"Bộ Nội vụ\"")).unwrap();
    assert_eq!(paths(&hits), vec!["/kho/a.txt"]);
    for text in ["(", "AND OR", "\"", "title:x ^2", "*"] {
        idx.search(&q(text)).unwrap();
    }
    // No document has every word: fall back to any word.
    let hits = idx.search(&q("Mộ Đức zzzzqqq")).unwrap();
    assert_eq!(paths(&hits), vec!["/kho/b.txt"]);
}

#[test]
fn upsert_replaces_and_state_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    add(&mut w, "/kho/a.txt", Record::default(), "một");
    w.commit().unwrap();
    add(&mut w, "/kho/a.txt", Record::default(), "hai");
    add(&mut w, "/kho/b.txt", Record::default(), "ba");
    w.finish().unwrap();
    // A new writer sees the committed state.
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    let mut states = w.file_states().unwrap();
    states.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(states.len(), 2);
    assert_eq!(states[0].path, "/kho/a.txt");
    assert_eq!(
        states[0].sha256,
        kiemchung_extractors::sha256_hex("hai".as_bytes())
    );
    assert_eq!(states[0].size, 3);
    assert_eq!(w.load("/kho/b.txt").unwrap().unwrap().text, "ba");
    // A second writer is refused while the first holds the lock.
    assert!(matches!(
        Writer::open_or_create(dir.path(), 1),
        Err(IndexError::Locked(_))
    ));
    w.delete_path("/kho/b.txt");
    w.finish().unwrap();
    let idx = Index::open(dir.path()).unwrap();
    assert_eq!(idx.len(), 1);
    assert_eq!(idx.documents().unwrap()[0].text, "hai");
}

#[test]
fn missing_index_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Index::open(dir.path()),
        Err(IndexError::Missing(_))
    ));
}

/// 260 documents where the query's words are everywhere: 240 write `cai cach hanh chinh`
/// without diacritics (several times, so their folded score is high), 16 have the accented
/// words scattered, not as a phrase, one has the accented phrase once in a long text, and
/// one mentions `Bộ Nội vụ` as a phrase while all the others have `bộ`, `nội`, `vụ` apart.
/// More documents than [`CANDIDATES`], so the candidate phase really prunes.
fn crowded() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    let plain = rec(
        "Công văn",
        "1",
        "UBND-VP",
        "2023-03-01",
        "Ủy ban nhân dân",
        "x",
    );
    for i in 0..240 {
        add(
            &mut w,
            &format!("/kho/go-khong-dau-{i:03}.txt"),
            Record {
                subject: Some(format!("van ban so {i}")),
                ..plain.clone()
            },
            &format!(
                "cai cach hanh chinh, cai cach hanh chinh, cai cach hanh chinh tai don vi {i}; \
                 bo phan noi dung, nhiem vu."
            ),
        );
    }
    for i in 0..16 {
        add(
            &mut w,
            &format!("/kho/roi-rac-{i:02}.txt"),
            Record {
                subject: Some(format!("văn bản số {i}")),
                ..plain.clone()
            },
            &format!(
                "Chính quyền {i} cải tạo trụ sở, cách bố trí hành lang; bộ phận nội dung, nhiệm vụ."
            ),
        );
    }
    add(
        &mut w,
        "/kho/dung-dau.txt",
        Record {
            subject: Some("văn bản số 999".into()),
            ..plain.clone()
        },
        "Ủy ban nhân dân tỉnh đề ra kế hoạch thực hiện công tác năm 2024 với nhiều nội dung \
         về kinh tế, xã hội, quốc phòng, an ninh, trong đó có cải cách hành chính và các \
         nhiệm vụ khác được giao cho các sở, ban, ngành, địa phương triển khai thực hiện.",
    );
    add(
        &mut w,
        "/kho/bo-noi-vu.txt",
        Record {
            subject: Some("văn bản số 1000".into()),
            ..plain.clone()
        },
        "Thực hiện hướng dẫn của Bộ Nội vụ về công tác văn thư.",
    );
    w.finish().unwrap();
    let idx = Index::open(dir.path()).unwrap();
    (dir, idx)
}

#[test]
fn exact_diacritic_phrase_ranks_first_among_many_folded_matches() {
    let (_d, idx) = crowded();
    for text in ["cải cách hành chính", "\"cải cách hành chính\""] {
        let hits = idx.search(&q(text)).unwrap();
        assert_eq!(hits.len(), DEFAULT_LIMIT, "{text}");
        assert_eq!(hits[0].doc.path, "/kho/dung-dau.txt", "{text}");
        let marked: Vec<&str> = hits[0]
            .snippet
            .highlights
            .iter()
            .map(|&(a, b)| &hits[0].snippet.text[a..b])
            .collect();
        assert_eq!(marked, vec!["cải", "cách", "hành", "chính"], "{text}");
    }
    // Unquoted, the scattered accented words still beat the folded-only documents.
    let hits = idx.search(&q("cải cách hành chính")).unwrap();
    assert!(
        hits[1..17]
            .iter()
            .all(|h| h.doc.path.starts_with("/kho/roi-rac-")),
        "{:?}",
        paths(&hits)
    );
    // Quoted, they are not phrase matches: only the phrase documents remain.
    let hits = idx.search(&q("\"cải cách hành chính\"")).unwrap();
    assert!(!paths(&hits).iter().any(|p| p.starts_with("/kho/roi-rac-")));
    // Without diacritics every phrase document is a candidate, the accented one too.
    let hits = idx.search(&q("\"cai cach hanh chinh\"")).unwrap();
    assert_eq!(hits.len(), DEFAULT_LIMIT);
    assert!(!paths(&hits).iter().any(|p| p.starts_with("/kho/roi-rac-")));
}

#[test]
fn a_rare_phrase_of_common_words_is_found_past_the_candidates() {
    let (_d, idx) = crowded();
    // `bộ`, `nội`, `vụ` are in every document; the phrase only in one.
    let hits = idx.search(&q("\"Bộ Nội vụ\"")).unwrap();
    assert_eq!(paths(&hits), vec!["/kho/bo-noi-vu.txt"]);
    let hits = idx.search(&q("\"bo noi vu\"")).unwrap();
    assert_eq!(paths(&hits), vec!["/kho/bo-noi-vu.txt"]);
}

#[test]
fn rescored_candidates_carry_the_full_query_scores() {
    let (_d, idx) = crowded();
    for text in [
        "cải cách hành chính",
        "cai cach",
        "nội dung nhiệm vụ",
        "hành zzzq",
    ] {
        let hits = idx.search(&q(text)).unwrap();
        assert!(!hits.is_empty(), "{text}");
        let all = query::build(&idx.fields, text, true).unwrap();
        let any = query::build(&idx.fields, text, false).unwrap();
        let full: Vec<(Score, DocAddress)> = [all, any]
            .iter()
            .map(|q| {
                idx.searcher
                    .search(&**q, &TopDocs::with_limit(1000).order_by_score())
                    .unwrap()
            })
            .find(|top| !top.is_empty())
            .unwrap();
        // Every returned score is the document's full-query score, best first, and
        // nothing the full evaluation puts above the last hit is missing.
        let by_path = |addr: DocAddress| idx.load(addr).unwrap().path;
        for w in hits.windows(2) {
            assert!(w[0].score >= w[1].score, "{text}");
        }
        let last = hits.last().unwrap().score;
        let above: Vec<String> = full
            .iter()
            .filter(|(s, _)| *s > last * 1.0001)
            .map(|(_, a)| by_path(*a))
            .collect();
        for p in &above {
            assert!(paths(&hits).contains(&p.as_str()), "{text}: {p} missing");
        }
        for h in &hits {
            let want = full
                .iter()
                .find(|(_, a)| by_path(*a) == h.doc.path)
                .map(|(s, _)| *s)
                .unwrap();
            assert!(
                (h.score - want).abs() <= want * 1e-4,
                "{text}: {}",
                h.doc.path
            );
        }
    }
}

/// The paths of the documents `f` selects, in index order.
fn selected(idx: &Index, f: &Filter) -> Vec<String> {
    idx.select_docs(f)
        .unwrap()
        .into_iter()
        .map(|d| d.path)
        .collect()
}

#[test]
fn select_filters_by_lead_phrase_kind_period_and_references() {
    let (_dir, idx) = fixture();
    let phrase = |text, v: &str| Filter::Phrase {
        text,
        variants: vec![v.to_owned()],
    };
    // Phrases in the trích yếu only, folded; in the body, the body or the trích yếu.
    assert_eq!(
        selected(&idx, &phrase(Text::Lead, "chi so cai cach hanh chinh")),
        ["/kho/a.txt", "/kho/d.txt"]
    );
    assert_eq!(
        selected(&idx, &phrase(Text::Body, "Chỉ số cải cách hành chính")),
        ["/kho/a.txt", "/kho/c.txt", "/kho/d.txt"]
    );
    assert!(selected(&idx, &phrase(Text::Lead, "hanh chinh chi so")).is_empty());
    // Any spelling of the canonical type.
    assert_eq!(
        selected(&idx, &Filter::Kind("KẾ HOẠCH".into())),
        ["/kho/d.txt"]
    );
    // A period: documents whose date can fall in it (a year-only date overlaps).
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let period = Filter::Period {
        from: day("2023-06-01"),
        to: day("2023-12-31"),
    };
    assert_eq!(selected(&idx, &period), ["/kho/c.txt", "/kho/d.txt"]);
    assert_eq!(
        selected(
            &idx,
            &Filter::and(vec![period, Filter::Kind("Thông báo".into())])
        ),
        ["/kho/c.txt"]
    );
    assert_eq!(
        selected(&idx, &Filter::Cites("047/ubnd-tthc".into())),
        ["/kho/d.txt"]
    );
    assert_eq!(
        selected(&idx, &Filter::Reference("733/KH-UBND".into())),
        ["/kho/d.txt"]
    );
    assert_eq!(selected(&idx, &Filter::HasTasks), ["/kho/a.txt"]);
    let a = idx.find_path("/kho/a.txt").unwrap().unwrap();
    assert_eq!(
        selected(&idx, &Filter::IdPrefix(a.id[..8].to_uppercase())),
        ["/kho/a.txt"]
    );
    assert_eq!(selected(&idx, &Filter::Id(a.id.clone())), ["/kho/a.txt"]);
    assert!(selected(&idx, &Filter::or(vec![])).is_empty());
    assert_eq!(idx.count(&Filter::All).unwrap(), 4);
    // Issuers as written, counted, in order of first appearance.
    assert_eq!(
        idx.issuer_counts().unwrap(),
        vec![
            ("Ủy ban nhân dân tỉnh Quảng Ngãi".to_owned(), 2),
            ("Ủy ban nhân dân huyện Mộ Đức".to_owned(), 1),
            ("Ủy ban nhân dân tỉnh Đắk Lắk".to_owned(), 1),
        ]
    );
}

/// `citing` answers what `select(Cites)` answers for every reference of the selection,
/// across segments, without deleted documents; references outside it are not collected.
#[test]
fn citing_streams_what_cites_selects() {
    let (dir, _) = fixture();
    // A second segment: a reply to 47/UBND-TTHC written with a leading zero, a document
    // citing 12/UBND-NC (which assigns nothing), and d.txt replaced by a version that no
    // longer cites 47 (the old one is deleted, still in its segment).
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    let mut reply = rec(
        "Báo cáo",
        "5",
        "BC-SNV",
        "2022-02-01",
        "Sở Nội vụ tỉnh Quảng Ngãi",
        "kết quả",
    );
    reply.citations = vec![Citation {
        reference: "047/ubnd-tthc".into(),
        ..Citation::default()
    }];
    add(
        &mut w,
        "/kho/e.txt",
        reply,
        "Thực hiện Công văn số 047/UBND-TTHC.",
    );
    let mut other = rec("Công văn", "9", "UBND", "2022-08-01", "UBND xã", "x");
    other.citations = vec![Citation {
        reference: "12/UBND-NC".into(),
        ..Citation::default()
    }];
    add(
        &mut w,
        "/kho/f.txt",
        other,
        "Thực hiện Công văn số 12/UBND-NC.",
    );
    let d = rec(
        "Kế hoạch",
        "733",
        "KH-UBND",
        "2023-10",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "nâng cao Chỉ số",
    );
    add(&mut w, "/kho/d.txt", d, "Kế hoạch, bản sửa.");
    w.finish().unwrap();
    let idx = Index::open(dir.path()).unwrap();
    let paths = |addrs: Vec<DocAddress>| -> Vec<String> {
        addrs
            .into_iter()
            .map(|a| idx.record_at(a).unwrap().path)
            .collect()
    };
    let citing = idx.citing(&Filter::HasTasks).unwrap();
    assert_eq!(paths(citing.of("47/UBND-TTHC")), ["/kho/e.txt"]);
    assert_eq!(
        citing.of("47/UBND-TTHC"),
        idx.select(&Filter::Cites("47/UBND-TTHC".into())).unwrap()
    );
    // 12/UBND-NC is cited, but by no document the selection asked about.
    assert!(citing.of("12/UBND-NC").is_empty());
    assert_eq!(
        paths(idx.select(&Filter::Cites("12/UBND-NC".into())).unwrap()),
        ["/kho/f.txt"]
    );
    let all = idx.citing(&Filter::All).unwrap();
    assert_eq!(paths(all.of("12/ubnd-nc")), ["/kho/f.txt"]);
}

#[test]
fn raw_heads_read_what_tantivy_reads() {
    let (_dir, idx) = crowded();
    let heads = idx.heads();
    let mut n = 0;
    for (ord, seg) in idx.searcher.segment_readers().iter().enumerate() {
        for doc in 0..seg.max_doc() {
            let addr = DocAddress::new(ord as u32, doc);
            let want = idx.head_at(addr).unwrap();
            let got = heads
                .stored(addr)
                .unwrap()
                .expect("read without tantivy's reader");
            assert_eq!(heads.get(addr).unwrap().record(), got.record());
            assert_eq!(got.path(), want.path);
            assert_eq!(got.sha256(), want.sha256);
            assert_eq!(got.record(), want.record);
            assert!(!want.record.is_empty() && !want.path.is_empty());
            n += 1;
        }
    }
    assert!(n > 10, "{n} documents read");
}

#[test]
fn followup_files_hold_what_the_store_holds() {
    use crate::followup::{self, Refreshed};
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    let put = |w: &mut Writer, i: usize| {
        let mut r = rec(
            "Công văn",
            &i.to_string(),
            "UBND-VP",
            "2023-03-01",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "giao nhiệm vụ",
        );
        if !i.is_multiple_of(3) {
            r.tasks = vec![Task {
                assignees: vec![format!("Sở {i}"), "UBND các huyện".into()],
                role: i.is_multiple_of(2).then(|| "chủ trì".into()),
                deadline: Some(format!("2023-04-{:02}", i % 28 + 1)),
                // Quotes and a line break: texts that JSON escapes.
                text: format!("Báo cáo \"kết quả\" {i}\nlần hai"),
            }];
        }
        if i.is_multiple_of(5) {
            r.signature_stamps = vec![kiemchung_extractors::SignatureStamp::default()];
        }
        add(
            w,
            &format!("/kho/{i:02}.txt"),
            r,
            &format!("văn bản số {i}"),
        );
    };
    for i in 0..30 {
        put(&mut w, i);
    }
    w.commit().unwrap();
    for i in 30..40 {
        put(&mut w, i);
    }
    w.delete_path("/kho/04.txt");
    w.finish().unwrap();
    let idx = Index::open(dir.path()).unwrap();
    let segments = idx.searcher.segment_readers().len();
    assert!(segments >= 2, "{segments} segments");
    assert_eq!(idx.followup().coverage(), (0, segments));

    let done = followup::refresh(&idx).unwrap();
    assert_eq!(done.written, segments);
    let side = idx.followup();
    assert_eq!(side.coverage(), (segments, segments));
    let addrs = idx.select(&Filter::HasTasks).unwrap();
    assert_eq!(addrs.len(), 25, "26 assign tasks, one deleted");
    let batch = side.read(&addrs).unwrap();
    for (i, &a) in addrs.iter().enumerate() {
        let e = batch.get(i).expect("every assigning document has an entry");
        let want = idx.record_at(a).unwrap();
        assert_eq!(e.path, want.path);
        assert_eq!(e.sha256, want.id);
        assert_eq!(e.format, want.record.format);
        assert_eq!(e.number, want.record.number.as_deref());
        assert_eq!(e.issuer, want.record.issuer.as_deref());
        assert_eq!(e.date, want.record.date.as_deref());
        assert_eq!(e.signed, !want.record.signature_stamps.is_empty());
        let tasks: Vec<_> = want
            .record
            .tasks
            .iter()
            .map(|t| {
                (
                    t.assignees.iter().map(String::as_str).collect(),
                    t.role.as_deref(),
                    t.deadline.as_deref(),
                    t.text.as_str(),
                )
            })
            .collect();
        let got: Vec<_> = e
            .tasks
            .iter()
            .map(|t| (t.assignees.clone(), t.role, t.deadline, t.text))
            .collect();
        assert_eq!(got, tasks);
        // Every text here has quotes and a line break.
        assert!(e.tasks.iter().all(|t| !t.plain));
    }
    assert!(batch.get(addrs.len()).is_none());
    // Valid files are kept; a file of no segment is removed.
    std::fs::write(dir.path().join(followup::DIR).join("0000.tasks"), b"x").unwrap();
    assert_eq!(
        followup::refresh(&idx).unwrap(),
        Refreshed {
            written: 0,
            kept: segments,
            removed: 1
        }
    );

    // A flipped byte in the first entry: that document alone is read from the store.
    let first = idx.searcher.segment_readers()[addrs[0].segment_ord as usize]
        .segment_id()
        .uuid_string();
    let path = dir
        .path()
        .join(followup::DIR)
        .join(format!("{first}.tasks"));
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[10] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let batch = idx.followup().read(&addrs).unwrap();
    assert!(batch.get(0).is_none());
    assert!((1..addrs.len()).all(|i| batch.get(i).is_some()));
    assert_eq!(idx.followup_verified(), (segments - 1, segments));
    // A cut file (its trailer gone) is no file; refresh writes it again.
    std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
    assert_eq!(idx.followup().coverage(), (segments - 1, segments));
    assert_eq!(followup::refresh(&idx).unwrap().written, 1);
    assert!(idx.followup().read(&addrs).unwrap().get(0).is_some());
}

/// A follow-up file whose table points anywhere (overlapping entries, offsets near the top
/// of u64) is no file: refused when opened, never a panic or a read outside it.
#[test]
fn followup_tables_pointing_anywhere_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open_or_create(dir.path(), 1).unwrap();
    for i in 0..3 {
        let mut r = rec(
            "Công văn",
            &i.to_string(),
            "UBND",
            "2023-03-01",
            "UBND tỉnh",
            "x",
        );
        r.tasks = vec![Task {
            assignees: vec!["Sở Nội vụ".into()],
            text: format!("nhiệm vụ {i}"),
            ..Task::default()
        }];
        add(&mut w, &format!("/kho/{i}.txt"), r, &format!("văn bản {i}"));
    }
    w.finish().unwrap();
    let idx = Index::open(dir.path()).unwrap();
    crate::followup::refresh(&idx).unwrap();
    let seg = idx.searcher.segment_readers()[0].segment_id().uuid_string();
    let path = dir
        .path()
        .join(crate::followup::DIR)
        .join(format!("{seg}.tasks"));
    let good = std::fs::read(&path).unwrap();
    let trailer = good.len() - 32;
    let table_at = u64::from_le_bytes(good[trailer..trailer + 8].try_into().unwrap()) as usize;
    let addrs = idx.select(&Filter::HasTasks).unwrap();
    // Each slot is doc (4), offset (8), len (4), crc (4); the table's CRC is re-made so
    // only the slot's meaning is wrong.
    for (slot, field, value) in [
        (1usize, 4usize, 0u64),  // the second entry overlaps the first
        (0, 4, u64::MAX - 3),    // an offset that overflows with its length
        (2, 4, table_at as u64), // an entry inside the table
        (1, 0, 0),               // documents out of order
    ] {
        let mut bytes = good.clone();
        let at = table_at + slot * 20 + field;
        if field == 4 {
            bytes[at..at + 8].copy_from_slice(&value.to_le_bytes());
        } else {
            bytes[at..at + 4].copy_from_slice(&(value as u32).to_le_bytes());
        }
        let crc = crc32fast::hash(&bytes[table_at..trailer]);
        bytes[trailer + 16..trailer + 20].copy_from_slice(&crc.to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        let side = idx.followup();
        assert_eq!(side.coverage(), (0, 1), "slot {slot} field {field}");
        let batch = side.read(&addrs).unwrap();
        assert!((0..addrs.len()).all(|i| batch.get(i).is_none()));
    }
    std::fs::write(&path, &good).unwrap();
    assert_eq!(idx.followup().coverage(), (1, 1));
}
