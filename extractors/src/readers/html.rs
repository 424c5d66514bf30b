//! HTML: the visible text of a page, with its block structure, as a browser lays it out.
//!
//! Vietnamese portals (vanban.chinhphu.vn, thuvienphapluat.vn, provincial sites) publish
//! documents as HTML, often with the Nghị định 30 header as a two-column table, sometimes
//! flattened into one row joined by `|` or tabs, and often inside a page-layout table. We
//! keep what a reader sees, in the shape the parsers expect from every reader:
//!
//! * block elements (`p`, `div`, `h1`–`h6`, `li`, `blockquote`, `section`, `tr`, ...) end
//!   lines; paragraph-like blocks are separated by a blank line, as `innerText` does;
//! * table cells each on their own line(s), a blank line after each row — the DOCX reader's
//!   convention, so a header table reads the same from both formats. Inside a cell,
//!   paragraphs are plain lines (a blank line there would look like a new row);
//! * list items get the marker a browser draws (`- ` for `ul`, `1. `/`a) `... for `ol`);
//! * whitespace collapses inside blocks like a browser (`<pre>` excepted); `&nbsp;` stays a
//!   visible space, because offices use runs of them to push the date to the right;
//! * `script`, `style`, `noscript`, `template`, `head`, form controls, and elements hidden
//!   with `hidden` or `display:none` are dropped; entities are decoded by the parser.
//!
//! Encoding: a BOM wins, then `<meta charset>` / `http-equiv` / the XML declaration, then
//! UTF-8 if the bytes are valid UTF-8, else Windows-1258 with warning `encoding_guessed`
//! (like [`super::txt`]). A page declaring a legacy charset whose bytes are nonetheless
//! valid multi-byte UTF-8 is read as UTF-8: mislabelled pages are common and Vietnamese in
//! a legacy 8-bit encoding is practically never valid UTF-8.

use std::sync::LazyLock;

use encoding_rs::Encoding;
use scraper::{Html, Node};

use super::roman::roman;
use super::{RawText, ReadError};
use crate::limits::Budget;
use crate::text::normalize_document;

/// Reads a web page with no budget (tools and tests).
pub fn read(bytes: &[u8]) -> Result<RawText, ReadError> {
    read_within(bytes, &Budget::unlimited())
}

/// Reads a web page within `budget`: only the first [`Budget::max_text_bytes`] of the page
/// are parsed (the tree html5ever builds costs several times the page's size), and the walk
/// over the tree stops when time is up.
pub fn read_within(bytes: &[u8], budget: &Budget) -> Result<RawText, ReadError> {
    let mut warnings = Vec::new();
    let (bytes, capped) = budget.cap_input(bytes);
    if capped {
        warnings.push(crate::warnings::TEXT_CAPPED.to_owned());
    }
    let (source, mut legacy) = decode(bytes, &mut warnings);
    if source.contains('\0') && source.matches('\0').count() > source.len() / 100 {
        return Err(ReadError::BadHtml(
            "binary content (NUL bytes) in a web page".to_owned(),
        ));
    }
    let html = Html::parse_document(&bound_nesting(&source));
    budget.check()?;
    let mut text = visible_text(&html, budget)?;
    // Runs in `.VnTime`/`VNI-Times` fonts hold glyph codes, whatever the page's charset.
    if let Some((fixed, enc)) = crate::legacy::fix_text(&text, crate::legacy::font_hint_in(&source))
    {
        text = fixed;
        legacy.get_or_insert(enc);
    }
    let mut raw = RawText {
        text: normalize_document(&text),
        stamps: Vec::new(),
        warnings,
        pages: None,
        ..RawText::default()
    };
    if let Some(enc) = legacy {
        raw.note_legacy(enc);
    }
    Ok(raw)
}

static DECLARED_CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(
        r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)"#,
    )
    .expect("static regex")
});

/// The encoding the page declares in its first 4 KiB, if encoding_rs knows the label.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let caps = DECLARED_CHARSET.captures(head)?;
    let label = caps.get(1).or_else(|| caps.get(2))?.as_bytes();
    Encoding::for_label(label)
}

/// The page's text, and the legacy Vietnamese encoding its bytes were found in, if any.
fn decode(bytes: &[u8], warnings: &mut Vec<String>) -> (String, Option<crate::legacy::Legacy>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let text = enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
        return (text, None);
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    match (declared_encoding(bytes), utf8) {
        (_, Some(s)) => (s.to_owned(), None),
        (Some(enc), None) if enc != encoding_rs::UTF_8 => {
            (enc.decode_without_bom_handling(bytes).0.into_owned(), None)
        }
        _ => crate::legacy::decode_guessed(bytes, warnings),
    }
}

