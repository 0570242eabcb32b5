//! The passport scan's state, as plain data: who asked for the scan, what a
//! valid MRZ read fills in, and what the scan screen tells the user while it
//! looks. The screen (`views/scan.rs`) only renders this.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use paspor_domain::api::{LaporDiriRequest, PassportData};
use paspor_domain::{CountryCode, FreeText, PassportNumber, Sex, StayPeriod};
use paspor_mrz::{Hint, Mrz, MrzDate, Vote};

use crate::state::forms::{FieldErrors, parse_date};
use crate::state::i18n::Msg;
use crate::state::session::msg_for_code;

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
/// forms' terms: text as the fields hold it, dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
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
                .map(|d| d.to_string())
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

/// The lapor diri form as typed so far, kept while the user is away on the
/// scan screen (in memory only: it holds passport data).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaporDraft {
    pub number: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
    pub expiry: String,
    pub country: String,
    pub city: String,
    pub address: String,
    pub stay_from: String,
    pub stay_until: String,
    /// The last valid MRZ read put into the form.
    pub scanned: Option<ScannedPassport>,
    /// Whether the draft was started (prefilled from the account) already.
    pub started: bool,
}

impl LaporDraft {
    pub fn fill(&mut self, p: ScannedPassport) {
        self.number = p.number.clone();
        self.surname = p.surname.clone();
        self.given_names = p.given_names.clone();
        self.nationality = p.nationality.clone();
        self.birth_date = p.birth_date.clone();
        self.sex = p.sex;
        self.expiry = p.expiry.clone();
        self.scanned = Some(p);
    }

    /// Checks every field at once (each error against its field) and builds
    /// the request. The screen calls it again after every edit once a submit
    /// has failed, so an error disappears as soon as its field is right.
    pub fn parse(&self, confirmed: bool) -> Result<LaporDiriRequest, FieldErrors> {
        let mut e = FieldErrors::new();
        let number = PassportNumber::parse(&self.number)
            .map_err(|_| e.push(("number", Msg::ErrPassportNumber)))
            .ok();
        let given_names = FreeText::parse(&self.given_names.to_uppercase())
            .map_err(|err| e.push(("given_names", msg_for_code(&err.code()))))
            .ok();
        let nationality = CountryCode::parse(&self.nationality)
            .map_err(|_| e.push(("nationality", Msg::ErrNationality)))
            .ok();
        let mut date = |field, text: &str| {
            let d = parse_date(text);
            if d.is_none() {
                e.push((field, Msg::ErrDate));
            }
            d
        };
        let birth_date = date("birth_date", &self.birth_date);
        let expiry_date = date("expiry", &self.expiry);
        let stay_from = date("stay_from", &self.stay_from);
        let stay_until = date("stay_until", &self.stay_until);
        let stay = match (stay_from, stay_until) {
            (Some(a), Some(b)) => StayPeriod::new(a, b)
                .map_err(|err| e.push(("stay_until", msg_for_code(&err.code()))))
                .ok(),
            _ => None,
        };
        if self.sex.is_none() {
            e.push(("sex", Msg::Required));
        }
        let mut text = |field, s: &str| {
            FreeText::parse(s)
                .map_err(|err| e.push((field, msg_for_code(&err.code()))))
                .ok()
        };
        let country = text("country", &self.country);
        let city = text("city", &self.city);
        let address = text("address", &self.address);
        if !confirmed {
            e.push(("confirm", Msg::ConfirmData));
        }
        let (
            true,
            Some(number),
            Some(given_names),
            Some(nationality),
            Some(birth_date),
            Some(expiry_date),
            Some(stay),
            Some(sex),
            Some(country),
            Some(city),
            Some(address),
        ) = (
            e.is_empty(),
            number,
            given_names,
            nationality,
            birth_date,
            expiry_date,
            stay,
            self.sex,
            country,
            city,
            address,
        )
        else {
            return Err(e);
        };
        Ok(LaporDiriRequest {
            passport: PassportData {
                number,
                surname: self.surname.trim().to_uppercase(),
                given_names,
                nationality,
                birth_date,
                sex,
                expiry_date,
                // R-LD-1: a valid MRZ read the user left as it was.
                mrz_verified: self.mrz_verified(),
            },
            country,
            city,
            address,
            stay_from: stay.from(),
            stay_until: stay.until(),
        })
    }

