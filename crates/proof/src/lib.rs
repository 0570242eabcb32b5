//! The proof of a booking (R-S-2): a PDF an officer can read and scan.
//!
//! [`render`] lays out an A4 page (more when the applicants need them) with
//! the booking code in large type and as a QR code, the office, date and
//! session with the office's time zone, every applicant with a partly masked
//! NIK, what to bring, and the cancellation deadline. The font (DejaVu Sans,
//! full Latin coverage) is embedded and subset, so the file reads the same on
//! any phone. [`save_proof`] stores it under one stable name per booking.
//!
//! ```
//! # use paspor_proof::*;
//! # let input = ProofInput::example();
//! let pdf = render(&input)?;
//! assert!(pdf.starts_with(b"%PDF"));
//! # Ok::<(), ProofError>(())
//! ```

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use paspor_domain::{ApplicationType, Nik, OfficeTimeZone, PersonName, Relation};
use printpdf::{
    Color, FontId, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, WindingOrder,
};

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    #[error("a proof lists 1 to 5 applicants, not {0}")]
    ApplicantCount(usize),
    #[error("the booking code {0:?} cannot be put in a QR code")]
    Qr(String),
    #[error("the embedded font could not be read: {0}")]
    Font(String),
    #[error("the proof could not be saved: {0}")]
    Io(#[from] std::io::Error),
}

impl ProofError {
    pub fn code(&self) -> &'static str {
        match self {
            ProofError::ApplicantCount(_) => "applicant_count",
            ProofError::Qr(_) => "qr",
            ProofError::Font(_) => "font",
            ProofError::Io(_) => "io",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProofApplicant {
    pub name: PersonName,
    pub nik: Nik,
    pub application_type: ApplicationType,
    /// `None` for the account owner.
    pub relation: Option<Relation>,
}

/// Everything printed on the proof.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofInput {
    pub booking_code: String,
    pub office_name: String,
    pub office_address: String,
    pub date: Date,
    /// Local times at the office, "08:00".
    pub slot_start: String,
    pub slot_end: String,
    pub time_zone: OfficeTimeZone,
    pub applicants: Vec<ProofApplicant>,
    /// What to bring, from the information content.
    pub requirements: Vec<String>,
    /// R-S-1: from this instant the booking can no longer be cancelled.
    pub cancel_deadline: Timestamp,
    pub generated_at: Timestamp,
}

impl ProofInput {
    /// From a booking as the API returns it.
    pub fn from_booking(
        b: &paspor_domain::api::Booking,
        requirements: Vec<String>,
        now: Timestamp,
    ) -> ProofInput {
        ProofInput {
            booking_code: b.code.clone(),
            office_name: b.office.name.clone(),
            office_address: format!("{}, {}", b.office.address, b.office.city),
            date: b.date,
            slot_start: b.slot.start.clone(),
            slot_end: b.slot.end.clone(),
            time_zone: b.office.time_zone,
            applicants: b
                .applicants
                .iter()
                .map(|a| ProofApplicant {
                    name: a.full_name.clone(),
                    nik: a.nik.clone(),
                    application_type: a.application_type,
                    relation: a.relation,
                })
                .collect(),
            requirements,
            cancel_deadline: b.cancel_deadline,
            generated_at: now,
        }
    }

