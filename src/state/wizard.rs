//! The booking wizard (SPEC §7–9) as plain data and functions: which step
//! comes next, what each step still lacks, and the draft that survives an app
//! restart. Components only render it and call these methods.

use jiff::civil::Date;
use paspor_domain::api::OldPassport;
use paspor_domain::rules::MAX_APPLICANTS;
use paspor_domain::{
    ApplicationType, FreeText, KkNumber, Nik, PassportNumber, PersonName, Relation, Sex,
};
use serde::{Deserialize, Serialize};

use crate::state::forms::{FieldErrors, parse_date};
use crate::state::i18n::Msg;
use crate::state::session::msg_for_code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Step {
    #[default]
    Office,
    Schedule,
    Applicants,
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Office, Step::Schedule, Step::Applicants, Step::Review];

    pub fn title(self) -> Msg {
        match self {
            Step::Office => Msg::StepOffice,
            Step::Schedule => Msg::StepSchedule,
            Step::Applicants => Msg::StepApplicants,
            Step::Review => Msg::StepReview,
        }
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// The office chosen, with what the later steps show without asking again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenOffice {
    pub id: i64,
    pub name: String,
    pub time_zone: paspor_domain::OfficeTimeZone,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenSlot {
    pub id: i64,
    pub label: String,
    pub places_left: u32,
}

/// The old passport of a renewal applicant, as read from its MRZ or typed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OldPassportDraft {
    pub number: String,
    pub expiry: String,
}

/// One applicant's form as typed so far: strings, because a half-typed NIK
/// must survive a restart too. `Applicant::parse` turns it into checked values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ApplicantDraft {
    pub name: String,
    pub nik: String,
    pub kk: String,
    pub birth_place: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
    pub relation: Option<Relation>,
    pub application_type: Option<ApplicationType>,
    pub old_passport: OldPassportDraft,
    /// The old passport's number and expiry are a valid MRZ read (every
    /// check digit passed, R-MRZ-1) that the user has not changed.
    #[serde(default)]
    pub old_passport_from_mrz: bool,
    /// Set by SIMPAN once the form parsed.
    pub saved: bool,
}

/// An applicant whose every field parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Applicant {
    pub name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: FreeText,
    pub birth_date: Date,
    pub sex: Sex,
    pub relation: Option<Relation>,
    pub application_type: ApplicationType,
    /// A renewal's old passport, with whether it is still exactly a valid MRZ
    /// read: the server is told, so it knows the data were not typed (R-Q-6).
    pub old_passport: Option<OldPassport>,
}

impl ApplicantDraft {
    /// Checks every field (R-REG-1 style: all errors at once, per field).
    /// `is_owner` drops the relation requirement (R-Q-7).
    pub fn parse(&self, is_owner: bool) -> Result<Applicant, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = PersonName::parse(&self.name)
            .map_err(|_| errors.push(("name", Msg::ErrName)))
            .ok();
        let nik = Nik::parse(&self.nik)
            .map_err(|_| errors.push(("nik", Msg::ErrNik)))
            .ok();
        let kk = KkNumber::parse(&self.kk)
            .map_err(|_| errors.push(("kk", Msg::ErrKk)))
            .ok();
        let birth_place = FreeText::parse(&self.birth_place)
            .map_err(|e| errors.push(("birth_place", msg_for_code(&e.code()))))
            .ok();
        let birth_date = parse_date(&self.birth_date);
        if birth_date.is_none() {
            errors.push(("birth_date", Msg::ErrDate));
        }
        if self.sex.is_none() {
            errors.push(("sex", Msg::Required));
        }
        if !is_owner && self.relation.is_none() {
            errors.push(("relation", Msg::Required));
        }
        if self.application_type.is_none() {
            errors.push(("application_type", Msg::Required));
        }
        let old_passport = if self.application_type == Some(ApplicationType::Renewal) {
            let number = PassportNumber::parse(&self.old_passport.number)
                .map_err(|_| errors.push(("old_passport_number", Msg::ErrPassportNumber)))
                .ok();
            let expiry = parse_date(&self.old_passport.expiry);
            if expiry.is_none() {
                errors.push(("old_passport_expiry", Msg::ErrDate));
            }
            number.zip(expiry).map(|(number, expiry_date)| OldPassport {
                number,
                expiry_date,
                mrz_verified: self.old_passport_from_mrz,
            })
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Applicant {
            name: name.expect("checked"),
            nik: nik.expect("checked"),
            kk: kk.expect("checked"),
            birth_place: birth_place.expect("checked"),
            birth_date: birth_date.expect("checked"),
            sex: self.sex.expect("checked"),
            relation: if is_owner { None } else { self.relation },
            application_type: self.application_type.expect("checked"),
            old_passport,
        })
    }
}

