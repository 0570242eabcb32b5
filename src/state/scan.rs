//! The passport scan's state, as plain data: who asked for the scan, what a
//! valid MRZ read fills in, and what the scan screen tells the user while it
//! looks. The screen (`views/scan.rs`) only renders this.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use paspor_domain::Sex;
use paspor_mrz::{Hint, Mrz, MrzDate, Vote};
use serde::Serialize;

use crate::platform::camera::CameraError;
use crate::platform::camera::scanner::ScanEvent;
use crate::state::form::day_first;
use crate::state::i18n::Msg;
use crate::state::lapor::LaporDraft;

/// The form a scan fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanTarget {
    /// The lapor diri form (SPEC §14).
    LaporDiri,
    /// The old passport of the booking wizard's applicant at this index
    /// (SPEC §9, R-Q-6).
    Applicant(usize),
}

/// As it appears in the route: `lapor-diri`, `pemohon-0`, …
impl fmt::Display for ScanTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanTarget::LaporDiri => f.write_str("lapor-diri"),
            ScanTarget::Applicant(i) => write!(f, "pemohon-{i}"),
        }
    }
}

impl FromStr for ScanTarget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "lapor-diri" {
            return Ok(ScanTarget::LaporDiri);
        }
        s.strip_prefix("pemohon-")
            .and_then(|i| i.parse().ok())
            .filter(|i| *i < paspor_domain::rules::MAX_APPLICANTS)
            .map(ScanTarget::Applicant)
            .ok_or_else(|| format!("no scan target {s:?}"))
    }
}

/// What a valid read (every check digit passed, R-MRZ-1) fills in, in the
/// forms' terms: text as the fields hold it, dates day first (`12/08/1974`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScannedPassport {
    pub number: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
    pub expiry: String,
}

impl ScannedPassport {
    /// Centuries are chosen from `today`: a birth is in the past, an expiry
    /// within the next decades. A date the MRZ holds that is no real day
    /// (the check digits cover digits, not calendars) is left empty for the
    /// user to type.
    pub fn from_mrz(mrz: &Mrz, today: Date) -> ScannedPassport {
        let year = i32::from(today.year());
        let date = |d: MrzDate, y: i32| {
            Date::new(y as i16, d.month as i8, d.day as i8)
                .map(day_first)
                .unwrap_or_default()
        };
        ScannedPassport {
            number: mrz.document_number.clone(),
            surname: mrz.surname.clone(),
            given_names: mrz.given_names.clone(),
            nationality: mrz.nationality.clone(),
            birth_date: date(mrz.birth_date, mrz.birth_date.birth_year(year)),
            sex: match mrz.sex {
                paspor_mrz::Sex::Male => Some(Sex::Male),
                paspor_mrz::Sex::Female => Some(Sex::Female),
                paspor_mrz::Sex::Unspecified => None,
            },
            expiry: date(mrz.expiry_date, mrz.expiry_date.expiry_year(year)),
        }
    }
}

/// A confirmed read on its way from the scan screen to the form that asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub target: ScanTarget,
    pub passport: ScannedPassport,
}

/// After this many frames in a row without an MRZ the screen says plainly
/// that none is found and how to show one (at a camera's 10–30 frames a
/// second, a few seconds).
pub const NOT_FOUND_AFTER: u32 = 25;

/// Where a running scan stands, from the voter's last word.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Frames in a row without an MRZ.
    pub frames_without: u32,
    pub hint: Option<Hint>,
    /// `Some` while an MRZ is being read: how far towards a stable result.
    pub reading: Option<f32>,
    /// The source has no more frames (a replay that ended).
    pub ended: bool,
}

impl Progress {
    /// Takes in a vote that is not `Done`.
    pub fn update(&mut self, vote: &Vote) {
        match vote {
            Vote::Searching { frames, hint } => {
                self.frames_without = *frames;
                self.hint = *hint;
                self.reading = None;
            }
            Vote::Reading { progress } => {
                self.frames_without = 0;
                self.hint = None;
                self.reading = Some(progress.clamp(0.0, 1.0));
            }
            Vote::Done(_) => {}
        }
    }

    /// No MRZ for a while (or no more frames): the screen shows the
    /// "not found" help.
    pub fn not_found(&self) -> bool {
        self.reading.is_none() && (self.frames_without >= NOT_FOUND_AFTER || self.ended)
    }

