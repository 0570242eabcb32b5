//! Camera frame → MRZ. (Being written: the interface is fixed, the pipeline
//! lands next.)

use crate::format::Format;
use crate::parse::Mrz;

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
#[derive(Debug, Clone)]
pub enum Outcome {
    Read(Read),
    NotFound(Option<Hint>),
}

/// Reads MRZs from frames. Cheap to clone; the model is shared.
#[derive(Debug, Clone, Default)]
pub struct Reader {}

impl Reader {
    pub fn new() -> Reader {
        Reader {}
    }

    /// Reads one frame.
    pub fn read(&self, frame: &Frame<'_>) -> Outcome {
        let _ = frame;
        Outcome::NotFound(None)
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
