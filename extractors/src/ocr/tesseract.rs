//! The Tesseract driver: its command line, not a binding.
//!
//! Why the CLI: the workspace forbids `unsafe`, the bindings (`leptess`, `tesseract-rs`) need
//! `libtesseract-dev` + `libleptonica-dev` + clang at build time and tie the build to one
//! library ABI, and measured here the process start is ≈ 40 ms against ≈ 600 ms for a header
//! band and ≈ 2.4 s for a page — under 7 % for the band, noise for full pages. A crash or
//! hang of the engine stays in its own process and cannot take a batch down.
//!
//! One engine thread per call (`OMP_THREAD_LIMIT=1`): the pipeline already runs one file per
//! core, and OpenMP threads inside each Tesseract only fight over the same cores.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::image::Gray;

/// One recognised word with its box in image pixels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word {
    /// Tesseract's block, paragraph and line numbers: words of one line share them.
    pub line: (u32, u32, u32),
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub conf: f32,
    pub text: String,
}

/// The program to run: `KIEMCHUNG_TESSERACT` or `tesseract` on the PATH.
fn program() -> String {
    std::env::var("KIEMCHUNG_TESSERACT").unwrap_or_else(|_| "tesseract".to_owned())
}

/// Whether Tesseract and its Vietnamese model can be used, checked once per process.
/// `Err` holds the message to show the user (once) — the engine or the `vie` model is missing.
pub fn available() -> Result<(), String> {
    static STATE: OnceLock<Result<(), String>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let out = Command::new(program())
                .arg("--list-langs")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| {
                    format!(
                        "không chạy được Tesseract ({}): {e}; cài đặt: apt-get install tesseract-ocr tesseract-ocr-vie",
                        program()
                    )
                })?;
            let listed = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            if listed.lines().any(|l| l.trim() == "vie") {
                Ok(())
            } else {
                Err("Tesseract không có mô hình tiếng Việt (vie); cài đặt: apt-get install tesseract-ocr-vie".to_owned())
            }
        })
        .clone()
}

/// Recognises `img` (at `dpi`) with page segmentation mode `psm`; words in reading order of
/// Tesseract's layout (the caller re-orders by geometry).
pub fn recognise(img: &Gray, dpi: u32, psm: u32) -> Result<Vec<Word>, String> {
    available()?;
    let mut child = command("stdin".as_ref(), dpi, psm)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("không chạy được Tesseract: {e}"))?;
    let pgm = img.to_pgm();
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| "Tesseract: no stdin".to_owned())?;
    // Write from another thread: Tesseract may start writing before it has read everything.
    let writer = std::thread::spawn(move || stdin.write_all(&pgm));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("Tesseract: {e}"))?;
    let _ = writer.join();
    succeeded(&out)?;
    Ok(parse_tsv(&String::from_utf8_lossy(&out.stdout)))
}

/// The engine reading `input` (an image path, a list of them, or `stdin`) as TSV on stdout,
/// Vietnamese, at `dpi` with segmentation mode `psm`, on one thread.
fn command(input: &std::ffi::OsStr, dpi: u32, psm: u32) -> Command {
    let mut cmd = Command::new(program());
    cmd.arg(input)
        .args(["stdout", "-l", "vie", "--psm"])
        .arg(psm.to_string())
        .arg("--dpi")
        .arg(dpi.clamp(70, 1200).to_string())
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1");
    cmd
}

/// `Err` with the engine's last word when it failed.
fn succeeded(out: &std::process::Output) -> Result<(), String> {
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    Err(format!(
        "Tesseract failed ({}): {}",
        out.status,
        err.lines().last().unwrap_or("")
    ))
}

/// Recognises, in one process, the `n` images whose paths `list` holds (one per line), at
/// `dpi` with segmentation mode `psm`: the words of each image, in the list's order. In list
/// mode Tesseract reads each image as a page of its own, exactly as it reads it alone; what
/// is saved is the process start (see [`super::prefetch`]).
pub fn recognise_list(
    list: &std::path::Path,
    n: usize,
    dpi: u32,
    psm: u32,
) -> Result<Vec<Vec<Word>>, String> {
    available()?;
    let out = command(list.as_os_str(), dpi, psm)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("không chạy được Tesseract: {e}"))?;
    succeeded(&out)?;
    let mut pages = vec![Vec::new(); n];
    for (page, word) in parse_rows(&String::from_utf8_lossy(&out.stdout)) {
        match page.checked_sub(1).and_then(|p| pages.get_mut(p)) {
            Some(words) => words.push(word),
            None => return Err(format!("Tesseract: page {page} of {n}")),
        }
    }
    Ok(pages)
}

/// Words (level 5 rows) of Tesseract's TSV output.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    parse_rows(tsv).map(|(_, w)| w).collect()
}

/// Word rows of a TSV output with their `page_num` (1-based; the image's place in a list).
fn parse_rows(tsv: &str) -> impl Iterator<Item = (usize, Word)> + '_ {
    tsv.lines().skip(1).filter_map(|row| {
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 12 || f[0] != "5" {
            return None;
        }
        let n = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let text = f[11].trim();
        if text.is_empty() {
            return None;
        }
        Some((
            n(1) as usize,
            Word {
                line: (n(2), n(3), n(4)),
                left: n(6),
                top: n(7),
                width: n(8),
                height: n(9),
                conf: f[10].trim().parse().unwrap_or(0.0),
                text: crate::text::nfc(text),
            },
        ))
    })
}

/// `words` as TSV word rows [`parse_tsv`] reads back (for the cache).
pub fn to_tsv(words: &[Word]) -> String {
    let mut out = String::from(
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
    );
    for (i, w) in words.iter().enumerate() {
        // Tabs and line breaks cannot be in a word Tesseract gives; never let one split a row.
        let text = w.text.replace(['\t', '\n', '\r'], " ");
        out.push_str(&format!(
            "5\t1\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            w.line.0,
            w.line.1,
            w.line.2,
            i + 1,
            w.left,
            w.top,
            w.width,
            w.height,
            w.conf,
            text
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_keep_boxes_and_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t91.5\tSố:\n\
                   5\t1\t1\t1\t1\t2\t45\t20\t60\t12\t80\t11/CT-UBND\n\
                   5\t1\t2\t1\t1\t1\t10\t50\t30\t12\t95\t \n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "Số:");
        assert_eq!((w[1].left, w[1].top, w[1].width), (45, 20, 60));
        assert_eq!(w[1].line, (1, 1, 1));
        assert!((w[0].conf - 91.5).abs() < 1e-3);
        // The cache writes words back as TSV rows and reads the same words.
        assert_eq!(parse_tsv(&to_tsv(&w)), w);
    }

    /// In list mode one TSV holds every image's words, told apart by `page_num`.
    #[test]
    fn list_output_is_split_by_page() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t91\tQUYẾT\n\
                   1\t2\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t2\t1\t1\t1\t1\t40\t20\t30\t12\t88\tNơi\n\
                   5\t2\t1\t1\t1\t2\t75\t20\t30\t12\t87\tnhận:\n";
        let rows: Vec<(usize, String)> = parse_rows(tsv).map(|(p, w)| (p, w.text)).collect();
        assert_eq!(
            rows,
            [
                (1, "QUYẾT".to_owned()),
                (2, "Nơi".to_owned()),
                (2, "nhận:".to_owned())
            ]
        );
    }
}
