//! Camera frame → MRZ, in six steps, each in its own module:
//!
//! 1. [`binarize`]: adaptive threshold against the local mean (light and
//!    glare vary across a frame).
//! 2. [`components`]: connected blobs of ink, labelled run by run.
//! 3. [`locate`], in six stages: the blobs shaped like glyphs, the text
//!    angle from neighbouring glyphs, chains along it at a regular pitch, the
//!    regular lines of the MRZ font, the block of 2 or 3 equal rows that
//!    form the MRZ, and its grid of 30, 36 or 44 cells per row.
//! 4. [`sample`]: each cell resampled upright into a 16×20 patch, normalised.
//! 5. [`classify`]: a small neural network trained on the OCR-B font gives
//!    every patch a probability per MRZ character, read both ways up; the
//!    orientation that reads more confidently wins (upside-down documents).
//! 6. [`decode`]: the field layout picks among look-alikes (`0`/`O`, `1`/`I`,
//!    `5`/`S`, `8`/`B`, `2`/`Z`), failing check digits are repaired from the
//!    classifier's second choices, and a read is valid only when every check
//!    digit passes and every unprotected character is certain.
//!
//! The tuning numbers of the threshold, the locating stages, decoding and the
//! reader itself are fields of params structs, each with its `Default` and a
//! line saying what it does: `ReadParams` holds the reader's own and those of
//! the steps (`BinarizeParams`, `LocateParams`, `DecodeParams`).

mod binarize;
pub mod classify;
mod components;
pub(crate) mod decode;
mod locate;
mod sample;

use crate::charset::CLASSES;
use crate::format::Format;
use crate::parse::Mrz;
use classify::Model;
#[doc(hidden)]
pub use sample::rotated;
pub use sample::{PATCH, PATCH_H, PATCH_W};

/// A borrowed 8-bit grey frame, rows `stride` bytes apart. Camera frames are
/// read in place: a phone's Y plane is already this.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    width: usize,
    height: usize,
    stride: usize,
    pixels: &'a [u8],
}

impl<'a> Frame<'a> {
    /// A frame of `width` × `height` grey pixels, rows `stride` bytes apart;
    /// `None` when `pixels` is too short for that.
    pub fn new(width: usize, height: usize, stride: usize, pixels: &'a [u8]) -> Option<Self> {
        let needed = if height == 0 {
            0
        } else {
            (height - 1) * stride + width
        };
        (stride >= width && pixels.len() >= needed).then_some(Frame {
            width,
            height,
            stride,
            pixels,
        })
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// Row `y`.
    pub fn row(&self, y: usize) -> &'a [u8] {
        &self.pixels[y * self.stride..y * self.stride + self.width]
    }
}

/// What the reader advises when a frame gave no good read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hint {
    /// Text was seen but too small to read.
    MoveCloser,
    /// The frame is too dark or has too little contrast.
    MoreLight,
    /// An MRZ was found but not read confidently (blur, motion).
    HoldSteady,
}

/// One frame's read of an MRZ.
#[derive(Debug, Clone)]
pub struct Read {
    pub format: Format,
    /// The best reading of every line, whether or not it checks out.
    pub lines: Vec<String>,
    /// The parsed MRZ, only when every check digit passes and every
    /// character was read with confidence (R-MRZ-1).
    pub mrz: Option<Mrz>,
    /// Per character, per class: the classifier's probabilities, for voting.
    pub(crate) scores: Vec<[f32; crate::charset::CLASSES]>,
}

impl Read {
    /// Every check digit passes and every character was read confidently.
    pub fn valid(&self) -> bool {
        self.mrz.is_some()
    }
}

/// The outcome of one frame: a read, or why there was none.
// A read is a few hundred bytes and is moved once per frame: not worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Outcome {
    Read(Read),
    NotFound(Option<Hint>),
}

/// Reads MRZs from frames. Cheap to clone; the model is shared.
#[derive(Debug, Clone)]
pub struct Reader {
    model: &'static Model,
    params: std::sync::Arc<ReadParams>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

impl Reader {
    pub fn new() -> Reader {
        Reader::with_model(Model::embedded())
    }

    /// A reader with another model (training compares candidates this way).
    #[doc(hidden)]
    pub fn with_model(model: &'static Model) -> Reader {
        Reader {
            model,
            params: Default::default(),
        }
    }

