//! A synthetic archive of Vietnamese official documents, for benchmarks and end-to-end tests.
//!
//! Documents follow the layout of the seeds (Nghị định 30/2020 Phụ lục I): cơ quan chủ quản
//! and cơ quan ban hành, quốc hiệu, số/ký hiệu, địa danh and ngày, tên loại and trích yếu,
//! Kính gửi, a body citing earlier documents of the archive and assigning tasks, then the
//! signature block and Nơi nhận. Numbers, dates, issuers, subjects and bodies vary with a
//! deterministic generator (same seed, same archive). Most files are TXT; a share are DOCX
//! (a zip written here) and PDF (a minimal one-font PDF written here, text without
//! diacritics since the standard fonts cannot show them).

#![allow(dead_code)]

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const PROVINCES: &[&str] = &[
    "Quảng Ngãi",
    "Đắk Lắk",
    "Bình Định",
    "Thừa Thiên Huế",
    "Nghệ An",
    "Hà Tĩnh",
    "Cần Thơ",
    "Lâm Đồng",
    "Quảng Nam",
    "Khánh Hòa",
    "Thanh Hóa",
    "Bắc Giang",
    "Đồng Tháp",
    "Phú Yên",
];
const DISTRICTS: &[&str] = &[
    "Mộ Đức",
    "Sơn Tịnh",
    "Tư Nghĩa",
    "Buôn Đôn",
    "Krông Pắc",
    "Ea Kar",
    "Hoài Nhơn",
    "Phù Mỹ",
    "Quỳnh Lưu",
    "Diễn Châu",
    "Cẩm Xuyên",
    "Đức Phổ",
    "Nghĩa Hành",
    "Ba Tơ",
];
const DEPARTMENTS: &[(&str, &str)] = &[
    ("Sở Nội vụ", "SNV"),
    ("Sở Tư pháp", "STP"),
    ("Sở Tài chính", "STC"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VPUB"),
];
/// (tên loại, symbol code, heading)
const TYPES: &[(&str, &str, &str)] = &[
    ("Công văn", "", ""),
    ("Quyết định", "QĐ", "QUYẾT ĐỊNH"),
    ("Kế hoạch", "KH", "KẾ HOẠCH"),
    ("Thông báo", "TB", "THÔNG BÁO"),
    ("Báo cáo", "BC", "BÁO CÁO"),
    ("Tờ trình", "TTr", "TỜ TRÌNH"),
];
const UNITS: &[&str] = &["TTHC", "NC", "KSTTHC", "CCHC", "KT", "VX", "TH"];
const TOPICS: &[&str] = &[
    "xác định Chỉ số cải cách hành chính năm {y}",
    "triển khai công tác cải cách hành chính năm {y}",
    "kiểm soát thủ tục hành chính trên địa bàn",
    "nâng cao Chỉ số hài lòng của người dân, tổ chức (SIPAS) năm {y}",
    "đẩy mạnh chuyển đổi số trong cơ quan nhà nước giai đoạn 2021 - 2025",
    "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    "kiện toàn tổ chức bộ máy và tinh giản biên chế",
    "tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {y}",
    "điều tra xã hội học phục vụ xác định Chỉ số PAR INDEX năm {y}",
    "phân công nhiệm vụ khắc phục hạn chế sau công bố Chỉ số cải cách hành chính",
    "tuyên truyền cải cách hành chính năm {y}",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư",
    "kiểm tra công tác cải cách hành chính năm {y}",
];
const SENTENCES: &[&str] = &[
    "Tham mưu triển khai và thực hiện công tác tự đánh giá, chấm điểm theo đúng nội dung, thời gian, yêu cầu của Bộ Nội vụ.",
    "Làm đầu mối phối hợp với các cơ quan, đơn vị có liên quan đôn đốc, theo dõi, giám sát việc thực hiện nhiệm vụ.",
    "Kịp thời tổng hợp, báo cáo những khó khăn, vướng mắc phát sinh trong quá trình tổ chức thực hiện để xử lý.",
    "Phối hợp với cơ quan truyền thông, báo đài thực hiện thông tin, tuyên truyền đến đội ngũ cán bộ, công chức và người dân.",
    "Rà soát, cập nhật đầy đủ tài liệu kiểm chứng đối với từng tiêu chí, tiêu chí thành phần theo hướng dẫn.",
    "Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình, nâng cao tỷ lệ hồ sơ được xử lý trực tuyến.",
    "Niêm yết công khai đầy đủ, kịp thời thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả.",
    "Bố trí kinh phí thực hiện từ nguồn ngân sách nhà nước được giao trong dự toán hằng năm.",
    "Tăng cường kỷ luật, kỷ cương hành chính; xử lý nghiêm cán bộ, công chức có hành vi nhũng nhiễu, gây phiền hà.",
    "Kết quả Chỉ số cải cách hành chính năm trước của tỉnh giảm so với năm liền kề, xếp hạng ở nhóm trung bình.",
    "Các chỉ số thành phần về cải cách tài chính công, xây dựng và phát triển Chính phủ điện tử còn đạt thấp.",
    "Người đứng đầu cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về kết quả thực hiện.",
    "Thực hiện nghiêm chế độ thông tin, báo cáo định kỳ hằng quý, sáu tháng và năm theo quy định.",
    "Ứng dụng công nghệ thông tin trong quản lý văn bản, điều hành và xử lý hồ sơ công việc trên môi trường mạng.",
    "Tổ chức điều tra xã hội học bảo đảm khách quan, trung thực, đúng đối tượng, đúng tiến độ và an toàn thông tin.",
    "Thống kê, đánh giá tác động của thủ tục hành chính, đề xuất phương án đơn giản hóa, cắt giảm chi phí tuân thủ.",
    "Đánh giá mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước.",
    "Sắp xếp các đơn vị sự nghiệp công lập theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả.",
];

/// File formats in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Txt,
    Docx,
    Pdf,
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub doc_type: &'static str,
    pub number: u32,
    pub symbol: String,
    pub issuer: String,
    pub date: (u32, u32, i32),
    pub subject: String,
    pub lines: Vec<String>,
}