    /// A realistic proof for examples and benchmarks.
    #[doc(hidden)]
    pub fn example() -> ProofInput {
        let people = [
            ("Budi Santoso", "3174011505900001", None),
            ("Siti Rahmawati", "3174015505920002", Some(Relation::Wife)),
            (
                "Ahmad Fauzi Santoso",
                "3174010101150003",
                Some(Relation::Child),
            ),
            (
                "Putri Ayu Lestari",
                "3174014202180004",
                Some(Relation::Child),
            ),
            ("Sukarni", "3174014303550005", Some(Relation::Mother)),
        ];
        ProofInput {
            booking_code: "K7QM-3XWP".into(),
            office_name: "Kantor Imigrasi Kelas I Khusus TPI Jakarta Selatan".into(),
            office_address: "Jl. Warung Buncit Raya No. 207, Mampang Prapatan, Jakarta Selatan"
                .into(),
            date: jiff::civil::date(2026, 12, 2),
            slot_start: "08:00".into(),
            slot_end: "12:00".into(),
            time_zone: OfficeTimeZone::Wib,
            applicants: people
                .iter()
                .enumerate()
                .map(|(i, (n, k, r))| ProofApplicant {
                    name: n.parse().expect("example name"),
                    nik: k.parse().expect("example NIK"),
                    application_type: if i % 2 == 0 {
                        ApplicationType::New
                    } else {
                        ApplicationType::Renewal
                    },
                    relation: *r,
                })
                .collect(),
            requirements: vec![
                "e-KTP asli".into(),
                "Kartu Keluarga (KK) asli".into(),
                "Akta kelahiran, buku nikah, atau ijazah (paspor baru)".into(),
                "Paspor lama (penggantian)".into(),
            ],
            cancel_deadline: "2026-11-29T17:00:00Z".parse().expect("example instant"),
            generated_at: "2026-11-24T03:15:00Z".parse().expect("example instant"),
        }
    }
}

/// The stable file name of a booking's proof: saving twice replaces it.
pub fn file_name(booking_code: &str) -> String {
    let safe: String = booking_code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("bukti-antrian-{safe}.pdf")
}

/// Writes the proof to `dir` under [`file_name`], through a temporary file
/// renamed over the old one, so a reader never sees half a PDF.
pub fn save_proof(dir: &Path, booking_code: &str, pdf: &[u8]) -> Result<PathBuf, ProofError> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(file_name(booking_code));
    let tmp = dir.join(format!(".{}.tmp", file_name(booking_code)));
    std::fs::write(&tmp, pdf)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

// Page geometry, in millimetres from the top-left corner.
const W: f32 = 210.0;
const H: f32 = 297.0;
const MARGIN: f32 = 18.0;
const BOTTOM: f32 = 268.0;

const NAVY: (f32, f32, f32) = (0.043, 0.180, 0.420);
const GOLD: (f32, f32, f32) = (0.831, 0.651, 0.165);
const INK: (f32, f32, f32) = (0.106, 0.145, 0.200);
const MUTED: (f32, f32, f32) = (0.365, 0.420, 0.502);
const LINE: (f32, f32, f32) = (0.835, 0.863, 0.910);
const PALE: (f32, f32, f32) = (0.933, 0.949, 0.973);
const WHITE: (f32, f32, f32) = (1.0, 1.0, 1.0);

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// One page being drawn, in top-left millimetres.
struct Canvas {
    ops: Vec<Op>,
    regular: FontId,
    bold: FontId,
}

impl Canvas {
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: (f32, f32, f32), s: &str) {
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(color) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(x), Mm(H - y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        let p = |x: f32, y: f32| LinePoint {
            p: Point::new(Mm(x), Mm(H - y)),
            bezier: false,
        };
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: vec![p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)],
                }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    fn hline(&mut self, x: f32, y: f32, w: f32) {
        self.rect(x, y, w, 0.3, LINE);
    }
}

/// Rough width of `s` in millimetres at `size` points: DejaVu Sans averages
/// about 0.58 em a character. Used only to wrap and cut, with slack.
fn width_mm(s: &str, size: f32, bold: bool) -> f32 {
    let em = if bold { 0.64 } else { 0.58 };
    s.chars().count() as f32 * size * em * 0.3528
}

