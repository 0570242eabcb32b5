//! The fonts the generator draws with, read from the system (Debian's
//! `fonts-ocr-b` and `fonts-dejavu-core`, which `scripts/setup` installs):
//! nothing font-shaped is committed to the repository.

use ab_glyph::{Font, FontArc, PxScale};
use anyhow::Context;

const OCR_B: &[&str] = &[
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
];
const SANS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

/// OCR-B for the MRZ and a sans-serif for everything else on a page.
#[derive(Clone)]
pub struct Fonts {
    pub ocr_b: FontArc,
    pub sans: FontArc,
    /// OCR-B's cap height as a fraction of the pixel scale, so a page can ask
    /// for characters of a given height in millimetres.
    pub ocr_b_cap: f32,
}

fn load(paths: &[&str], package: &str) -> anyhow::Result<FontArc> {
    let path = paths
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .with_context(|| {
            format!(
                "no font at {paths:?}: install the Debian package {package} (scripts/setup does)"
            )
        })?;
    let bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
    FontArc::try_from_vec(bytes).with_context(|| format!("{path} is not a font ab_glyph can read"))
}

impl Fonts {
    pub fn load() -> anyhow::Result<Fonts> {
        let ocr_b = load(OCR_B, "fonts-ocr-b")?;
        let sans = load(SANS, "fonts-dejavu-core")?;
        let scale = PxScale::from(100.0);
        let h = ocr_b.glyph_id('H').with_scale(scale);
        let bounds = ocr_b
            .outline_glyph(h)
            .context("OCR-B has no 'H'")?
            .px_bounds();
        let ocr_b_cap = bounds.height() / 100.0;
        Ok(Fonts {
            ocr_b,
            sans,
            ocr_b_cap,
        })
    }

    /// The fonts, loaded once per process.
    pub fn get() -> &'static Fonts {
        static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
        FONTS.get_or_init(|| Fonts::load().expect("the generator's fonts"))
    }
}