    /// The one line the screen shows under the preview.
    pub fn prompt(&self) -> Msg {
        if self.reading.is_some() {
            return Msg::ScanReading;
        }
        match self.hint {
            Some(Hint::MoveCloser) => Msg::ScanMoveCloser,
            Some(Hint::MoreLight) => Msg::ScanMoreLight,
            Some(Hint::HoldSteady) => Msg::ScanHoldSteady,
            None => Msg::ScanAim,
        }
    }
}

/// The scan screen's phases.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Why the camera is needed, before it is asked for.
    Explain,
    /// Waiting for the camera (and, on a phone, the user's permission).
    Opening,
    Scanning(Progress),
    /// A stable read whose every check digit passed, for the user to check.
    Done(ScannedPassport),
    Denied,
    NoCamera,
    Failed(String),
}

/// What the scan screen does with the camera after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Camera {
    KeepGoing,
    /// A read is done or the camera failed: stop it.
    Stop,
}

/// TRY AGAIN on the "not found" help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// A replay that ran out of frames starts from the beginning.
    Restart,
    /// A live camera keeps running; only the count starts again.
    Reset,
}

impl Phase {
    /// The next phase after an event of the running scan (previews are the
    /// screen's, not a phase).
    pub fn apply(&mut self, event: ScanEvent, today: Date) -> Camera {
        match event {
            ScanEvent::Opened => *self = Phase::Scanning(Progress::default()),
            ScanEvent::Preview(_) => {}
            ScanEvent::Vote(Vote::Done(mrz)) => {
                *self = Phase::Done(ScannedPassport::from_mrz(&mrz, today));
                return Camera::Stop;
            }
            ScanEvent::Vote(vote) => {
                if let Phase::Scanning(p) = self {
                    p.update(&vote);
                }
            }
            ScanEvent::Ended => {
                if let Phase::Scanning(p) = self {
                    p.ended = true;
                }
            }
            ScanEvent::Failed(e) => {
                *self = match e {
                    CameraError::Denied => Phase::Denied,
                    CameraError::NoCamera => Phase::NoCamera,
                    CameraError::Failed(m) => Phase::Failed(m),
                };
                return Camera::Stop;
            }
        }
        Camera::KeepGoing
    }

    pub fn retry(&mut self) -> Retry {
        match self {
            Phase::Scanning(p) if !p.ended => {
                *p = Progress::default();
                Retry::Reset
            }
            _ => Retry::Restart,
        }
    }
}

/// The scan's shared state, one per app.
#[derive(Clone, Copy)]
pub struct Scans {
    /// A confirmed read waiting for the form that asked for it.
    pub inbox: dioxus::prelude::Signal<Option<Delivery>>,
    /// The camera explanation was accepted once: don't ask again this session.
    pub explained: dioxus::prelude::Signal<bool>,
    pub lapor: dioxus::prelude::Store<LaporDraft>,
}

impl Scans {
    /// Whom the waiting read is for.
    pub fn waiting(self) -> Option<ScanTarget> {
        use dioxus::prelude::*;
        self.inbox.peek().as_ref().map(|d| d.target)
    }

    /// Takes the waiting read if it is for `target`.
    pub fn take_for(mut self, target: ScanTarget) -> Option<ScannedPassport> {
        use dioxus::prelude::*;
        let mine = self
            .inbox
            .peek()
            .as_ref()
            .is_some_and(|d| d.target == target);
        mine.then(|| self.inbox.take().map(|d| d.passport))
            .flatten()
    }
}

pub fn provide_scans() -> Scans {
    use dioxus::prelude::*;
    use_context_provider(|| Scans {
        inbox: Signal::new(None),
        explained: Signal::new(false),
        lapor: Store::new(LaporDraft::default()),
    })
}