/// Deepest element nesting given to the parser. html5ever checks scopes by walking its stack
/// of open elements, so each tag costs time in proportion to the depth: 100k nested `div`s
/// took 53 s. Browsers stop nesting at the same depth (Blink: 512); no document is laid out
/// deeper than that.
const MAX_DEPTH: usize = 512;

/// Longest start tag given to the parser with its attributes (see [`bound_nesting`]). Real
/// pages stay far below; inline images (`src="data:..."`) may not, and lose nothing visible.
const MAX_TAG_BYTES: usize = 16 << 10;

/// Elements without an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose end tag is optional: the parser closes them by itself (a `p` never holds
/// a `p`), so sloppy pages that never close them are not deep.
fn end_optional(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
    )
}

/// `source` with the tags nested deeper than [`MAX_DEPTH`] replaced by a space (their text
/// kept), so parsing stays linear in the size of the page. A quick scan of the tags, not a
/// parser: pages with fewer tags than the limit are returned as they are.
///
/// Start tags longer than [`MAX_TAG_BYTES`] lose their attributes for the same reason
/// (html5ever compares each attribute with every one before it: 100k attributes took 7.7 s);
/// a tag that hid its element (`hidden`, `display:none`) stays hidden.
fn bound_nesting(source: &str) -> std::borrow::Cow<'_, str> {
    let bytes = source.as_bytes();
    if source.len() <= MAX_TAG_BYTES && bytes.iter().filter(|&&b| b == b'<').count() <= MAX_DEPTH {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let (mut depth, mut at, mut copied) = (0usize, 0usize, 0usize);
    while let Some(off) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + off;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            at = start + 1;
            continue;
        }
        let Some(gt) = bytes[name_at..].iter().position(|&b| b == b'>') else {
            // A start tag never closed renders nothing; a long one (a page cut short inside
            // its attributes) is dropped rather than parsed attribute by attribute.
            if bytes.len() - start > MAX_TAG_BYTES {
                out.push_str(&source[copied..start]);
                copied = bytes.len();
            }
            break;
        };
        let end = name_at + gt + 1;
        let name = source[name_at..name_at + name_len].to_ascii_lowercase();
        let drop = if closing {
            let deep = depth > MAX_DEPTH;
            if !is_void(&name) && !end_optional(&name) {
                depth = depth.saturating_sub(1);
            }
            deep
        } else if is_void(&name) || end_optional(&name) || bytes[end - 2] == b'/' {
            depth >= MAX_DEPTH
        } else {
            depth += 1;
            depth > MAX_DEPTH
        };
        if drop {
            out.push_str(&source[copied..start]);
            out.push(' ');
            copied = end;
        } else if !closing && end - start > MAX_TAG_BYTES {
            out.push_str(&source[copied..start]);
            out.push('<');
            out.push_str(&name);
            let attrs = source[name_at + name_len..end].to_ascii_lowercase();
            if attrs.contains("hidden") || attrs.replace(' ', "").contains("display:none") {
                out.push_str(" hidden");
            }
            out.push_str(if bytes[end - 2] == b'/' { "/>" } else { ">" });
            copied = end;
        }
        at = end;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(source);
    }
    out.push_str(&source[copied..]);
    std::borrow::Cow::Owned(out)
}

/// How an element affects the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not rendered: skip the subtree.
    Hidden,
    /// Ends the line before and after.
    Line,
    /// A paragraph-like block: a blank line before and after (a plain line break in a cell).
    Para,
    Cell,
    Row,
    Table,
    Br,
    Pre,
    ListItem,
    List,
    Inline,
}