/// Everything the wizard has gathered. Saved to the app data folder after
/// every change, so a crash or restart never loses a half-filled booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingDraft {
    pub step: Step,
    pub office: Option<ChosenOffice>,
    pub applicant_count: usize,
    pub date: Option<Date>,
    pub slot: Option<ChosenSlot>,
    pub applicants: Vec<ApplicantDraft>,
    /// The Idempotency-Key of the create request, kept so a retry after a
    /// crash between sending and hearing back books once, not twice.
    pub idempotency_key: Option<String>,
}

/// Why the wizard can't go on from a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    NoOffice,
    NoDate,
    NoSlot,
    NotEnoughPlaces,
    ApplicantNotSaved(usize),
}

impl Default for BookingDraft {
    fn default() -> Self {
        BookingDraft {
            step: Step::Office,
            office: None,
            applicant_count: 1,
            date: None,
            slot: None,
            applicants: Vec::new(),
            idempotency_key: None,
        }
    }
}

impl BookingDraft {
    pub fn choose_office(&mut self, office: ChosenOffice) {
        if self.office.as_ref().map(|o| o.id) != Some(office.id) {
            self.date = None;
            self.slot = None;
        }
        self.office = Some(office);
    }

    /// 1..=5 applicants (R-Q-2); forms beyond the count are dropped, new ones
    /// start empty.
    pub fn set_applicant_count(&mut self, n: usize) {
        self.applicant_count = n.clamp(1, MAX_APPLICANTS);
        if self
            .slot
            .as_ref()
            .is_some_and(|s| (s.places_left as usize) < self.applicant_count)
        {
            self.slot = None;
        }
    }

    pub fn choose_date(&mut self, date: Date) {
        if self.date != Some(date) {
            self.slot = None;
        }
        self.date = Some(date);
    }

    pub fn choose_slot(&mut self, slot: ChosenSlot) {
        self.slot = Some(slot);
    }

    /// Makes sure there is one form per applicant, the first prefilled from
    /// the account owner.
    pub fn prepare_forms(&mut self, owner: impl FnOnce() -> ApplicantDraft) {
        if self.applicants.is_empty() {
            self.applicants.push(owner());
        }
        self.applicants
            .resize_with(self.applicant_count, ApplicantDraft::default);
    }

    pub fn blocker(&self) -> Option<Blocker> {
        match self.step {
            Step::Office => self.office.is_none().then_some(Blocker::NoOffice),
            Step::Schedule => {
                if self.date.is_none() {
                    Some(Blocker::NoDate)
                } else {
                    match &self.slot {
                        None => Some(Blocker::NoSlot),
                        Some(s) if (s.places_left as usize) < self.applicant_count => {
                            Some(Blocker::NotEnoughPlaces)
                        }
                        Some(_) => None,
                    }
                }
            }
            Step::Applicants => (0..self.applicant_count)
                .find(|&i| !self.applicants.get(i).is_some_and(|a| a.saved))
                .map(Blocker::ApplicantNotSaved),
            Step::Review => None,
        }
    }

    pub fn advance(&mut self) -> Result<Step, Blocker> {
        if let Some(b) = self.blocker() {
            return Err(b);
        }
        self.step = match self.step {
            Step::Office => Step::Schedule,
            Step::Schedule => Step::Applicants,
            Step::Applicants | Step::Review => Step::Review,
        };
        Ok(self.step)
    }

    pub fn back(&mut self) {
        self.step = Step::ALL[self.step.index().saturating_sub(1)];
    }

    /// Every applicant parsed, for the create request; the first is the owner.
    pub fn applicants(&self) -> Result<Vec<Applicant>, (usize, FieldErrors)> {
        self.applicants
            .iter()
            .take(self.applicant_count)
            .enumerate()
            .map(|(i, a)| a.parse(i == 0).map_err(|e| (i, e)))
            .collect()
    }

    pub fn load(path: &std::path::Path) -> Option<BookingDraft> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes to a temporary file and renames it over the draft, so a crash
    /// mid-write leaves the previous draft, not half a file.
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(
            &tmp,
            serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(tmp, path)
    }
}

/// The wizard's draft, loaded from the app data folder on first use and
/// written back after every change.
pub fn provide_booking_draft() -> dioxus::prelude::Signal<BookingDraft> {
    use dioxus::prelude::*;
    let path = crate::platform::files::booking_draft_path();
    let draft = use_context_provider({
        let path = path.clone();
        move || Signal::new(BookingDraft::load(&path).unwrap_or_default())
    });
    use_effect(move || {
        let d = draft.read();
        if let Err(e) = d.save(&path) {
            eprintln!("could not save the booking draft: {e}");
        }
    });
    draft
}