    /// A field's text by the name its errors use, to tell whether the user
    /// has changed it since the server refused it.
    pub fn field(&self, name: &str) -> Option<String> {
        Some(match name {
            "number" => self.number.clone(),
            "surname" => self.surname.clone(),
            "given_names" => self.given_names.clone(),
            "nationality" => self.nationality.clone(),
            "birth_date" => self.birth_date.clone(),
            "sex" => format!("{:?}", self.sex),
            "expiry" => self.expiry.clone(),
            "country" => self.country.clone(),
            "city" => self.city.clone(),
            "address" => self.address.clone(),
            "stay_from" => self.stay_from.clone(),
            "stay_until" => self.stay_until.clone(),
            _ => return None,
        })
    }

    /// R-LD-1: the passport data are still exactly what a valid MRZ read
    /// gave (a field corrected by hand makes it a manual entry, which the
    /// user confirms with the checkbox).
    pub fn mrz_verified(&self) -> bool {
        self.scanned.as_ref().is_some_and(|p| {
            (
                &p.number,
                &p.surname,
                &p.given_names,
                &p.nationality,
                &p.birth_date,
                p.sex,
                &p.expiry,
            ) == (
                &self.number,
                &self.surname,
                &self.given_names,
                &self.nationality,
                &self.birth_date,
                self.sex,
                &self.expiry,
            )
        })
    }
}

/// The scan's shared state, one per app.
#[derive(Clone, Copy)]
pub struct Scans {
    /// A confirmed read waiting for the form that asked for it.
    pub inbox: dioxus::prelude::Signal<Option<Delivery>>,
    /// The camera explanation was accepted once: don't ask again this session.
    pub explained: dioxus::prelude::Signal<bool>,
    pub lapor: dioxus::prelude::Signal<LaporDraft>,
}

impl Scans {
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
        lapor: Signal::new(LaporDraft::default()),
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
                birth_date: "1974-08-12".into(),
                sex: Some(Sex::Female),
                expiry: "2012-04-15".into(),
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
    fn lapor_diri_is_mrz_verified_until_a_field_is_corrected() {
        let mrz = paspor_mrz::parse(SPECIMEN).unwrap();
        let mut d = LaporDraft {
            country: "Jepang".into(),
            ..Default::default()
        };
        assert!(!d.mrz_verified(), "typed by hand");
        d.fill(ScannedPassport::from_mrz(&mrz, date(2026, 1, 1)));
        assert!(d.mrz_verified());
        assert_eq!(
            (d.number.as_str(), d.country.as_str()),
            ("L898902C3", "Jepang")
        );
        d.given_names = "ANNA MARIE".into();
        assert!(!d.mrz_verified(), "corrected by hand");
    }

    fn complete() -> LaporDraft {
        LaporDraft {
            number: "C1234567".into(),
            surname: "SANTOSO".into(),
            given_names: "BUDI".into(),
            nationality: "IDN".into(),
            birth_date: "1990-05-15".into(),
            sex: Some(Sex::Male),
            expiry: "2031-01-20".into(),
            country: "Jepang".into(),
            city: "Tokyo".into(),
            address: "2-1-1 Shibuya".into(),
            stay_from: "2026-01-01".into(),
            stay_until: "2027-12-31".into(),
            ..Default::default()
        }
    }

    #[test]
    fn lapor_diri_reports_every_bad_field_and_only_those() {
        let fields = |d: &LaporDraft, confirmed| -> Vec<&str> {
            d.parse(confirmed)
                .err()
                .unwrap_or_default()
                .iter()
                .map(|(f, _)| *f)
                .collect()
        };
        assert_eq!(
            fields(&LaporDraft::default(), false),
            [
                "number",
                "given_names",
                "nationality",
                "birth_date",
                "expiry",
                "stay_from",
                "stay_until",
                "sex",
                "country",
                "city",
                "address",
                "confirm"
            ]
        );
        let mut d = complete();
        let req = d.parse(true).expect("complete");
        assert_eq!(
            (req.passport.number.as_str(), req.passport.mrz_verified),
            ("C1234567", false)
        );
        assert_eq!(fields(&d, false), ["confirm"]);
        // An error goes as soon as its field is right: the form shows what
        // parse says now, not what it said at the last submit.
        d.country.clear();
        d.stay_until = "2025-12-31".into();
        assert_eq!(fields(&d, true), ["stay_until", "country"]);
        d.country = "Jepang".into();
        assert_eq!(fields(&d, true), ["stay_until"]);
    }
}