fn kind(name: &str) -> Kind {
    match name {
        "script" | "style" | "noscript" | "template" | "head" | "title" | "iframe" | "object"
        | "embed" | "svg" | "canvas" | "audio" | "video" | "select" | "datalist" | "input"
        | "textarea" | "map" | "button" => Kind::Hidden,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "section" | "article"
        | "header" | "footer" | "main" | "aside" | "nav" | "figure" | "dl" | "hr" | "form"
        | "fieldset" | "address" | "details" | "center" => Kind::Para,
        "div" | "dt" | "dd" | "caption" | "thead" | "tbody" | "tfoot" | "summary"
        | "figcaption" | "legend" | "body" | "html" | "dialog" | "frameset" | "frame"
        | "noframes" | "option" | "optgroup" => Kind::Line,
        "ul" | "ol" | "menu" | "dir" => Kind::List,
        "li" => Kind::ListItem,
        "td" | "th" => Kind::Cell,
        "tr" => Kind::Row,
        "table" => Kind::Table,
        "br" => Kind::Br,
        "pre" | "listing" | "xmp" | "plaintext" => Kind::Pre,
        _ => Kind::Inline,
    }
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// An open list: `None` for bullets, the next number and its style for `ol`.
#[derive(Debug, Clone)]
struct List {
    next: Option<i64>,
    style: char,
}

#[derive(Default)]
struct Layout {
    out: String,
    line: String,
    /// Line breaks owed before the next visible character (1 = new line, 2 = blank line).
    pending: usize,
    space: bool,
    pre: usize,
    cells: usize,
    lists: Vec<List>,
}

impl Layout {
    fn block(&mut self, n: usize) {
        let n = if self.cells > 0 { n.min(1) } else { n };
        self.pending = self.pending.max(n);
        self.space = false;
    }

    fn flush_pending(&mut self) {
        if self.pending > 0 {
            if !self.line.is_empty() {
                self.end_line();
            }
            if !self.out.is_empty() {
                for _ in 1..self.pending {
                    if !self.out.ends_with("\n\n") {
                        self.out.push('\n');
                    }
                }
            }
            self.pending = 0;
            self.space = false;
        }
    }

    fn end_line(&mut self) {
        self.out.push_str(&self.line);
        self.out.push('\n');
        self.line.clear();
        self.space = false;
    }

    /// A visible character.
    fn put(&mut self, c: char) {
        self.flush_pending();
        if self.space && !self.line.is_empty() {
            self.line.push(' ');
        }
        self.space = false;
        self.line.push(c);
    }

    fn put_str(&mut self, s: &str) {
        for c in s.chars() {
            self.put(c);
        }
    }

    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if self.pre > 0 {
                match c {
                    '\n' => {
                        self.flush_pending();
                        self.end_line();
                    }
                    '\r' => {}
                    c => self.put(c),
                }
                continue;
            }
            match c {
                ' ' | '\t' | '\n' | '\r' | '\u{c}' => self.space = true,
                // A non-breaking space is visible and does not collapse.
                '\u{a0}' => {
                    self.flush_pending();
                    if self.space && !self.line.is_empty() {
                        self.line.push(' ');
                    }
                    self.space = false;
                    self.line.push(' ');
                }
                '\u{ad}' | '\u{200b}' => {}
                c => self.put(c),
            }
        }
    }

    fn br(&mut self) {
        self.flush_pending();
        self.end_line();
    }

    /// Enters an element; returns whether to read its children.
    fn open(&mut self, el: &scraper::node::Element) -> bool {
        let k = kind(el.name());
        if k == Kind::Hidden || is_hidden(el) {
            return false;
        }
        match k {
            Kind::Para | Kind::Table => self.block(2),
            Kind::Line | Kind::Row => self.block(1),
            Kind::Cell => {
                self.block(1);
                self.cells += 1;
            }
            Kind::Br => self.br(),
            Kind::Pre => {
                self.block(2);
                self.pre += 1;
            }
            Kind::List => {
                self.block(if self.lists.is_empty() { 2 } else { 1 });
                let ordered = el.name() == "ol";
                let start = el
                    .attr("start")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .unwrap_or(1);
                let style = el
                    .attr("type")
                    .and_then(|t| t.chars().next())
                    .unwrap_or('1');
                self.lists.push(List {
                    next: ordered.then_some(start),
                    style,
                });
            }
            Kind::ListItem => {
                self.block(1);
                let value = el.attr("value").and_then(|v| v.trim().parse::<i64>().ok());
                let marker = match self.lists.last_mut() {
                    Some(List {
                        next: Some(n),
                        style,
                    }) => {
                        let v = value.unwrap_or(*n);
                        *n = v.saturating_add(1);
                        format!("{} ", ordinal(v, *style))
                    }
                    _ => "- ".to_owned(),
                };
                self.put_str(&marker);
            }
            Kind::Hidden | Kind::Inline => {}
        }
        true
    }

    fn close(&mut self, el: &scraper::node::Element) {
        match kind(el.name()) {
            Kind::Para | Kind::Table => self.block(2),
            Kind::Line | Kind::ListItem => self.block(1),
            Kind::Cell => {
                self.cells = self.cells.saturating_sub(1);
                self.block(1);
            }
            Kind::Row => {
                // A blank line between rows, even inside an outer cell.
                self.pending = self.pending.max(2);
                self.space = false;
            }
            Kind::Pre => {
                self.pre = self.pre.saturating_sub(1);
                self.block(2);
            }
            Kind::List => {
                self.lists.pop();
                self.block(if self.lists.is_empty() { 2 } else { 1 });
            }
            Kind::Hidden | Kind::Br | Kind::Inline => {}
        }
    }

    fn finish(mut self) -> String {
        if !self.line.is_empty() {
            self.end_line();
        }
        self.out
    }
}

