//! Evidence profiles: what tài liệu kiểm chứng (TLKC) look like for the kinds of criteria that
//! recur in PAR Index catalogs.
//!
//! Provinces publish their tables (and clerks import them with `criteria import`) without any
//! evidence rules, so linking cannot rely on the catalog to say what counts. The official texts
//! do say it — Phụ lục 2 of Công văn 12094/BNV-CCHC lists the TLKC of every criterion of the
//! provincial index, Lâm Đồng's Công văn 2775 does so for its sở and xã indexes — and they
//! describe a small number of recurring *kinds* (the annual CCHC plan, the periodic CCHC
//! reports, kiểm tra plans and conclusions, the TTHC control report, …). The profiles file
//! (`evidence/data/profiles/par.toml`, documented in `docs/profiles.md`) turns those texts into
//! data: kinds with their document types, trích-yếu phrases, issuer and period relative to the
//! evaluation year, and profiles matched to a catalog's leaves *by name*, every entry citing
//! its source. The file is compiled in, so the tool works without setup, and it is data, so a
//! reviewer can read why a rule exists.
//!
//! Matching by name must survive wording drift between years and levels ("UBND cấp huyện"
//! became "xã, phường" in 2025; tables write CCHC or "cải cách hành chính"): names are folded
//! (no diacritics, lower case), abbreviations spelled out, and a profile matches when every
//! word group of one of its entries occurs — level words play no part.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::criteria::{Criterion, EvidenceRule};
use crate::linking::{expand_abbreviations, find_phrase, fold_phrase, is_generic};

/// The bundled profiles file.
pub const BUNDLED: &str = include_str!("../data/profiles/par.toml");

/// One profile as written in the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub label: String,
    /// The official text(s) the profile is built on.
    pub source: String,
    /// What is the project's judgement (absent when the texts say it all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgement: Option<String>,
    /// Set when the criterion has no document evidence by design (survey, ministry
    /// monitoring): the reason shown instead of proposals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_evidence: Option<String>,
    /// Added to the name-match strength (a survey profile wins over a topical one).
    #[serde(default)]
    pub priority: i32,
    /// Name patterns: every phrase of one inner list must occur in the folded name.
    pub names: Vec<Vec<String>>,
    /// Kinds (keys of `[kinds]`) whose documents are evidence.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Rules of its own, besides the kinds.
    #[serde(default)]
    pub evidence: Vec<EvidenceRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    kinds: BTreeMap<String, EvidenceRule>,
    #[serde(default)]
    profile: Vec<Profile>,
    /// Kinds that cover a whole field: they count for a leaf only when their text speaks of
    /// the leaf's topic.
    #[serde(default)]
    broad_reports: Vec<String>,
}

/// A profile with its kinds resolved into rules.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub profile: Profile,
    pub rules: Vec<EvidenceRule>,
    /// Per rule: it comes from a broad report kind (`broad_reports`).
    broad: Vec<bool>,
    /// Folded, abbreviation-expanded name patterns.
    names: Vec<Vec<String>>,
}

/// Which profile a catalog leaf got, and how strongly its name matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileMatch {
    pub id: String,
    pub label: String,
    /// The name pattern that matched, as written in the profiles file.
    pub pattern: Vec<String>,
    pub no_evidence: Option<String>,
}

/// All profiles, ready for matching.
#[derive(Debug, Clone)]
pub struct Profiles {
    pub profiles: Vec<Resolved>,
}

/// Why a profiles file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("tệp hồ sơ kiểm chứng không hợp lệ: {0}")]
    Toml(String),
    #[error("hồ sơ {profile}: không có loại tài liệu «{kind}»")]
    UnknownKind { profile: String, kind: String },
    #[error("hồ sơ {0}: không có mẫu tên (names)")]
    NoNames(String),
}

