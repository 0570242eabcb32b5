//! Scoring the reader on a set of frames with known truth: how many were read
//! exactly (valid and equal to the truth), how many were read as valid but
//! wrong (false accepts: must be none), how many had no valid read, and how
//! many frames without an MRZ were said to have one.

use paspor_mrz::{Frame, Outcome, Reader};

use crate::rng::Rng;
use crate::scene::{self, Difficulty, Shot};

/// A frame and, when it shows one, the MRZ it shows.
pub struct Case {
    pub name: String,
    pub image: image::GrayImage,
    pub truth: Option<Vec<String>>,
}

/// `count` generated 1280×720 frames of `difficulty` (seeds from `first_seed`),
/// the layouts in turn; `with_mrz = false` gives pages without one.
pub fn generated(difficulty: Difficulty, with_mrz: bool, count: u64, first_seed: u64) -> Vec<Case> {
    (first_seed..first_seed + count)
        .map(|seed| {
            let mut rng = Rng::new(seed);
            let format = paspor_mrz::Format::ALL[(seed % 5) as usize];
            let truth = with_mrz.then(|| crate::document::random_mrz(format, &mut rng));
            let shot = Shot {
                width: 1280,
                height: 720,
                difficulty,
                mrz: truth.clone().map(|t| (format, t)),
                seed,
            };
            let image = image::DynamicImage::ImageRgb8(scene::render(&shot)).to_luma8();
            Case {
                name: format!("{difficulty:?}-{seed}"),
                image,
                truth,
            }
        })
        .collect()
}

/// The same cases turned clockwise by `degrees` (0, 90, 180 or 270): the
/// page lying another way under the camera. Names say the turn.
pub fn turned(cases: Vec<Case>, degrees: u32) -> Vec<Case> {
    cases
        .into_iter()
        .map(|c| Case {
            name: match degrees % 360 {
                0 => c.name,
                _ => format!("{}@{degrees}", c.name),
            },
            image: match degrees % 360 {
                90 => image::imageops::rotate90(&c.image),
                180 => image::imageops::rotate180(&c.image),
                270 => image::imageops::rotate270(&c.image),
                _ => c.image,
            },
            truth: c.truth,
        })
        .collect()
}

/// One frame's result.
#[derive(Debug, Clone)]
pub struct Result {
    pub name: String,
    pub truth: Option<Vec<String>>,
    pub lines: Option<Vec<String>>,
    pub valid: bool,
}

impl Result {
    pub fn exact(&self) -> bool {
        self.valid && self.truth.is_some() && self.truth == self.lines
    }
    pub fn false_accept(&self) -> bool {
        self.valid && self.truth != self.lines
    }
}

pub fn run(reader: &Reader, case: &Case) -> Result {
    let (w, h) = case.image.dimensions();
    let frame =
        Frame::new(w as usize, h as usize, w as usize, case.image.as_raw()).expect("a whole image");
    let (lines, valid) = match reader.read(&frame) {
        Outcome::Read(r) => (Some(r.lines.clone()), r.valid()),
        Outcome::NotFound(_) => (None, false),
    };
    Result {
        name: case.name.clone(),
        truth: case.truth.clone(),
        lines,
        valid,
    }
}

/// Totals over a set.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub frames: usize,
    pub exact: usize,
    pub false_accepts: usize,
    /// Frames without an MRZ where one was reported (valid or not).
    pub phantom: usize,
    pub with_mrz: usize,
}

impl Score {
    pub fn of(results: &[Result]) -> Score {
        let mut s = Score {
            frames: results.len(),
            ..Score::default()
        };
        for r in results {
            s.exact += r.exact() as usize;
            s.false_accepts += r.false_accept() as usize;
            s.with_mrz += r.truth.is_some() as usize;
            s.phantom += (r.truth.is_none() && r.lines.is_some()) as usize;
        }
        s
    }
    /// Share of frames with an MRZ read exactly.
    pub fn exact_rate(&self) -> f64 {
        self.exact as f64 / self.with_mrz.max(1) as f64
    }
}