/// `ol` numbering as a browser draws it: `1.`, `a.`, `A.`, `i.`, `I.`. Vietnamese offices
/// write `a)` by hand; a browser's `ol type="a"` shows `a.`.
fn ordinal(v: i64, style: char) -> String {
    let body = match style {
        'a' | 'A' if v >= 1 => {
            let mut n = v;
            let mut s = Vec::new();
            while n > 0 {
                n -= 1;
                let base = if style == 'a' { b'a' } else { b'A' };
                s.push(char::from(base + (n % 26) as u8));
                n /= 26;
            }
            s.iter().rev().collect()
        }
        'i' | 'I' if (1..4000).contains(&v) => {
            let r = roman(v as u32);
            if style == 'i' { r.to_lowercase() } else { r }
        }
        _ => v.to_string(),
    };
    format!("{body}.")
}

/// Walks the DOM without recursion (hostile pages nest thousands of elements deep).
fn visible_text(html: &Html, budget: &Budget) -> Result<String, ReadError> {
    let mut layout = Layout::default();
    let root = html.tree.root();
    let mut node = root;
    let mut turns = 0usize;
    'walk: loop {
        turns += 1;
        budget.check_every(turns)?;
        // Enter `node`.
        let descend = match node.value() {
            Node::Element(el) => layout.open(el),
            Node::Text(t) => {
                layout.text(t);
                false
            }
            Node::Document | Node::Fragment => true,
            _ => false,
        };
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            if let Node::Element(el) = node.value() {
                layout.close(el);
            }
        }
        // Leave `node` and every ancestor that has no next sibling.
        loop {
            if node == root {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    if let Node::Element(el) = node.value() {
                        layout.close(el);
                    }
                }
                None => break 'walk,
            }
        }
    }
    Ok(layout.finish())
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn deep_nesting_is_cut_at_the_browser_limit_and_text_kept() {
        let n = 20_000;
        let page = format!(
            "<html><body>{}Kế hoạch cải cách hành chính{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let bounded = bound_nesting(&page);
        assert_eq!(bounded.matches("<div>").count(), MAX_DEPTH - 2);
        assert_eq!(bounded.matches("</div>").count(), MAX_DEPTH - 2);
        let raw = read(page.as_bytes()).unwrap_or_default();
        assert_eq!(raw.text.trim(), "Kế hoạch cải cách hành chính");
    }

    #[test]
    fn huge_attribute_lists_are_dropped_but_hiding_kept() {
        // html5ever checks each attribute against the ones before it: 100k attributes on
        // one tag took 7.7 s. A tag that long is dropped to its name.
        let attrs: String = (0..20_000).map(|i| format!(" a{i}=1")).collect();
        let page = format!(
            "<body><p{attrs}>Kính gửi: Sở Nội vụ</p><div{attrs} style='display:none'>ẩn</div>\
             <img{attrs}/><p class=x>Hà Nội</p></body>"
        );
        let bounded = bound_nesting(&page);
        assert!(bounded.len() < 200, "{}", bounded.len());
        assert!(bounded.contains("<p>Kính gửi") && bounded.contains("<div hidden>ẩn"));
        assert!(bounded.contains("<img/>") && bounded.contains("<p class=x>"));
        // Cut short inside the attributes (the text cap, a truncated download): dropped too.
        let cut = &page[..page.len() / 2];
        assert!(
            bound_nesting(cut).len() < 100,
            "{}",
            bound_nesting(cut).len()
        );
        let raw = read(page.as_bytes()).unwrap_or_default();
        assert_eq!(raw.text, "Kính gửi: Sở Nội vụ\n\nHà Nội\n\n");
    }

    #[test]
    fn ordinary_and_sloppy_pages_are_untouched() {
        let sloppy = format!("<body>{}</body>", "<p>đoạn<li>mục<td>ô".repeat(400));
        assert!(matches!(
            bound_nesting(&sloppy),
            std::borrow::Cow::Borrowed(_)
        ));
        let small = "<div><div>a</div></div>";
        assert!(matches!(
            bound_nesting(small),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        read(html.as_bytes()).expect("HTML reads").text
    }

    #[test]
    fn table_driven_layout() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "paragraphs and collapsed whitespace",
                "<p>Kính gửi:\n   các sở,  ban ngành</p><p>Thực hiện</p>",
                "Kính gửi: các sở, ban ngành\n\nThực hiện\n",
            ),
            (
                "br and entities",
                "<div>V/v triển khai<br>kế hoạch &amp; Chỉ số &#7841; &quot;CCHC&quot;</div>",
                "V/v triển khai\nkế hoạch & Chỉ số ạ \"CCHC\"\n",
            ),
            (
                "script, style, head and hidden dropped",
                "<html><head><title>Cổng</title><style>p{}</style></head><body><script>var x='Số';</script><p>Số: 47/UBND-TTHC</p><div style=\"display: none\">menu</div><p hidden>ẩn</p><noscript>bật JS</noscript></body></html>",
                "Số: 47/UBND-TTHC\n",
            ),
            (
                "table cells on their own lines, blank line between rows",
                "<table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH ĐẮK LẮK</p></td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr><tr><td>Số: /UBND-KSTTHC</td><td><i>Đắk Lắk, ngày tháng 10 năm 2023</i></td></tr></table><p>Kính gửi:</p>",
                "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: /UBND-KSTTHC\nĐắk Lắk, ngày tháng 10 năm 2023\n\nKính gửi:\n",
            ),
            (
                "flattened header kept on one line",
                "<p>ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>",
                "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
            ),
            (
                "nbsp is a visible space",
                "<p>Số:&nbsp;&nbsp;&nbsp;/TB-UBND</p>",
                "Số:   /TB-UBND\n",
            ),
            (
                "lists get browser markers",
                "<ul><li>Như trên;</li><li>Lưu: VT.</li></ul><ol start=\"2\"><li>Giao Sở Nội vụ</li><li>Giao Sở Tài chính<ol type=\"a\"><li>Tham mưu</li></ol></li></ol>",
                "- Như trên;\n- Lưu: VT.\n\n2. Giao Sở Nội vụ\n3. Giao Sở Tài chính\na. Tham mưu\n",
            ),
            (
                "pre keeps its lines and spaces",
                "<pre>Số: 23  /BNV-CCHC\nHà Nội</pre>",
                "Số: 23  /BNV-CCHC\nHà Nội\n",
            ),
            (
                "inline elements do not break lines",
                "<p><b>Số</b>: <span>833</span>/<font>UBND-NC</font></p>",
                "Số: 833/UBND-NC\n",
            ),
        ];
        for (what, html, want) in cases {
            assert_eq!(
                text(html).trim_end_matches('\n'),
                want.trim_end_matches('\n'),
                "{what}"
            );
        }
    }

    #[test]
    fn encodings() {
        // Declared windows-1258, bytes in windows-1258: "Hà Nội" with combining tones.
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head><body><p>".to_vec();
        page.extend_from_slice(&[b'H', b'a', 0xcc, b' ', b'N', 0xf4, 0xf2, b'i']);
        page.extend_from_slice(b"</p></body></html>");
        let raw = read(&page).expect("reads");
        assert_eq!(raw.text.trim(), "Hà Nội");
        assert!(raw.warnings.is_empty());

        // Undeclared and not UTF-8: guessed as windows-1258, with the warning.
        let mut page = b"<p>".to_vec();
        page.extend_from_slice(&[b'H', b'a', 0xcc, b' ', b'N', 0xf4, 0xf2, b'i']);
        let raw = read(&page).expect("reads");
        assert_eq!(raw.text.trim(), "Hà Nội");
        assert_eq!(
            raw.warnings,
            vec![crate::warnings::ENCODING_GUESSED.to_owned()]
        );

        // Mislabelled: declares iso-8859-1 but is UTF-8.
        let raw = read("<meta charset=\"iso-8859-1\"><p>Quảng Ngãi</p>".as_bytes()).expect("reads");
        assert_eq!(raw.text.trim(), "Quảng Ngãi");

        // UTF-16 with BOM.
        let mut page = vec![0xff, 0xfe];
        for u in "<p>Đắk Lắk</p>".encode_utf16() {
            page.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(read(&page).expect("reads").text.trim(), "Đắk Lắk");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut page = String::new();
        for _ in 0..10_000 {
            page.push_str("<div>");
        }
        page.push_str("Chỉ số cải cách hành chính");
        let raw = read(page.as_bytes()).expect("reads");
        assert_eq!(raw.text.trim(), "Chỉ số cải cách hành chính");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(3, '1'), "3.");
        assert_eq!(ordinal(28, 'a'), "ab.");
        assert_eq!(ordinal(4, 'I'), "IV.");
        assert_eq!(ordinal(9, 'i'), "ix.");
    }
}