impl Profiles {
    /// The profiles compiled into the program.
    pub fn bundled() -> &'static Profiles {
        static P: std::sync::OnceLock<Profiles> = std::sync::OnceLock::new();
        P.get_or_init(|| {
            // The bundled file is checked by a unit test; an error here is a build defect.
            Profiles::parse(BUNDLED).unwrap_or(Profiles {
                profiles: Vec::new(),
            })
        })
    }

    /// Parses and resolves a profiles file.
    pub fn parse(text: &str) -> Result<Profiles, ProfileError> {
        let file: ProfileFile =
            toml::from_str(text).map_err(|e| ProfileError::Toml(e.to_string()))?;
        if let Some(k) = file
            .broad_reports
            .iter()
            .find(|k| !file.kinds.contains_key(*k))
        {
            return Err(ProfileError::UnknownKind {
                profile: "broad_reports".into(),
                kind: k.clone(),
            });
        }
        let mut profiles = Vec::new();
        for p in file.profile {
            if p.names.is_empty() {
                return Err(ProfileError::NoNames(p.id));
            }
            let mut rules = Vec::new();
            let mut broad = Vec::new();
            for k in &p.kinds {
                let rule = file.kinds.get(k).ok_or_else(|| ProfileError::UnknownKind {
                    profile: p.id.clone(),
                    kind: k.clone(),
                })?;
                let mut rule = rule.clone();
                rule.label = rule.label.or_else(|| Some(k.clone()));
                rules.push(rule);
                broad.push(file.broad_reports.contains(k));
            }
            rules.extend(p.evidence.iter().cloned());
            broad.resize(rules.len(), false);
            let names = p
                .names
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|n| expand_abbreviations(&fold_phrase(n)))
                        .collect()
                })
                .collect();
            profiles.push(Resolved {
                profile: p,
                rules,
                broad,
                names,
            });
        }
        Ok(Profiles { profiles })
    }

    /// The profile for a catalog node: by its own name first, then by its name with its
    /// parent's (a leaf "Tỷ lệ … được kiểm tra trong năm" under "Công tác kiểm tra CCHC").
    pub fn for_criterion(&self, c: &Criterion, parent: Option<&Criterion>) -> Option<&Resolved> {
        self.best(&c.name).or_else(|| {
            parent
                .map(|p| format!("{} — {}", p.name, c.name))
                .and_then(|n| self.best(&n))
        })
    }

    /// The best-matching profile for a name: the longest matched pattern plus the profile's
    /// priority; ties go to the profile listed first.
    pub fn best(&self, name: &str) -> Option<&Resolved> {
        let folded = expand_abbreviations(&fold_phrase(name));
        let mut best: Option<(i32, &Resolved)> = None;
        for r in &self.profiles {
            let Some(strength) = r.strength(&folded) else {
                continue;
            };
            let s = strength + r.profile.priority;
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, r));
            }
        }
        best.map(|(_, r)| r)
    }
}

impl Resolved {
    fn strength(&self, folded_name: &str) -> Option<i32> {
        self.names
            .iter()
            .filter(|g| g.iter().all(|p| find_phrase(folded_name, p).is_some()))
            .map(|g| g.iter().map(|p| p.len() as i32).sum())
            .max()
    }

    /// The rules for a leaf of this name. A broad report (the annual CCHC report, the TTHC
    /// control report, …) speaks of a whole field; it is evidence for this leaf only when its
    /// text speaks of the leaf's topic: the phrases of the name pattern that matched, or
    /// their two-word runs («giải quyết đúng hạn» → «đúng hạn»), somewhere in the text.
    pub fn rules_for(&self, name: &str) -> Vec<EvidenceRule> {
        let topic = topic_phrases(&self.describe(name).pattern);
        self.rules
            .iter()
            .zip(&self.broad)
            .map(|(r, &broad)| {
                let mut r = r.clone();
                if broad && r.any.is_empty() && !topic.is_empty() {
                    r.any = topic.clone();
                }
                r
            })
            .collect()
    }

    /// The pattern that matched (for reports).
    pub fn describe(&self, name: &str) -> ProfileMatch {
        let folded = expand_abbreviations(&fold_phrase(name));
        let pattern = self
            .names
            .iter()
            .zip(&self.profile.names)
            .find(|(g, _)| g.iter().all(|p| find_phrase(&folded, p).is_some()))
            .map(|(_, raw)| raw.clone())
            .unwrap_or_default();
        ProfileMatch {
            id: self.profile.id.clone(),
            label: self.profile.label.clone(),
            pattern,
            no_evidence: self.profile.no_evidence.clone(),
        }
    }
}