    /// Reads one frame.
    pub fn read(&self, frame: &Frame<'_>) -> Outcome {
        // A small picture (a scan or a thumbnail, not a camera frame) has
        // characters too small to separate: read it at twice the size.
        let small = self.params.small_frame;
        if frame.width() < small && frame.height() < small {
            let (w, h, pixels) = upscale(frame);
            if let Some(big) = Frame::new(w, h, w, &pixels) {
                return self.read_frame(&big);
            }
        }
        self.read_frame(frame)
    }

    fn read_frame(&self, frame: &Frame<'_>) -> Outcome {
        let (grid, mask) = match locate_grid(frame, &self.params) {
            Ok(found) => found,
            Err(hint) => return Outcome::NotFound(hint),
        };
        let classify = |patches: &[[f32; PATCH]], upside_down: bool| -> Vec<[f32; CLASSES]> {
            if upside_down {
                patches
                    .iter()
                    .rev()
                    .map(|p| self.model.probabilities(&sample::rotated(p)))
                    .collect()
            } else {
                patches
                    .iter()
                    .map(|p| self.model.probabilities(p))
                    .collect()
            }
        };
        let patches = sample::extended_patches(frame, &grid, 0.0);
        let (upright, flipped) = (classify(&patches, false), classify(&patches, true));
        let confidence = |probs: &[[f32; CLASSES]]| -> f32 {
            probs
                .iter()
                .map(|p| p.iter().copied().fold(0.0, f32::max).max(1e-9).ln())
                .sum()
        };
        let upside_down = confidence(&flipped) > confidence(&upright);
        let mut scores = if upside_down { flipped } else { upright };
        // Two more looks at each cell, a little to either side, averaged in.
        let shift = self.params.look_shift;
        for shift in [-shift, shift] {
            let more = classify(&sample::extended_patches(frame, &grid, shift), upside_down);
            for (s, p) in scores.iter_mut().zip(&more) {
                for k in 0..CLASSES {
                    s[k] += p[k];
                }
            }
        }
        scores
            .iter_mut()
            .for_each(|s| s.iter_mut().for_each(|v| *v /= 3.0));
        // A row whose end is not followed by blank page may be the start of
        // a longer row cut off by the frame's edge, a finger or glare: a TD3
        // cut after 36 columns passes every TD2 check digit when its
        // optional data is empty. Only alignments whose rows all end before
        // blank page are read; with none, there is no read at all, so that
        // no voter averages one into a valid result either.
        let clear =
            |offsets: &[usize]| ends_clear(&mask, &grid, offsets, upside_down, &self.params);
        match best_alignment(&scores, grid.lines, grid.width, &self.params.decode, clear) {
            Some((d, scores)) => Outcome::Read(Read {
                format: d.format,
                lines: d.lines,
                mrz: d.mrz,
                scores,
            }),
            None => Outcome::NotFound(Some(Hint::HoldSteady)),
        }
    }

    /// The cell patches of the MRZ in a frame, line after line, as the
    /// classifier sees them, assuming the document is upright; for training.
    #[doc(hidden)]
    pub fn training_patches(
        frame: &Frame<'_>,
        jitter: Option<u64>,
    ) -> Option<(usize, usize, Vec<[f32; PATCH]>)> {
        let (grid, _) = locate_grid(frame, &ReadParams::default()).ok()?;
        let patches = match jitter {
            Some(seed) => sample::jittered_patches(frame, &grid, seed),
            None => sample::patches(frame, &grid),
        };
        Some((grid.lines, grid.width, patches))
    }