/// Greedy word wrap to `max` millimetres; a word longer than a line is cut.
fn wrap(s: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width_mm(&candidate, size, bold) <= max {
            line = candidate;
        } else {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = fit(word, size, bold, max);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `s`, cut with an ellipsis to fit `max` millimetres.
fn fit(s: &str, size: f32, bold: bool, max: f32) -> String {
    if width_mm(s, size, bold) <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().collect();
    while !out.is_empty() && width_mm(&format!("{out}…"), size, bold) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

use paspor_domain::calendar::long_date_id as long_date;

/// "Jumat, 27 November 2026 pukul 23.59 WIB", in the office's zone.
fn moment(t: Timestamp, tz: OfficeTimeZone) -> String {
    let z = t.to_zoned_datetime(tz.time_zone());
    format!(
        "{} pukul {:02}.{:02} {}",
        long_date(z.date()),
        z.hour(),
        z.minute(),
        tz.label()
    )
}

fn type_label(t: ApplicationType) -> &'static str {
    match t {
        ApplicationType::New => "Paspor Baru",
        ApplicationType::Renewal => "Penggantian Paspor",
    }
}

fn relation_label(r: Option<Relation>) -> &'static str {
    match r {
        None => "Pemilik akun",
        Some(Relation::Father) => "Ayah",
        Some(Relation::Mother) => "Ibu",
        Some(Relation::Husband) => "Suami",
        Some(Relation::Wife) => "Istri",
        Some(Relation::Child) => "Anak",
    }
}

/// The QR code's modules (a square of booleans, quiet zone included).
fn qr_modules(code: &str) -> Result<Vec<Vec<bool>>, ProofError> {
    use rxing::Writer;
    let m = rxing::qrcode::QRCodeWriter
        .encode(code, &rxing::BarcodeFormat::QR_CODE, 0, 0)
        .map_err(|e| ProofError::Qr(format!("{code}: {e}")))?;
    Ok((0..m.height())
        .map(|y| (0..m.width()).map(|x| m.get(x, y)).collect())
        .collect())
}

/// The header band every page starts with; returns where content begins.
fn header(c: &mut Canvas, page: usize, pages: usize) -> f32 {
    c.rect(0.0, 0.0, W, 34.0, NAVY);
    c.rect(0.0, 34.0, W, 1.6, GOLD);
    c.text(
        MARGIN,
        11.0,
        8.5,
        true,
        GOLD,
        "DIREKTORAT JENDERAL IMIGRASI · LAYANAN PASPOR ONLINE",
    );
    c.text(
        MARGIN,
        21.5,
        17.0,
        true,
        WHITE,
        "BUKTI PENDAFTARAN ANTRIAN PASPOR",
    );
    c.text(
        MARGIN,
        28.5,
        8.5,
        false,
        WHITE,
        "Tunjukkan bukti ini kepada petugas imigrasi saat kedatangan.",
    );
    if pages > 1 {
        c.text(
            W - MARGIN - 22.0,
            11.0,
            8.5,
            false,
            WHITE,
            &format!("Halaman {page}/{pages}"),
        );
    }
    46.0
}

fn footer(c: &mut Canvas, p: &ProofInput) {
    c.hline(MARGIN, 272.0, W - 2.0 * MARGIN);
    c.text(
        MARGIN,
        278.0,
        7.5,
        false,
        MUTED,
        &format!("Dibuat {}", moment(p.generated_at, p.time_zone)),
    );
    c.text(
        MARGIN,
        283.0,
        7.5,
        false,
        MUTED,
        "Dokumen ini dibuat oleh aplikasi Paspor. Pindai kode QR untuk memeriksa kode booking.",
    );
}

/// Lays the proof out and returns the PDF's bytes.
pub fn render(p: &ProofInput) -> Result<Vec<u8>, ProofError> {
    let n = p.applicants.len();
    if !(1..=5).contains(&n) {
        return Err(ProofError::ApplicantCount(n));
    }
    let mut warnings = Vec::new();
    let regular = ParsedFont::from_bytes(REGULAR, 0, &mut warnings)
        .ok_or_else(|| ProofError::Font("DejaVuSans".into()))?;
    let bold = ParsedFont::from_bytes(BOLD, 0, &mut warnings)
        .ok_or_else(|| ProofError::Font("DejaVuSans-Bold".into()))?;
    let mut doc = PdfDocument::new(&format!("Bukti Antrian Paspor {}", p.booking_code));
    let (regular, bold) = (doc.add_font(&regular), doc.add_font(&bold));
    let qr = qr_modules(&p.booking_code)?;

    // Draw every block into a list of pages, starting a new page when a
    // block would cross the footer.
    let mut pages: Vec<Canvas> = Vec::new();
    let new_page = |pages: &mut Vec<Canvas>| {
        pages.push(Canvas {
            ops: Vec::new(),
            regular: regular.clone(),
            bold: bold.clone(),
        })
    };
    new_page(&mut pages);
    let mut y = 46.0;
    let content_w = W - 2.0 * MARGIN;

    // Booking code and QR.
    {
        let c = pages.last_mut().expect("a page");
        let qr_size = 40.0;
        let qr_x = W - MARGIN - qr_size - 3.0;
        c.rect(MARGIN, y, content_w, qr_size + 6.0, PALE);
        c.text(MARGIN + 6.0, y + 10.0, 9.0, false, MUTED, "KODE BOOKING");
        c.text(MARGIN + 6.0, y + 24.0, 30.0, true, NAVY, &p.booking_code);
        let status = format!(
            "{} · {}–{} {}",
            long_date(p.date),
            p.slot_start,
            p.slot_end,
            p.time_zone.label()
        );
        for (i, line) in wrap(&status, 10.5, true, qr_x - MARGIN - 12.0)
            .iter()
            .enumerate()
        {
            c.text(
                MARGIN + 6.0,
                y + 34.0 + i as f32 * 5.0,
                10.5,
                true,
                INK,
                line,
            );
        }
        c.text(
            MARGIN + 6.0,
            y + 42.0,
            8.0,
            false,
            MUTED,
            "Simpan atau cetak bukti ini.",
        );
        // The QR on white, modules as squares.
        c.rect(qr_x, y + 3.0, qr_size, qr_size, WHITE);
        let module = qr_size / qr.len() as f32;
        for (row, line) in qr.iter().enumerate() {
            for (col, on) in line.iter().enumerate() {
                if *on {
                    c.rect(
                        qr_x + col as f32 * module,
                        y + 3.0 + row as f32 * module,
                        module + 0.02,
                        module + 0.02,
                        (0.0, 0.0, 0.0),
                    );
                }
            }
        }
        y += qr_size + 14.0;
    }

    // Where and when.
    let rows = [
        ("Kantor Imigrasi", p.office_name.clone()),
        ("Alamat", p.office_address.clone()),
        ("Tanggal", long_date(p.date)),
        (
            "Sesi",
            format!("{}–{} {}", p.slot_start, p.slot_end, p.time_zone.label()),
        ),
        (
            "Batas pembatalan",
            moment(
                p.cancel_deadline
                    .saturating_sub(jiff::SignedDuration::from_secs(60))
                    .unwrap_or(p.cancel_deadline),
                p.time_zone,
            ),
        ),
    ];
    {
        let c = pages.last_mut().expect("a page");
        c.text(MARGIN, y, 11.0, true, NAVY, "JADWAL KEDATANGAN");
        y += 3.0;
        c.hline(MARGIN, y, content_w);
        y += 6.5;
        for (label, value) in rows {
            c.text(MARGIN, y, 9.0, false, MUTED, label);
            let lines = wrap(&value, 10.0, true, content_w - 45.0);
            for (i, line) in lines.iter().enumerate() {
                c.text(MARGIN + 45.0, y + i as f32 * 5.0, 10.0, true, INK, line);
            }
            y += 5.0 * lines.len().max(1) as f32 + 2.5;
        }
        y += 4.0;
    }

    // Applicants: a table, continued on a new page if needed.
    let cols = [
        (MARGIN, "No"),
        (MARGIN + 10.0, "Nama"),
        (MARGIN + 74.0, "NIK"),
        (MARGIN + 114.0, "Permohonan"),
        (MARGIN + 150.0, "Hubungan"),
    ];
    let table_head = |c: &mut Canvas, y: f32| {
        c.rect(MARGIN, y - 5.0, content_w, 8.0, NAVY);
        for (x, title) in cols {
            c.text(x + 2.0, y, 8.5, true, WHITE, title);
        }
    };
    if y + 12.0 + 10.0 * n as f32 > BOTTOM {
        new_page(&mut pages);
        y = 46.0;
    }
    {
        let c = pages.last_mut().expect("a page");
        c.text(MARGIN, y, 11.0, true, NAVY, &format!("PEMOHON ({n})"));
        y += 9.0;
        table_head(c, y);
        y += 9.0;
    }
    for (i, a) in p.applicants.iter().enumerate() {
        if y + 4.0 > BOTTOM {
            new_page(&mut pages);
            y = 52.0;
            table_head(pages.last_mut().expect("a page"), y);
            y += 9.0;
        }
        let c = pages.last_mut().expect("a page");
        if i % 2 == 1 {
            c.rect(MARGIN, y - 5.25, content_w, 8.5, PALE);
        }
        c.text(cols[0].0 + 2.0, y, 9.5, false, INK, &format!("{}", i + 1));
        c.text(
            cols[1].0 + 2.0,
            y,
            9.5,
            true,
            INK,
            &fit(a.name.as_str(), 9.5, true, 61.0),
        );
        c.text(cols[2].0 + 2.0, y, 9.5, false, INK, &a.nik.masked());
        c.text(
            cols[3].0 + 2.0,
            y,
            9.0,
            false,
            INK,
            type_label(a.application_type),
        );
        c.text(
            cols[4].0 + 2.0,
            y,
            9.0,
            false,
            INK,
            relation_label(a.relation),
        );
        y += 8.5;
    }
    y += 5.0;

    // What to bring.
    let req_lines: Vec<Vec<String>> = p
        .requirements
        .iter()
        .map(|r| wrap(r, 9.5, false, content_w - 8.0))
        .collect();
    let note = "Pembatalan hanya dapat dilakukan melalui aplikasi sampai batas pembatalan di atas. Tempat yang dibatalkan kembali ke kuota.";
    let note_lines = wrap(note, 8.5, false, content_w);
    // Down to the last note line's baseline, plus its descent.
    let needed = 9.5
        + req_lines
            .iter()
            .map(|l| l.len() as f32 * 5.0 + 1.5)
            .sum::<f32>()
        + 3.0
        + (note_lines.len().max(1) - 1) as f32 * 4.5
        + 2.0;
    if y + needed > BOTTOM {
        new_page(&mut pages);
        y = 46.0;
    }
    {
        let c = pages.last_mut().expect("a page");
        c.text(MARGIN, y, 11.0, true, NAVY, "PERSYARATAN YANG DIBAWA");
        y += 3.0;
        c.hline(MARGIN, y, content_w);
        y += 6.5;
        for lines in &req_lines {
            c.rect(MARGIN + 1.0, y - 2.6, 1.8, 1.8, GOLD);
            for (i, line) in lines.iter().enumerate() {
                c.text(MARGIN + 6.0, y + i as f32 * 5.0, 9.5, false, INK, line);
            }
            y += lines.len() as f32 * 5.0 + 1.5;
        }
        y += 3.0;
        for (i, line) in note_lines.iter().enumerate() {
            c.text(MARGIN, y + i as f32 * 4.5, 8.5, false, MUTED, line);
        }
    }

    let count = pages.len();
    let pdf_pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            let mut ops = Vec::new();
            std::mem::swap(&mut ops, &mut c.ops);
            header(&mut c, i + 1, count);
            footer(&mut c, p);
            c.ops.extend(ops);
            PdfPage::new(Mm(W), Mm(H), c.ops)
        })
        .collect();
    Ok(doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_cuts_giant_words() {
        let lines = wrap(
            "Jl. Warung Buncit Raya No. 207, Mampang Prapatan, Jakarta Selatan",
            10.0,
            false,
            60.0,
        );
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| width_mm(l, 10.0, false) <= 60.0));
        let giant = wrap(&"W".repeat(500), 10.0, true, 40.0);
        assert_eq!(giant.len(), 1);
        assert!(giant[0].ends_with('…'));
        assert!(wrap("", 10.0, false, 40.0).is_empty());
    }

    #[test]
    fn dates_and_moments_are_indonesian_in_the_office_zone() {
        assert_eq!(
            long_date(jiff::civil::date(2026, 12, 2)),
            "Rabu, 2 Desember 2026"
        );
        let t: Timestamp = "2026-11-29T16:59:00Z".parse().unwrap();
        assert_eq!(
            moment(t, OfficeTimeZone::Wib),
            "Minggu, 29 November 2026 pukul 23.59 WIB"
        );
        assert_eq!(
            moment(t, OfficeTimeZone::Wit),
            "Senin, 30 November 2026 pukul 01.59 WIT"
        );
    }

    #[test]
    fn file_names_are_stable_and_safe() {
        assert_eq!(file_name("K7QM-3XWP"), "bukti-antrian-K7QM-3XWP.pdf");
        assert_eq!(file_name("../../etc/x"), "bukti-antrian-etcx.pdf");
    }

    #[test]
    fn zero_or_six_applicants_are_refused() {
        let mut p = ProofInput::example();
        p.applicants.clear();
        assert!(matches!(render(&p), Err(ProofError::ApplicantCount(0))));
        let mut p = ProofInput::example();
        p.applicants.push(p.applicants[0].clone());
        assert_eq!(render(&p).unwrap_err().code(), "applicant_count");
    }
}