impl Doc {
    pub fn reference(&self) -> String {
        format!("{}/{}", self.number, self.symbol)
    }
}

fn issuer(rng: &mut Rng) -> (String, String, String, &'static str) {
    // (parent line, issuer line, issuer name in sentence case, issuer symbol code)
    let p = *rng.pick(PROVINCES);
    match rng.below(4) {
        0 => {
            let d = *rng.pick(DISTRICTS);
            (
                format!("UBND TỈNH {}", p.to_uppercase()),
                format!("ỦY BAN NHÂN DÂN HUYỆN {}", d.to_uppercase()),
                format!("Ủy ban nhân dân huyện {d}"),
                "UBND",
            )
        }
        1 => {
            let (dep, code) = *rng.pick(DEPARTMENTS);
            (
                format!("UBND TỈNH {}", p.to_uppercase()),
                dep.to_uppercase(),
                dep.to_owned(),
                code,
            )
        }
        _ => (
            String::new(),
            format!("ỦY BAN NHÂN DÂN TỈNH {}", p.to_uppercase()),
            format!("Ủy ban nhân dân tỉnh {p}"),
            "UBND",
        ),
    }
}

/// Generates document `i` of an archive; `earlier` are references it may cite.
pub fn document(rng: &mut Rng, i: usize, earlier: &[String]) -> Doc {
    let (parent, issuer_line, issuer_name, code) = issuer(rng);
    let &(doc_type, type_code, heading) = rng.pick(TYPES);
    let unit = *rng.pick(UNITS);
    let symbol = if type_code.is_empty() {
        format!("{code}-{unit}")
    } else {
        format!("{type_code}-{code}")
    };
    let number = 1 + (i as u32 * 7 + rng.below(97) as u32) % 9000;
    let year = 2019 + rng.below(7) as i32;
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let topic = rng.pick(TOPICS).replace("{y}", &(year - 1).to_string());
    let place = issuer_name
        .rsplit_once(" tỉnh ")
        .or_else(|| issuer_name.rsplit_once(" huyện "))
        .map(|(_, p)| p.to_owned())
        .unwrap_or_else(|| (*rng.pick(PROVINCES)).to_owned());
    let mut l = Vec::new();
    if !parent.is_empty() {
        l.push(format!(
            "{parent}                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        ));
        l.push(format!(
            "{issuer_line}              Độc lập - Tự do - Hạnh phúc"
        ));
    } else {
        l.push(format!(
            "{issuer_line}          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        ));
        l.push("                                  Độc lập - Tự do - Hạnh phúc".to_owned());
    }
    l.push(String::new());
    l.push(format!(
        "Số: {number}/{symbol}          {place}, ngày {day:02} tháng {month:02} năm {year}"
    ));
    l.push(String::new());
    if heading.is_empty() {
        l.push(format!("V/v {topic}"));
        l.push(String::new());
        l.push("Kính gửi:".to_owned());
        l.push("- Các sở, ban, ngành tỉnh;".to_owned());
        l.push("- UBND các huyện, thị xã, thành phố.".to_owned());
    } else {
        l.push(heading.to_owned());
        l.push(topic.clone());
    }
    l.push(String::new());
    let mut opening = format!("Thực hiện chương trình công tác năm {year}");
    for _ in 0..rng.below(3) {
        if earlier.is_empty() {
            break;
        }
        let r = rng.pick(earlier);
        opening.push_str(&format!(
            "; căn cứ Công văn số {r} ngày {:02}/{:02}/{}",
            1 + rng.below(28),
            1 + rng.below(12),
            year - 1
        ));
    }
    opening.push_str(&format!(", {} yêu cầu:", issuer_name));
    l.push(opening);
    l.push(String::new());
    let sections = 2 + rng.below(5);
    for s in 1..=sections {
        let (dep, _) = *rng.pick(DEPARTMENTS);
        l.push(format!(
            "{s}. Giao {dep} chủ trì, phối hợp với các cơ quan liên quan:"
        ));
        for k in 0..(1 + rng.below(4)) {
            let letter = (b'a' + k as u8) as char;
            let mut para = format!("{letter}) {}", rng.pick(SENTENCES));
            if rng.below(3) == 0 {
                para.push(' ');
                let more = SENTENCES[rng.below(SENTENCES.len())];
                para.push_str(more);
            }
            if rng.below(4) == 0 {
                para.push_str(&format!(
                    " Thời gian hoàn thành trước ngày {:02}/{:02}/{year}.",
                    1 + rng.below(28),
                    1 + rng.below(12)
                ));
            }
            l.push(para);
        }
        l.push(String::new());
    }
    l.push(format!(
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện; văn bản số {i} của kho."
    ));
    l.push(String::new());
    l.push("Nơi nhận:                                  KT. CHỦ TỊCH".to_owned());
    l.push("- Như trên;                                PHÓ CHỦ TỊCH".to_owned());
    l.push("- Bộ Nội vụ (b/cáo);".to_owned());
    l.push("- Lưu: VT, TTHC.".to_owned());
    l.push(format!(
        "                                           {}",
        rng.pick(&[
            "Trần Hoàng Tuấn",
            "Nguyễn Văn Minh",
            "Lê Thị Hồng",
            "Phạm Quốc Bảo"
        ])
    ));
    Doc {
        doc_type,
        number,
        symbol,
        issuer: issuer_name,
        date: (day, month, year),
        subject: topic,
        lines: l,
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Default)]
pub struct Archive {
    pub files: Vec<PathBuf>,
    pub docs: Vec<Doc>,
    pub bytes: u64,
}

/// Writes `n` documents under `dir` in sub-folders of 500, every `docx_every`-th as DOCX and
/// every `pdf_every`-th as PDF (0 = never).
pub fn generate(
    dir: &Path,
    n: usize,
    seed: u64,
    docx_every: usize,
    pdf_every: usize,
) -> io::Result<Archive> {
    let mut rng = Rng::new(seed);
    let mut out = Archive::default();
    let mut refs: Vec<String> = Vec::new();
    for i in 0..n {
        let doc = document(&mut rng, i, &refs);
        if refs.len() < 5000 {
            refs.push(doc.reference());
        } else {
            let k = rng.below(refs.len());
            refs[k] = doc.reference();
        }
        let folder = dir.join(format!("{:04}", i / 500));
        if i % 500 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        let kind = if pdf_every > 0 && i % pdf_every == pdf_every - 1 {
            Kind::Pdf
        } else if docx_every > 0 && i % docx_every == docx_every / 2 {
            Kind::Docx
        } else {
            Kind::Txt
        };
        let stem = format!("{:06}_{}", i, doc.symbol.replace(['/', 'Đ'], "D"));
        let (path, bytes) = match kind {
            Kind::Txt => (
                folder.join(format!("{stem}.txt")),
                doc.lines.join("\n").into_bytes(),
            ),
            Kind::Docx => (folder.join(format!("{stem}.docx")), docx(&doc.lines)?),
            Kind::Pdf => (folder.join(format!("{stem}.pdf")), pdf(&doc.lines)),
        };
        std::fs::write(&path, &bytes)?;
        out.bytes += bytes.len() as u64;
        out.files.push(path);
        out.docs.push(doc);
    }
    Ok(out)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A minimal DOCX: one `w:p` per line.
pub fn docx(lines: &[String]) -> io::Result<Vec<u8>> {
    let mut body = String::new();
    for l in lines {
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(l)
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let mut buf = io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document.as_str()),
        ] {
            z.start_file(name, opts).map_err(io::Error::other)?;
            z.write_all(data.as_bytes())?;
        }
        z.finish().map_err(io::Error::other)?;
    }
    Ok(buf.into_inner())
}

/// A minimal one-page-per-50-lines PDF in Helvetica. The standard fonts have no Vietnamese
/// letters, so the text is written without diacritics (as old scanned-and-retyped files are).
pub fn pdf(lines: &[String]) -> Vec<u8> {
    let folded: Vec<String> = lines.iter().map(|l| ascii_fold(l)).collect();
    let pages: Vec<&[String]> = folded.chunks(50).collect();
    let n_pages = pages.len().max(1);
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    let mut objects: Vec<String> = Vec::new();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
    let kids: Vec<String> = (0..n_pages).map(|k| format!("{} 0 R", 4 + 2 * k)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n_pages} >>",
        kids.join(" ")
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    );
    for (k, page) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 10 Tf 12 TL 40 800 Td\n");
        for l in page.iter() {
            let esc = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({esc}) '\n"));
        }
        content.push_str("ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * k
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", k + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Vietnamese → ASCII (`Đắk Lắk` → `Dak Lak`), keeping case.
pub fn ascii_fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            '\u{300}'..='\u{36f}' => {}
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}