    /// Reads a decoded image (converted to grey first).
    pub fn read_image(&self, image: &image::DynamicImage) -> Outcome {
        let grey = image.to_luma8();
        let (w, h) = grey.dimensions();
        match Frame::new(w as usize, h as usize, w as usize, grey.as_raw()) {
            Some(f) => self.read(&f),
            None => Outcome::NotFound(None),
        }
    }
}

/// Reads the rows at every offset of −1, 0 or +1 column each (the grid's
/// ends can be off by one where a row's first or last glyph was lost or a
/// stray mark joined it) and keeps the reading whose check digits agree best;
/// ties go to the grid as fitted. `extended` holds `width + 2` cells per row
/// in reading order; only offsets (0, 1 or 2 per row: where in it each row's
/// cells start) that `ends_clear` accepts are read.
fn best_alignment(
    extended: &[[f32; CLASSES]],
    lines: usize,
    width: usize,
    params: &decode::DecodeParams,
    ends_clear: impl Fn(&[usize]) -> bool,
) -> Option<(decode::Decoded, Vec<[f32; CLASSES]>)> {
    let row = width + 2;
    // (valid, −failed checks, −rows moved, likelihood): larger is better.
    type Rank = (bool, i64, i64, f32);
    let mut best: Option<(Rank, decode::Decoded, Vec<[f32; CLASSES]>)> = None;
    for combo in 0..3usize.pow(lines as u32) {
        let offsets: Vec<usize> = (0..lines)
            .map(|l| combo / 3usize.pow(l as u32) % 3)
            .collect();
        if !ends_clear(&offsets) {
            continue;
        }
        let scores: Vec<[f32; CLASSES]> = offsets
            .iter()
            .enumerate()
            .flat_map(|(l, &o)| extended[l * row + o..l * row + o + width].iter().copied())
            .collect();
        let Some(d) = decode::decode(&scores, lines, width, params) else {
            continue;
        };
        let moved = offsets.iter().filter(|&&o| o != 1).count() as i64;
        let key = (
            d.mrz.is_some(),
            -(d.checks_failed as i64),
            -moved,
            d.log_likelihood,
        );
        if best
            .as_ref()
            .is_none_or(|b| key.partial_cmp(&b.0) == Some(std::cmp::Ordering::Greater))
        {
            best = Some((key, d, scores));
        }
    }
    best.map(|(_, d, s)| (d, s))
}

/// Whether the page just past the last column of every row, in reading
/// order, is blank and in the frame: ICAO 9303 keeps a clear margin around
/// the MRZ, so ink there (or the frame's edge) means the row goes on and the
/// layout read is too short. `offsets` are [`best_alignment`]'s.
fn ends_clear(
    mask: &binarize::Mask,
    grid: &locate::Grid,
    offsets: &[usize],
    upside_down: bool,
    params: &ReadParams,
) -> bool {
    offsets.iter().enumerate().all(|(line, &offset)| {
        // The extended row holds columns −1..=width; reversed when the
        // document is upside down (its reading order runs the other way).
        let (geometric_line, col, direction) = if upside_down {
            (grid.lines - 1 - line, -(offset as f32), -1.0)
        } else {
            (line, (offset + grid.width - 1) as f32, 1.0)
        };
        let row = &grid.rows[geometric_line];
        let (cx, cy) = row.at(col);
        let (sx, sy) = row.step(col);
        let pitch = sx.hypot(sy).max(1e-3);
        let (ax, ay) = (direction * sx / pitch, direction * sy / pitch);
        let (nx, ny) = (-ay, ax);
        let h = grid.char_height;
        let (along, across) = (params.clear_along, params.clear_across);
        let steps = params.clear_samples;
        let mut ink = 0usize;
        for i in 0..steps {
            let a = (along.0 + (along.1 - along.0) * i as f32 / (steps - 1) as f32) * pitch;
            for j in 0..steps {
                let b = (-across + 2.0 * across * j as f32 / (steps - 1) as f32) * h;
                let (x, y) = (cx + a * ax + b * nx, cy + a * ay + b * ny);
                if x < 0.0 || y < 0.0 || x >= mask.width as f32 || y >= mask.height as f32 {
                    return false;
                }
                ink += mask.ink[y as usize * mask.width + x as usize] as usize;
            }
        }
        (ink as f32) <= params.clear_max_ink * (steps * steps) as f32
    })
}

/// The reader's own tuning numbers (those of each step are in its module,
/// e.g. [`locate::LocateParams`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadParams {
    /// How far (in pitches) the two extra looks at each cell are moved.
    pub look_shift: f32,
    /// Frames smaller than this (pixels) on both sides are read at twice
    /// their size.
    pub small_frame: usize,
    /// Frames narrower than this (pixels) hold no readable MRZ.
    pub min_width: usize,
    /// Frames lower than this (pixels) hold no readable MRZ.
    pub min_height: usize,
    /// The blank zone required past each row's last column: from and to
    /// (in pitches, from the next column's centre, along the row).
    pub clear_along: (f32, f32),
    /// …and how far to either side of the row (in character heights).
    pub clear_across: f32,
    /// Samples of the zone, along and across (so `n²` in all).
    pub clear_samples: usize,
    /// The most of the zone's samples that may be ink for it to be blank.
    pub clear_max_ink: f32,
    /// The threshold that separates ink from paper.
    pub binarize: binarize::BinarizeParams,
    /// Whether a frame where no MRZ lies within ±30° of upright (or upside
    /// down) is searched again a quarter turn round, for pages lying
    /// sideways (within ±30° of 90° or 270°).
    pub quarter_turns: bool,
    /// The steps that find the MRZ.
    pub locate: locate::LocateParams,
    /// From the classifier's probabilities to text.
    pub decode: decode::DecodeParams,
}

