//! The proof as an officer meets it: rendered to pixels by poppler, its QR
//! scanned back, its text read back.

use std::process::Command;

use paspor_proof::*;

fn tool_or_skip(tool: &str) -> bool {
    if Command::new(tool).arg("-v").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{tool} missing in CI (poppler-utils)"
    );
    eprintln!("skipped: {tool} is not installed (poppler-utils)");
    false
}

/// Renders page `page` at `dpi` to a PNG and returns its path.
fn page_png(
    pdf: &std::path::Path,
    dir: &std::path::Path,
    page: u32,
    dpi: u32,
) -> std::path::PathBuf {
    let prefix = dir.join(format!("page{page}"));
    let ok = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap()
        .success();
    assert!(ok, "pdftoppm");
    prefix.with_extension("png")
}

fn text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &std::path::Path) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_qr_scans_back_to_the_booking_code_and_every_name_is_there() {
    if !tool_or_skip("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = ProofInput::example();
    let path = save_proof(dir.path(), &input.booking_code, &render(&input).unwrap()).unwrap();
    assert_eq!(pages(&path), 1, "five applicants fit one A4 page");
    let png = page_png(&path, dir.path(), 1, 150);
    let read =
        rxing::helpers::detect_in_file(png.to_str().unwrap(), Some(rxing::BarcodeFormat::QR_CODE))
            .expect("a QR code on the page");
    assert_eq!(read.getText(), "K7QM-3XWP");
    let t = text(&path);
    for a in &input.applicants {
        assert!(t.contains(a.name.as_str()), "{} missing in:\n{t}", a.name);
        assert!(t.contains(&a.nik.masked()), "masked NIK");
        assert!(!t.contains(a.nik.as_str()), "the full NIK is never printed");
    }
    for needle in [
        "BUKTI PENDAFTARAN ANTRIAN PASPOR",
        "K7QM-3XWP",
        "Rabu, 2 Desember 2026",
        "08:00–12:00 WIB",
        "Jakarta Selatan",
        "Penggantian Paspor",
        "Istri",
        "e-KTP asli",
        "Batas pembatalan",
        "pukul 23.59 WIB",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in:\n{t}");
    }
}

#[test]
fn long_texts_spill_onto_more_pages_without_losing_anything() {
    if !tool_or_skip("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut input = ProofInput::example();
    input.office_address = "Jalan yang sangat panjang sekali ".repeat(12);
    input.requirements = (1..=30)
        .map(|i| format!("Persyaratan nomor {i}: dokumen asli dan satu salinan yang jelas terbaca"))
        .collect();
    let path = save_proof(dir.path(), "LONG-0001", &render(&input).unwrap()).unwrap();
    assert!(pages(&path) >= 2);
    let t = text(&path);
    assert!(
        t.contains("Persyaratan nomor 30"),
        "the last requirement made it"
    );
    assert!(t.contains("Halaman 2/"), "pages are numbered");
    for a in &input.applicants {
        assert!(t.contains(a.name.as_str()));
    }
    // The QR is on the first page still.
    let png = page_png(&path, dir.path(), 1, 150);
    assert!(
        rxing::helpers::detect_in_file(png.to_str().unwrap(), Some(rxing::BarcodeFormat::QR_CODE))
            .is_ok()
    );
}

#[test]
fn saving_twice_replaces_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = save_proof(dir.path(), "K7QM-3XWP", b"%PDF-one").unwrap();
    let second = save_proof(dir.path(), "K7QM-3XWP", b"%PDF-two").unwrap();
    assert_eq!(first, second);
    assert_eq!(std::fs::read(&second).unwrap(), b"%PDF-two");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left"
    );
}

#[test]
fn a_single_applicant_proof_and_names_of_any_length() {
    let mut input = ProofInput::example();
    input.applicants.truncate(1);
    input.applicants[0].name = "Muhammad ".repeat(11).trim().parse().unwrap();
    let pdf = render(&input).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(
        pdf.len() < 200_000,
        "the subset font keeps it small: {} bytes",
        pdf.len()
    );
}
