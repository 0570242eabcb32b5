//! Combining the reads of consecutive frames. (Being written: interface fixed.)

use crate::parse::Mrz;
use crate::reader::{Hint, Outcome};

/// Where a scan stands after a frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Vote {
    /// No MRZ in the recent frames; `frames` in a row without one.
    Searching { frames: u32, hint: Option<Hint> },
    /// An MRZ is being read; `progress` in 0..=1 towards a stable result.
    Reading { progress: f32 },
    /// A stable read whose check digits all pass (R-MRZ-1).
    Done(Mrz),
}

/// Votes character by character across frames and reports a result only when
/// it passes every check digit and stays the same.
#[derive(Debug, Clone, Default)]
pub struct FrameVoter {
    frames_without: u32,
}

impl FrameVoter {
    pub fn new() -> FrameVoter {
        FrameVoter::default()
    }

    /// Adds one frame's outcome.
    pub fn push(&mut self, outcome: &Outcome) -> Vote {
        match outcome {
            Outcome::NotFound(hint) => {
                self.frames_without += 1;
                Vote::Searching {
                    frames: self.frames_without,
                    hint: *hint,
                }
            }
            Outcome::Read(_) => {
                self.frames_without = 0;
                Vote::Reading { progress: 0.0 }
            }
        }
    }

    /// Starts over ("read again").
    pub fn reset(&mut self) {
        *self = FrameVoter::default();
    }
}