impl Default for ReadParams {
    fn default() -> Self {
        ReadParams {
            look_shift: 0.06,
            small_frame: 800,
            min_width: 64,
            min_height: 32,
            clear_along: (-0.4, 0.4),
            clear_across: 0.5,
            clear_samples: 9,
            clear_max_ink: 0.05,
            quarter_turns: true,
            binarize: binarize::BinarizeParams::default(),
            locate: locate::LocateParams::default(),
            decode: decode::DecodeParams::default(),
        }
    }
}

/// The frame at twice the size, bilinear.
fn upscale(frame: &Frame<'_>) -> (usize, usize, Vec<u8>) {
    let (w, h) = (frame.width() * 2, frame.height() * 2);
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        let sy = ((y as f32 + 0.5) / 2.0 - 0.5).clamp(0.0, (frame.height() - 1) as f32);
        let (y0, fy) = (sy as usize, sy.fract());
        let (r0, r1) = (frame.row(y0), frame.row((y0 + 1).min(frame.height() - 1)));
        for x in 0..w {
            let sx = ((x as f32 + 0.5) / 2.0 - 0.5).clamp(0.0, (frame.width() - 1) as f32);
            let (x0, fx) = (sx as usize, sx.fract());
            let x1 = (x0 + 1).min(frame.width() - 1);
            let top = r0[x0] as f32 * (1.0 - fx) + r0[x1] as f32 * fx;
            let bottom = r1[x0] as f32 * (1.0 - fx) + r1[x1] as f32 * fx;
            out[y * w + x] = (top * (1.0 - fy) + bottom * fy + 0.5) as u8;
        }
    }
    (w, h, out)
}

/// Steps 1–3 (and the ink they saw), with the hint to give when they find
/// nothing.
fn locate_grid(
    frame: &Frame<'_>,
    params: &ReadParams,
) -> Result<(locate::Grid, binarize::Mask), Option<Hint>> {
    if frame.width() < params.min_width || frame.height() < params.min_height {
        return Err(None);
    }
    let mask = binarize::binarize(frame, &params.binarize);
    let comps = components::components(&mask);
    let (w, h) = (frame.width(), frame.height());
    let located = match locate::locate(&comps, w, h, &params.locate) {
        // Not found as it lies: perhaps it lies sideways (a page turned a
        // quarter, either way: the classifier tells which way up it reads).
        // The same components, turned, need no second threshold.
        Err(miss) if params.quarter_turns => {
            let turned = components::quarter_turn(&comps, h);
            match locate::locate(&turned, h, w, &params.locate) {
                Ok(grid) => Ok(grid.turned_back(h)),
                Err(locate::Miss::TooSmall) => Err(locate::Miss::TooSmall),
                Err(locate::Miss::Nothing) => Err(miss),
            }
        }
        other => other,
    };
    match located {
        Ok(grid) => Ok((grid, mask)),
        Err(locate::Miss::TooSmall) => Err(Some(Hint::MoveCloser)),
        Err(locate::Miss::Nothing) => Err(lighting_hint(frame)),
    }
}

/// `MoreLight` when the frame is dark or flat: a sparse sample of its pixels
/// is enough to tell.
fn lighting_hint(frame: &Frame<'_>) -> Option<Hint> {
    let mut values: Vec<u8> = (0..frame.height())
        .step_by(8)
        .flat_map(|y| frame.row(y).iter().step_by(8).copied())
        .collect();
    values.sort_unstable();
    let at = |q: f32| values[((values.len() - 1) as f32 * q) as usize] as i32;
    (at(0.5) < 50 || at(0.95) - at(0.05) < 40).then_some(Hint::MoreLight)
}