/// A name pattern's phrases and, for the longer ones, their two-word runs that are not generic
/// heads, the last always («giải quyết đúng hạn» → «quyết đúng», «đúng hạn»): what a
/// broad report must mention to speak of the leaf's topic. Reports word figures more loosely
/// than criteria names ("tỷ lệ đúng hạn 98,7%", "doanh nghiệp thành lập mới").
fn topic_phrases(pattern: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for p in pattern {
        push(p.clone());
        let words: Vec<&str> = p
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() > 2 {
            let last = words.len() - 2;
            for (i, w) in words.windows(2).enumerate() {
                let run = w.join(" ");
                // The last run names the topic even when it is a generic word ("đúng hạn").
                if i == last || !is_generic(&fold_phrase(&run)) {
                    push(run);
                }
            }
        }
    }
    out
}

/// Whether a catalog node is marked as scored by survey (`survey = true`, or a note saying
/// ĐTXHH, as the official tables' "Ghi chú" column does).
pub fn marked_survey(c: &Criterion) -> bool {
    if c.extra.get("survey").and_then(|v| v.as_bool()) == Some(true) {
        return true;
    }
    let note = c.extra.get("note").and_then(|v| v.as_str()).unwrap_or("");
    let n = fold_phrase(note);
    n.contains("dtxhh") || n.contains("dieu tra xa hoi hoc")
}

