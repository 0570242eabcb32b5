//! Combining the reads of consecutive frames. One frame may be blurred, lit
//! by glare or caught mid-movement; the same characters seen in several
//! frames are far more certain. The voter averages each character's
//! probabilities over the recent frames of the same layout, decodes the
//! average as one read, and reports a result only when that read passes every
//! check digit (R-MRZ-1) and has stayed the same for a while.

use crate::charset::CLASSES;
use crate::parse::Mrz;
use crate::reader::{Hint, Outcome, decode};

/// Where a scan stands after a frame.
// `Done` is returned once per scan: not worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Vote {
    /// No MRZ in the recent frames; `frames` in a row without one.
    Searching { frames: u32, hint: Option<Hint> },
    /// An MRZ is being read; `progress` in 0..=1 towards a stable result.
    Reading { progress: f32 },
    /// A stable read whose check digits all pass (R-MRZ-1).
    Done(Mrz),
}

/// How many recent reads are averaged.
const WINDOW: usize = 6;
/// How many reads in a row the voted result must stay valid and unchanged.
const STABLE: u32 = 2;

/// Votes character by character across frames.
#[derive(Debug, Clone, Default)]
pub struct FrameVoter {
    /// Recent reads of the layout being voted on: (lines, width, scores).
    recent: Vec<(usize, usize, Vec<[f32; CLASSES]>)>,
    frames_without: u32,
    last: Option<Mrz>,
    agreeing: u32,
    done: Option<Mrz>,
}

impl FrameVoter {
    pub fn new() -> FrameVoter {
        FrameVoter::default()
    }

    /// Adds one frame's outcome. Once done, the result stays until [`reset`](Self::reset).
    pub fn push(&mut self, outcome: &Outcome) -> Vote {
        if let Some(done) = &self.done {
            return Vote::Done(done.clone());
        }
        let read = match outcome {
            Outcome::NotFound(hint) => {
                self.frames_without += 1;
                // A few frames without the MRZ (a hand moving) keep the votes;
                // a long absence means another document may come.
                if self.frames_without > 2 * WINDOW as u32 {
                    self.recent.clear();
                    self.agreeing = 0;
                    self.last = None;
                }
                return if self.recent.is_empty() {
                    Vote::Searching {
                        frames: self.frames_without,
                        hint: *hint,
                    }
                } else {
                    Vote::Reading {
                        progress: self.progress(),
                    }
                };
            }
            Outcome::Read(read) => read,
        };
        self.frames_without = 0;
        let shape = (read.format.lines(), read.format.width());
        // A read of another shape starts a new vote (another document, or a misread block).
        if self.recent.first().is_some_and(|r| (r.0, r.1) != shape) {
            let same = self.recent.iter().filter(|r| (r.0, r.1) == shape).count();
            if same == 0 {
                self.recent.clear();
                self.agreeing = 0;
                self.last = None;
            }
        }
        self.recent.push((shape.0, shape.1, read.scores.clone()));
        if self.recent.len() > WINDOW {
            self.recent.remove(0);
        }
        let votes: Vec<&Vec<[f32; CLASSES]>> = self
            .recent
            .iter()
            .filter(|r| (r.0, r.1) == shape)
            .map(|r| &r.2)
            .collect();
        let mut mean = vec![[0f32; CLASSES]; votes[0].len()];
        for v in &votes {
            for (m, s) in mean.iter_mut().zip(v.iter()) {
                for k in 0..CLASSES {
                    m[k] += s[k] / votes.len() as f32;
                }
            }
        }
        let voted =
            decode::decode(&mean, shape.0, shape.1, &Default::default()).and_then(|d| d.mrz);
        match voted {
            Some(mrz) if self.last.as_ref() == Some(&mrz) => self.agreeing += 1,
            Some(mrz) => {
                self.last = Some(mrz);
                self.agreeing = 1;
            }
            None => {
                self.last = None;
                self.agreeing = 0;
            }
        }
        if self.agreeing >= STABLE {
            self.done = self.last.clone();
            return Vote::Done(self.last.clone().expect("agreeing on a result"));
        }
        Vote::Reading {
            progress: self.progress(),
        }
    }

    fn progress(&self) -> f32 {
        let seen = self.recent.len().min(STABLE as usize) as f32 / STABLE as f32;
        (0.5 * seen + 0.5 * self.agreeing as f32 / STABLE as f32).min(0.95)
    }

    /// Starts over ("read again").
    pub fn reset(&mut self) {
        *self = FrameVoter::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charset::index;
    use crate::reader::Read;
    use crate::{Format, Hint};

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    /// A read whose classifier put `confidence` on each character of `lines`.
    fn read(lines: &[&str], confidence: f32) -> Outcome {
        let scores: Vec<[f32; CLASSES]> = lines
            .iter()
            .flat_map(|l| l.bytes())
            .map(|c| {
                let mut p = [(1.0 - confidence) / 36.0; CLASSES];
                p[index(c).unwrap()] = confidence;
                p
            })
            .collect();
        let format = Format::detect(lines.len(), lines[0].len(), lines[0].as_bytes()[0]).unwrap();
        let d =
            decode::decode(&scores, format.lines(), format.width(), &Default::default()).unwrap();
        Outcome::Read(Read {
            format,
            lines: d.lines,
            mrz: d.mrz,
            scores,
        })
    }

    #[test]
    fn a_steady_valid_read_is_done_on_the_second_frame() {
        let mut v = FrameVoter::new();
        assert!(matches!(v.push(&read(&TD3, 0.97)), Vote::Reading { .. }));
        match v.push(&read(&TD3, 0.97)) {
            Vote::Done(mrz) => assert_eq!(mrz.document_number, "L898902C3"),
            other => panic!("{other:?}"),
        }
        // Done stays done until reset.
        assert!(matches!(v.push(&Outcome::NotFound(None)), Vote::Done(_)));
        v.reset();
        assert!(matches!(
            v.push(&Outcome::NotFound(None)),
            Vote::Searching { frames: 1, .. }
        ));
    }

    #[test]
    fn a_bad_frame_in_the_middle_does_not_change_the_result() {
        let bad = [
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408172F1204159ZE184226B<<<<<10",
        ];
        let mut v = FrameVoter::new();
        // The bad frame is certain of a wrong birth date, so its own read
        // fails the check digit; averaged with good frames, the check digit
        // repairs the vote to the right date.
        assert!(!matches!(read(&bad, 0.99), Outcome::Read(ref r) if r.valid()));
        let frames = [
            read(&TD3, 0.9),
            read(&bad, 0.99),
            read(&TD3, 0.9),
            read(&TD3, 0.9),
        ];
        let last = frames.iter().map(|f| v.push(f)).last().unwrap();
        match last {
            Vote::Done(mrz) => assert_eq!(mrz.lines, TD3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn uncertain_reads_never_finish() {
        let mut v = FrameVoter::new();
        for _ in 0..10 {
            assert!(matches!(v.push(&read(&TD3, 0.3)), Vote::Reading { .. }));
        }
    }

    #[test]
    fn frames_without_an_mrz_count_up_and_pass_the_hint_on() {
        let mut v = FrameVoter::new();
        for n in 1..=3 {
            assert_eq!(
                v.push(&Outcome::NotFound(Some(Hint::MoreLight))),
                Vote::Searching {
                    frames: n,
                    hint: Some(Hint::MoreLight)
                }
            );
        }
    }
}