pub fn use_booking_draft() -> dioxus::prelude::Signal<BookingDraft> {
    dioxus::prelude::use_context()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use paspor_domain::OfficeTimeZone;

    fn office(id: i64) -> ChosenOffice {
        ChosenOffice {
            id,
            name: format!("Kanim {id}"),
            time_zone: OfficeTimeZone::Wib,
        }
    }
    fn slot(places_left: u32) -> ChosenSlot {
        ChosenSlot {
            id: 7,
            label: "08.00–12.00".into(),
            places_left,
        }
    }
    fn owner() -> ApplicantDraft {
        ApplicantDraft {
            name: "Budi Santoso".into(),
            nik: "3174011505900001".into(),
            kk: "3174010101090001".into(),
            birth_place: "Jakarta".into(),
            birth_date: "1990-05-15".into(),
            sex: Some(Sex::Male),
            application_type: Some(ApplicationType::New),
            ..Default::default()
        }
    }

    #[test]
    fn walks_the_steps_in_order_and_says_what_is_missing() {
        let mut d = BookingDraft::default();
        assert_eq!(d.advance(), Err(Blocker::NoOffice));
        d.choose_office(office(1));
        assert_eq!(d.advance(), Ok(Step::Schedule));
        assert_eq!(d.blocker(), Some(Blocker::NoDate));
        d.choose_date(date(2026, 12, 2));
        assert_eq!(d.blocker(), Some(Blocker::NoSlot));
        d.set_applicant_count(3);
        d.choose_slot(slot(2));
        assert_eq!(d.blocker(), Some(Blocker::NotEnoughPlaces));
        d.choose_slot(slot(3));
        assert_eq!(d.advance(), Ok(Step::Applicants));
        d.prepare_forms(owner);
        assert_eq!(d.applicants.len(), 3);
        assert_eq!(d.applicants[0].name, "Budi Santoso");
        assert_eq!(d.blocker(), Some(Blocker::ApplicantNotSaved(0)));
        for a in &mut d.applicants {
            a.saved = true;
        }
        assert_eq!(d.advance(), Ok(Step::Review));
        d.back();
        assert_eq!(d.step, Step::Applicants);
    }

    #[test]
    fn changing_office_or_date_forgets_what_depended_on_it() {
        let mut d = BookingDraft::default();
        d.choose_office(office(1));
        d.choose_date(date(2026, 12, 2));
        d.choose_slot(slot(5));
        d.choose_office(office(1));
        assert!(d.slot.is_some(), "same office keeps the schedule");
        d.choose_date(date(2026, 12, 3));
        assert!(d.slot.is_none());
        d.choose_slot(slot(5));
        d.choose_office(office(2));
        assert_eq!((d.date, d.slot.as_ref()), (None, None));
    }

    #[test]
    fn applicant_count_is_one_to_five() {
        let mut d = BookingDraft::default();
        d.set_applicant_count(0);
        assert_eq!(d.applicant_count, 1);
        d.set_applicant_count(9);
        assert_eq!(d.applicant_count, MAX_APPLICANTS);
        d.choose_slot(slot(4));
        d.set_applicant_count(5);
        assert!(d.slot.is_none(), "a slot with too few places is dropped");
    }

    #[test]
    fn fewer_applicants_drop_the_extra_forms_but_keep_the_owner() {
        let mut d = BookingDraft::default();
        d.set_applicant_count(3);
        d.prepare_forms(owner);
        d.applicants[2].name = "Siti".into();
        d.set_applicant_count(2);
        d.prepare_forms(|| unreachable!("owner form exists"));
        assert_eq!(d.applicants.len(), 2);
        assert_eq!(d.applicants[0].name, "Budi Santoso");
    }

    #[test]
    fn an_applicant_form_reports_every_bad_field() {
        let errors = ApplicantDraft::default().parse(false).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "nik",
                "kk",
                "birth_place",
                "birth_date",
                "sex",
                "relation",
                "application_type"
            ]
        );
        assert!(owner().parse(true).is_ok());
        let e = owner().parse(false).unwrap_err();
        assert_eq!(e, vec![("relation", Msg::Required)]);
    }

    #[test]
    fn a_renewal_needs_the_old_passport() {
        let mut a = owner();
        a.application_type = Some(ApplicationType::Renewal);
        let fields: Vec<_> = a.parse(true).unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["old_passport_number", "old_passport_expiry"]);
        a.old_passport = OldPassportDraft {
            number: "x1234567".into(),
            expiry: "2027-01-31".into(),
        };
        let parsed = a.parse(true).unwrap().old_passport.unwrap();
        assert_eq!(parsed.number.as_str(), "X1234567");
        assert!(!parsed.mrz_verified, "typed by hand");
        a.old_passport_from_mrz = true;
        let parsed = a.parse(true).unwrap().old_passport.unwrap();
        assert!(parsed.mrz_verified, "the MRZ read, carried to the request");
    }

    #[test]
    fn the_draft_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts/booking.json");
        let mut d = BookingDraft::default();
        d.choose_office(office(3));
        d.set_applicant_count(2);
        d.prepare_forms(owner);
        d.applicants[1].nik = "31740".into(); // half typed
        d.idempotency_key = Some("k-1".into());
        d.save(&path).unwrap();
        assert_eq!(BookingDraft::load(&path), Some(d));
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(
            BookingDraft::load(&path),
            None,
            "a corrupt draft is ignored, not a crash"
        );
    }
}