/// Whether a catalog node says it is not self-assessed (`self_assessed = false`).
pub fn not_self_assessed(c: &Criterion) -> bool {
    c.extra.get("self_assessed").and_then(|v| v.as_bool()) == Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::Catalog;
    use std::path::Path;

    #[test]
    fn bundled_profiles_parse_and_cite_sources() {
        let p = Profiles::parse(BUNDLED).expect("bundled profiles");
        assert!(p.profiles.len() > 30);
        for r in &p.profiles {
            assert!(!r.profile.source.trim().is_empty(), "{}", r.profile.id);
            assert!(
                r.profile.no_evidence.is_some() || !r.rules.is_empty(),
                "{} has neither rules nor no_evidence",
                r.profile.id
            );
            for rule in &r.rules {
                assert!(
                    rule.source.is_some(),
                    "{}: kind without source",
                    r.profile.id
                );
            }
        }
    }

    #[test]
    fn names_match_across_wording_drift() {
        let p = Profiles::bundled();
        let id = |n: &str| p.best(n).map(|r| r.profile.id.clone());
        let cases = [
            ("Ban hành kế hoạch CCHC năm", "ke-hoach-cchc"),
            (
                "Ban hành kế hoạch cải cách hành chính hằng năm của UBND cấp huyện",
                "ke-hoach-cchc",
            ),
            ("Thực hiện chế độ báo cáo CCHC định kỳ", "bao-cao-cchc"),
            ("Mức độ hài lòng về TTHC", "survey"),
            (
                "Tính công khai, minh bạch trong công tác tuyển dụng công chức, viên chức",
                "survey",
            ),
            (
                "Thực hiện quy định về tuyển dụng công chức tại CQCM cấp tỉnh, cấp xã",
                "tuyen-dung-cong-chuc",
            ),
            ("Công bố TTHC nội bộ cấp tỉnh", "tthc-noi-bo"),
            ("Tỷ lệ hồ sơ trực tuyến toàn trình", "ministry-monitoring"),
            ("Tỷ lệ dịch vụ công trực tuyến toàn trình", "chuyen-doi-so"),
            (
                "Công tác tuyên truyền cải cách hành chính",
                "tuyen-truyen-cchc",
            ),
        ];
        for (name, want) in cases {
            assert_eq!(id(name).as_deref(), Some(want), "{name}");
        }
        assert_eq!(id("Nội dung khác"), None);
    }

    #[test]
    fn names_of_the_2017_2024_tables_find_their_profiles() {
        // Wording of the 876/QĐ-BNV era: the plan split from its completion, "UBND cấp
        // huyện", words in another order, Một cửa organisation, plans of e-government.
        let p = Profiles::bundled();
        let id = |n: &str| p.best(n).map(|r| r.profile.id.clone());
        let cases = [
            ("Ban hành kế hoạch CCHC năm", "ke-hoach-cchc"),
            (
                "Mức độ hoàn thành kế hoạch CCHC năm",
                "hoan-thanh-ke-hoach-cchc",
            ),
            ("Ban hành Kế hoạch rà soát, đánh giá TTHC", "ra-soat-tthc"),
            (
                "Công bố danh mục TTHC thuộc thẩm quyền giải quyết của các cấp chính quyền",
                "cong-bo-tthc",
            ),
            (
                "Công khai TTHC trên Cơ sở dữ liệu quốc gia về TTHC",
                "cong-khai-tthc",
            ),
            ("Thực hiện kiểm soát quy định TTHC", "kiem-soat-tthc"),
            (
                "Tổ chức Bộ phận Một cửa các cấp theo quy định",
                "to-chuc-mot-cua",
            ),
            (
                "Tỷ lệ TTHC được tiếp nhận hồ sơ không phụ thuộc vào địa giới hành chính",
                "mot-cua",
            ),
            (
                "Sắp xếp, kiện toàn các cơ quan chuyên môn thuộc UBND tỉnh, UBND cấp huyện",
                "to-chuc-bo-may",
            ),
            (
                "Xử lý văn bản trái pháp luật phát hiện qua kiểm tra",
                "van-ban-trai-phap-luat",
            ),
            (
                "Ban hành kế hoạch ứng dụng CNTT, phát triển chính quyền điện tử, chính quyền số năm",
                "ke-hoach-chuyen-doi-so",
            ),
            (
                "Thực hiện kết luận, kiến nghị của cơ quan thanh tra, kiểm toán về tài chính, ngân sách",
                "kien-nghi-tai-chinh",
            ),
            (
                "Mức độ thực hiện Chương trình xây dựng nghị quyết của HĐND, quyết định của UBND tỉnh",
                "xay-dung-vbqppl",
            ),
        ];
        for (name, want) in cases {
            assert_eq!(id(name).as_deref(), Some(want), "{name}");
        }
    }

    #[test]
    fn broad_reports_must_speak_of_the_leaf_topic() {
        let p = Profiles::bundled();
        let r = p.best("Tỷ lệ hồ sơ TTHC do UBND cấp huyện giải quyết đúng hạn");
        let rules = r
            .expect("profile")
            .rules_for("Tỷ lệ hồ sơ TTHC do UBND cấp huyện giải quyết đúng hạn");
        let report = rules
            .iter()
            .find(|r| r.label.as_deref() == Some("Báo cáo công tác kiểm soát TTHC"))
            .expect("the TTHC control report is one of the rules");
        assert_eq!(
            report.any,
            ["giải quyết đúng hạn", "quyết đúng", "đúng hạn"]
        );
        // A kind that is not a broad report is left as written.
        let r = p
            .best("Phê duyệt, điều chỉnh vị trí việc làm")
            .expect("profile");
        assert!(
            r.rules_for("Phê duyệt, điều chỉnh vị trí việc làm")
                .iter()
                .all(|r| r.any.is_empty())
        );
        assert_eq!(topic_phrases(&["một cửa".to_owned()]), ["một cửa"]);
        assert_eq!(
            topic_phrases(&["phản ánh, kiến nghị".to_owned()]),
            ["phản ánh, kiến nghị", "phản ánh", "ánh kiến", "kiến nghị"]
        );
    }

    #[test]
    fn every_survey_item_of_the_2025_table_is_recognised_by_name() {
        // The official table marks ĐTXHH in its Ghi chú column; an imported table may not
        // carry that column, so the names alone must give the survey profile.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/linking/bnv-1187-2025-tinh.toml");
        let cat = Catalog::load(&path).expect("catalog");
        let p = Profiles::bundled();
        for c in &cat.criteria {
            if !cat.is_leaf(&c.code) {
                continue;
            }
            let survey = marked_survey(c);
            let by_name = p.best(&c.name).map(|r| r.profile.id.as_str()) == Some("survey");
            assert_eq!(survey, by_name, "{} {}", c.code, c.name);
        }
    }
}