pub fn use_scans() -> Scans {
    dioxus::prelude::use_context()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// ICAO 9303-4's specimen, with an Indonesian holder's mononym variant.
    const SPECIMEN: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";

    #[test]
    fn targets_round_trip_through_the_route() {
        for t in [
            ScanTarget::LaporDiri,
            ScanTarget::Applicant(0),
            ScanTarget::Applicant(4),
        ] {
            assert_eq!(t.to_string().parse::<ScanTarget>(), Ok(t));
        }
        for bad in ["", "pemohon-", "pemohon-5", "pemohon-x", "lapor"] {
            assert!(bad.parse::<ScanTarget>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_read_fills_the_forms_terms() {
        let mrz = paspor_mrz::parse(SPECIMEN).expect("the ICAO specimen parses");
        let p = ScannedPassport::from_mrz(&mrz, date(2026, 11, 24));
        assert_eq!(
            p,
            ScannedPassport {
                number: "L898902C3".into(),
                surname: "ERIKSSON".into(),
                given_names: "ANNA MARIA".into(),
                nationality: "UTO".into(),
                birth_date: "12/08/1974".into(),
                sex: Some(Sex::Female),
                expiry: "15/04/2012".into(),
            }
        );
    }

    #[test]
    fn a_date_that_is_no_day_is_left_for_the_user() {
        let mut mrz = paspor_mrz::parse(SPECIMEN).unwrap();
        mrz.birth_date = MrzDate {
            yy: 90,
            month: 2,
            day: 30,
        };
        mrz.sex = paspor_mrz::Sex::Unspecified;
        let p = ScannedPassport::from_mrz(&mrz, date(2026, 1, 1));
        assert_eq!((p.birth_date.as_str(), p.sex), ("", None));
    }

    #[test]
    fn prompts_follow_the_voter() {
        let mut p = Progress::default();
        assert_eq!(p.prompt(), Msg::ScanAim);
        for (hint, msg) in [
            (Hint::MoveCloser, Msg::ScanMoveCloser),
            (Hint::MoreLight, Msg::ScanMoreLight),
            (Hint::HoldSteady, Msg::ScanHoldSteady),
        ] {
            p.update(&Vote::Searching {
                frames: 3,
                hint: Some(hint),
            });
            assert_eq!(p.prompt(), msg);
            assert!(!p.not_found());
        }
        p.update(&Vote::Searching {
            frames: NOT_FOUND_AFTER,
            hint: None,
        });
        assert!(p.not_found(), "a while without an MRZ");
        p.update(&Vote::Reading { progress: 1.7 });
        assert_eq!(
            (p.prompt(), p.reading, p.not_found()),
            (Msg::ScanReading, Some(1.0), false)
        );
        p.update(&Vote::Searching {
            frames: 1,
            hint: None,
        });
        assert!(!p.not_found() && p.reading.is_none());
        p.ended = true;
        assert!(p.not_found(), "a replay that ran out without a read");
    }

    #[test]
    fn the_scan_goes_from_opening_to_a_read_and_stops_the_camera() {
        let mut phase = Phase::Opening;
        assert_eq!(
            phase.apply(ScanEvent::Opened, date(2026, 1, 1)),
            Camera::KeepGoing
        );
        assert_eq!(phase, Phase::Scanning(Progress::default()));
        phase.apply(ScanEvent::Preview("data:".into()), date(2026, 1, 1));
        phase.apply(
            ScanEvent::Vote(Vote::Reading { progress: 0.5 }),
            date(2026, 1, 1),
        );
        assert!(matches!(
            phase,
            Phase::Scanning(Progress {
                reading: Some(_),
                ..
            })
        ));
        let mrz = paspor_mrz::parse(SPECIMEN).unwrap();
        assert_eq!(
            phase.apply(ScanEvent::Vote(Vote::Done(mrz)), date(2026, 1, 1)),
            Camera::Stop
        );
        assert!(matches!(&phase, Phase::Done(p) if p.number == "L898902C3"));
    }

    #[test]
    fn a_camera_that_fails_says_how_and_retry_depends_on_the_source() {
        for (error, want) in [
            (CameraError::Denied, Phase::Denied),
            (CameraError::NoCamera, Phase::NoCamera),
            (
                CameraError::Failed("busy".into()),
                Phase::Failed("busy".into()),
            ),
        ] {
            let mut phase = Phase::Scanning(Progress::default());
            assert_eq!(
                phase.apply(ScanEvent::Failed(error), date(2026, 1, 1)),
                Camera::Stop
            );
            assert_eq!(phase, want);
        }
        let mut live = Phase::Scanning(Progress {
            frames_without: NOT_FOUND_AFTER,
            ..Default::default()
        });
        assert_eq!(live.retry(), Retry::Reset);
        assert_eq!(
            live,
            Phase::Scanning(Progress::default()),
            "the count starts again"
        );
        let mut replay = Phase::Scanning(Progress::default());
        replay.apply(ScanEvent::Ended, date(2026, 1, 1));
        assert_eq!(replay.retry(), Retry::Restart);
    }
}
