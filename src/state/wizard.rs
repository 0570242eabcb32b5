//! The booking wizard (SPEC §7–9) as plain data and functions: which step
//! comes next, what each step still lacks, the rules the server will apply
//! to the applicants (previewed, R-Q-2), the create request and its
//! idempotency key, and the draft that survives an app restart. Components
//! only render it and call these methods.

use dioxus::prelude::*;
use jiff::civil::Date;
use paspor_client::Client;
use paspor_domain::api::{ApplicantInput, CreateBookingRequest, Me, OldPassport};
use paspor_domain::rules::{ApplicantFacts, MAX_APPLICANTS, check_applicants};
use paspor_domain::{
    ApplicationType, DomainError, FreeText, KkNumber, Nik, PassportNumber, PersonName, Relation,
    Sex,
};
use serde::{Deserialize, Serialize};

use crate::state::form::{Check, FieldErrors, day_first};
use crate::state::i18n::Msg;
use crate::state::scan::ScannedPassport;
use crate::state::session::{SessionCtx, msg_for_code};

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
#[derive(Store, Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OldPassportDraft {
    pub number: String,
    pub expiry: String,
}

/// One applicant's form as typed so far: strings, because a half-typed NIK
/// must survive a restart too. `parse` turns it into checked values.
#[derive(Store, Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// The old passport as a valid MRZ read gave it (every check digit
    /// passed, R-MRZ-1); while the fields still say this, the server is told
    /// the data were not typed (R-Q-6).
    #[serde(default)]
    pub old_passport_mrz: Option<OldPassportDraft>,
    /// The form as SIMPAN accepted it: an edit since makes it unsaved.
    #[serde(default)]
    pub saved: Option<String>,
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
    /// The first form: the account owner as the account knows them.
    pub fn owner(me: &Me) -> ApplicantDraft {
        ApplicantDraft {
            name: me.full_name.to_string(),
            nik: me.nik.to_string(),
            kk: me.kk.to_string(),
            birth_place: me.birth_place.to_string(),
            birth_date: day_first(me.birth_date),
            sex: Some(me.sex),
            ..Default::default()
        }
    }

    /// Checks every field (all errors at once, per field). `is_owner`
    /// drops the relation requirement (R-Q-7).
    pub fn parse(&self, is_owner: bool) -> Result<Applicant, FieldErrors> {
        let mut c = Check::new();
        let name = c.parse("name", &self.name, PersonName::parse);
        let nik = c.parse("nik", &self.nik, Nik::parse);
        let kk = c.parse("kk", &self.kk, KkNumber::parse);
        let birth_place = c.parse("birth_place", &self.birth_place, FreeText::parse);
        let birth_date = c.date("birth_date", &self.birth_date);
        let sex = c.chosen("sex", self.sex);
        if !is_owner {
            c.chosen("relation", self.relation);
        }
        let application_type = c.chosen("application_type", self.application_type);
        let old_passport = if self.application_type == Some(ApplicationType::Renewal) {
            let number = c.parse(
                "old_passport_number",
                &self.old_passport.number,
                PassportNumber::parse,
            );
            let expiry = c.date("old_passport_expiry", &self.old_passport.expiry);
            number.zip(expiry).map(|(number, expiry_date)| OldPassport {
                number,
                expiry_date,
                mrz_verified: self.old_passport_mrz.as_ref() == Some(&self.old_passport),
            })
        } else {
            None
        };
        c.finish(|| {
            Some(Applicant {
                name: name?,
                nik: nik?,
                kk: kk?,
                birth_place: birth_place?,
                birth_date: birth_date?,
                sex: sex?,
                relation: if is_owner { None } else { self.relation },
                application_type: application_type?,
                old_passport,
            })
        })
    }

    /// What SIMPAN compares: every field as typed.
    fn fingerprint(&self) -> String {
        let mut copy = self.clone();
        copy.saved = None;
        serde_json::to_string(&copy).unwrap_or_default()
    }

    pub fn is_saved(&self) -> bool {
        self.saved.as_deref() == Some(self.fingerprint().as_str())
    }

    pub fn mark_saved(&mut self) {
        self.saved = Some(self.fingerprint());
    }

    /// A confirmed read of the old passport (R-Q-6): the form must be
    /// checked and saved again.
    pub fn fill_old_passport(&mut self, read: &ScannedPassport) {
        self.old_passport = OldPassportDraft {
            number: read.number.clone(),
            expiry: read.expiry.clone(),
        };
        self.old_passport_mrz = Some(self.old_passport.clone());
        self.saved = None;
    }

    pub fn old_passport_from_mrz(&self) -> bool {
        self.old_passport_mrz.as_ref() == Some(&self.old_passport)
    }
}

/// The account owner, whose NIK and KK the server checks the others
/// against (R-Q-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Owner {
    pub nik: Nik,
    pub kk: KkNumber,
}

/// Everything the wizard has gathered. Saved to the account's private
/// folder after every change, so a crash or restart never loses a
/// half-filled booking.
#[derive(Store, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingDraft {
    pub step: Step,
    pub office: Option<ChosenOffice>,
    pub applicant_count: usize,
    pub date: Option<Date>,
    pub slot: Option<ChosenSlot>,
    pub applicants: Vec<ApplicantDraft>,
    #[serde(default)]
    pub owner: Option<Owner>,
    /// The Idempotency-Key of the create request, kept so a retry after a
    /// crash between sending and hearing back books once, not twice.
    pub idempotency_key: Option<String>,
}

/// Why SIMPAN did not save an applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsaved {
    /// Fields that do not parse (the form shows them itself).
    Form(FieldErrors),
    /// A rule the server would refuse, on this field (R-Q-2).
    Rule(&'static str, Msg),
}

/// Why the wizard can't go on from a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    NoOffice,
    NoDate,
    NoSlot,
    NotEnoughPlaces,
    ApplicantNotSaved(usize),
    /// A rule the server would refuse the applicants for, on this
    /// applicant's field.
    Rule {
        applicant: usize,
        field: &'static str,
        msg: Msg,
    },
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
            owner: None,
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

    /// One form per applicant, the first prefilled from the account owner,
    /// whose NIK and KK the rules are checked against.
    pub fn prepare_forms(&mut self, me: &Me) {
        self.owner = Some(Owner {
            nik: me.nik.clone(),
            kk: me.kk.clone(),
        });
        if self.applicants.is_empty() {
            self.applicants.push(ApplicantDraft::owner(me));
        }
        self.applicants
            .resize_with(self.applicant_count, ApplicantDraft::default);
    }

    /// The rule the server would refuse the saved applicants for (R-Q-2,
    /// R-Q-7, `paspor_domain::rules::check_applicants`, the server's own
    /// check), on the applicant and field it is about.
    pub fn rule_error(&self) -> Option<Blocker> {
        let owner = self.owner.as_ref()?;
        let parsed: Vec<Applicant> = self
            .applicants
            .iter()
            .take(self.applicant_count)
            .enumerate()
            .map_while(|(i, a)| a.parse(i == 0).ok())
            .collect();
        let facts: Vec<ApplicantFacts> = parsed
            .iter()
            .map(|a| ApplicantFacts {
                nik: &a.nik,
                kk: &a.kk,
                relation: a.relation,
            })
            .collect();
        let error = check_applicants(&owner.nik, &owner.kk, &facts).err()?;
        let (applicant, field) = match error {
            DomainError::FirstApplicantNotOwner => (0, "nik"),
            DomainError::OwnerHasRelation => (0, "relation"),
            DomainError::DuplicateApplicant { index } => (index, "nik"),
            DomainError::NotSameFamilyCard { index } => (index, "kk"),
            DomainError::RelationMissing { index } => (index, "relation"),
            // Fewer forms than applicants parse yet: SIMPAN says which.
            _ => return None,
        };
        Some(Blocker::Rule {
            applicant,
            field,
            msg: msg_for_code(&error.code()),
        })
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
                .find(|&i| !self.applicants.get(i).is_some_and(|a| a.is_saved()))
                .map(Blocker::ApplicantNotSaved)
                .or_else(|| self.rule_error()),
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

    /// SIMPAN on applicant `i`: saved when the form parses and breaks no
    /// rule with the applicants before it.
    pub fn save_applicant(&mut self, i: usize) -> Result<(), Unsaved> {
        let a = self
            .applicants
            .get(i)
            .ok_or(Unsaved::Form(FieldErrors::new()))?;
        a.parse(i == 0).map_err(Unsaved::Form)?;
        let mut upto = self.clone();
        upto.applicant_count = i + 1;
        if let Some(Blocker::Rule {
            applicant,
            field,
            msg,
        }) = upto.rule_error()
            && applicant == i
        {
            return Err(Unsaved::Rule(field, msg));
        }
        self.applicants[i].mark_saved();
        Ok(())
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

    /// The create request, when every form parses.
    pub fn request(&self) -> Option<CreateBookingRequest> {
        let applicants = self.applicants().ok()?;
        Some(CreateBookingRequest {
            office_id: self.office.as_ref()?.id,
            date: self.date?,
            slot_id: self.slot.as_ref()?.id,
            applicants: applicants
                .into_iter()
                .map(|a| ApplicantInput {
                    full_name: a.name,
                    nik: a.nik,
                    kk: a.kk,
                    birth_place: a.birth_place,
                    birth_date: a.birth_date,
                    sex: a.sex,
                    relation: a.relation,
                    application_type: a.application_type,
                    // Carries whether the number and expiry are still the MRZ's.
                    old_passport: a.old_passport,
                })
                .collect(),
        })
    }

    /// LANJUT: the request and its Idempotency-Key. One key per booking
    /// attempt, kept in the saved draft, so a retry, even after a crash,
    /// cannot book twice.
    pub fn begin_booking(&mut self) -> Option<(CreateBookingRequest, String)> {
        let req = self.request()?;
        let key = self
            .idempotency_key
            .get_or_insert_with(Client::new_idempotency_key)
            .clone();
        Some((req, key))
    }

    /// The server refused: a refusal is final for its key, so the next
    /// attempt gets a new one; a request that may not have arrived keeps it.
    pub fn booking_failed(&mut self, retryable: bool) {
        if !retryable {
            self.idempotency_key = None;
        }
    }

    pub fn load(path: &std::path::Path) -> Option<BookingDraft> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Owner-only, replacing the previous draft in one rename, so a crash
    /// mid-write leaves the previous draft, not half a file.
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::platform::files::write_private(path, &json)
    }
}

/// The wizard's draft: the signed-in account's own, loaded at sign-in and
/// written back after every change (its NIKs are the family's: another
/// account on the same phone never sees them, and logging out deletes it).
pub fn provide_booking_draft(session: SessionCtx) -> Store<BookingDraft> {
    let mut draft = use_context_provider(|| Store::new(BookingDraft::default()));
    let mut owner = use_signal(|| None::<String>);
    use_effect(move || {
        let now = session.me().map(|me| me.username.to_string());
        if *owner.peek() != now {
            let loaded = now
                .as_deref()
                .and_then(|u| BookingDraft::load(&crate::platform::files::booking_draft_path(u)));
            draft.set(loaded.unwrap_or_default());
            owner.set(now);
        }
    });
    use_effect(move || {
        let d = draft.read();
        if let Some(user) = &*owner.read()
            && let Err(e) = d.save(&crate::platform::files::booking_draft_path(user))
        {
            eprintln!("could not save the booking draft: {e}");
        }
    });
    draft
}

pub fn use_booking_draft() -> Store<BookingDraft> {
    use_context()
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
    fn me() -> Me {
        serde_json::from_value(serde_json::json!({
            "username": "budi90", "email": "budi@example.com", "full_name": "Budi Santoso",
            "nik": "3174011505900001", "kk": "3174010101090001", "birth_place": "Jakarta",
            "birth_date": "1990-05-15", "sex": "male", "phone": "+6281234567890", "has_photo": false
        }))
        .unwrap()
    }
    fn owner() -> ApplicantDraft {
        ApplicantDraft {
            application_type: Some(ApplicationType::New),
            ..ApplicantDraft::owner(&me())
        }
    }
    /// Siti, the owner's daughter on the same family card.
    fn child() -> ApplicantDraft {
        ApplicantDraft {
            name: "Siti Santoso".into(),
            nik: "3174015505150002".into(),
            kk: "3174010101090001".into(),
            birth_place: "Jakarta".into(),
            birth_date: "15/05/2015".into(),
            sex: Some(Sex::Female),
            relation: Some(Relation::Child),
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
        d.prepare_forms(&me());
        assert_eq!(d.applicants.len(), 3);
        assert_eq!(d.applicants[0].name, "Budi Santoso");
        assert_eq!(d.blocker(), Some(Blocker::ApplicantNotSaved(0)));
        d.applicants[0] = owner();
        d.applicants[1] = child();
        d.applicants[2] = ApplicantDraft {
            nik: "3174014505170003".into(),
            name: "Ani Santoso".into(),
            birth_date: "05/05/2017".into(),
            ..child()
        };
        for i in 0..3 {
            d.save_applicant(i).unwrap();
        }
        assert_eq!(d.advance(), Ok(Step::Review));
        d.back();
        assert_eq!(d.step, Step::Applicants);
    }

    #[test]
    fn an_edit_after_simpan_makes_the_form_unsaved() {
        let mut d = BookingDraft::default();
        d.prepare_forms(&me());
        d.applicants[0] = owner();
        d.save_applicant(0).unwrap();
        assert!(d.applicants[0].is_saved());
        d.applicants[0].birth_place = "Bandung".into();
        assert!(!d.applicants[0].is_saved());
        d.applicants[0].birth_place = "Jakarta".into();
        assert!(d.applicants[0].is_saved(), "back as it was saved");
    }

    #[test]
    fn the_wizard_previews_the_family_rules_the_server_applies() {
        let mut d = BookingDraft::default();
        d.set_applicant_count(2);
        d.prepare_forms(&me());
        d.applicants[0] = owner();
        d.save_applicant(0).unwrap();
        // Another family card (R-Q-2): refused on that applicant's KK.
        d.applicants[1] = ApplicantDraft {
            kk: "3174010101090002".into(),
            ..child()
        };
        assert_eq!(
            d.save_applicant(1),
            Err(Unsaved::Rule("kk", Msg::ErrNotSameKk))
        );
        // The owner twice.
        d.applicants[1] = ApplicantDraft {
            nik: "3174011505900001".into(),
            ..child()
        };
        assert_eq!(
            d.save_applicant(1),
            Err(Unsaved::Rule("nik", Msg::ErrDuplicateApplicant))
        );
        d.applicants[1].name.clear();
        assert!(
            matches!(d.save_applicant(1), Err(Unsaved::Form(e)) if e == [("name", Msg::Required)])
        );
        d.applicants[1] = child();
        assert_eq!(d.save_applicant(1), Ok(()));
        // The owner's form no longer the account's NIK: the server would
        // refuse the booking, so the step does not go on.
        d.applicants[0].nik = "3174011505900009".into();
        d.applicants[0].mark_saved();
        d.step = Step::Applicants;
        assert_eq!(
            d.advance(),
            Err(Blocker::Rule {
                applicant: 0,
                field: "nik",
                msg: Msg::ErrFirstApplicant
            })
        );
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
        d.prepare_forms(&me());
        d.applicants[2].name = "Siti".into();
        d.set_applicant_count(2);
        d.prepare_forms(&me());
        assert_eq!(d.applicants.len(), 2);
        assert_eq!(d.applicants[0].name, "Budi Santoso");
        assert_eq!(d.applicants[0].birth_date, "15/05/1990", "day first");
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
    fn a_renewal_needs_the_old_passport_and_says_whether_the_mrz_gave_it() {
        let mut a = owner();
        a.application_type = Some(ApplicationType::Renewal);
        let fields: Vec<_> = a.parse(true).unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["old_passport_number", "old_passport_expiry"]);
        a.old_passport = OldPassportDraft {
            number: "x1234567".into(),
            expiry: "31/01/2027".into(),
        };
        let parsed = a.parse(true).unwrap().old_passport.unwrap();
        assert_eq!(parsed.number.as_str(), "X1234567");
        assert!(!parsed.mrz_verified, "typed by hand");
        a.fill_old_passport(&ScannedPassport {
            number: "C1234567".into(),
            surname: String::new(),
            given_names: "BUDI".into(),
            nationality: "IDN".into(),
            birth_date: "15/05/1990".into(),
            sex: Some(Sex::Male),
            expiry: "20/01/2031".into(),
        });
        assert!(a.old_passport_from_mrz());
        let parsed = a.parse(true).unwrap().old_passport.unwrap();
        assert!(parsed.mrz_verified, "the MRZ read, carried to the request");
        assert_eq!(parsed.expiry_date, date(2031, 1, 20));
        a.old_passport.expiry = "21/01/2031".into();
        assert!(
            !a.parse(true).unwrap().old_passport.unwrap().mrz_verified,
            "corrected by hand"
        );
    }

    fn complete() -> BookingDraft {
        let mut d = BookingDraft::default();
        d.choose_office(office(3));
        d.choose_date(date(2026, 12, 1));
        d.choose_slot(slot(3));
        d.prepare_forms(&me());
        d.applicants[0] = owner();
        d
    }

    /// R-Q-6: the server learns whether the old passport was read from a
    /// valid MRZ or typed.
    #[test]
    fn the_request_says_whether_the_old_passport_came_from_the_mrz() {
        for from_mrz in [true, false] {
            let mut d = complete();
            let a = &mut d.applicants[0];
            a.application_type = Some(ApplicationType::Renewal);
            a.old_passport = OldPassportDraft {
                number: "C1234567".into(),
                expiry: "20/01/2031".into(),
            };
            if from_mrz {
                a.old_passport_mrz = Some(a.old_passport.clone());
            }
            let req = d.request().expect("a complete draft");
            let old = req.applicants[0].old_passport.as_ref().expect("a renewal");
            assert_eq!(old.number.as_str(), "C1234567");
            assert_eq!(old.mrz_verified, from_mrz);
        }
    }

    #[test]
    fn one_idempotency_key_per_attempt_kept_until_the_server_refuses() {
        let mut d = complete();
        let (req, key) = d.begin_booking().expect("a complete draft");
        assert_eq!(
            (req.office_id, req.slot_id, req.applicants.len()),
            (3, 7, 1)
        );
        // The network failed: the retry must carry the same key.
        d.booking_failed(true);
        assert_eq!(d.begin_booking().unwrap().1, key);
        // A refusal is final for that key: the next attempt is a new one.
        d.booking_failed(false);
        assert_ne!(d.begin_booking().unwrap().1, key);
        d.applicants[0].nik.clear();
        assert!(
            d.begin_booking().is_none(),
            "an incomplete draft sends nothing"
        );
    }

    #[test]
    fn the_draft_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts/budi90/booking.json");
        let mut d = BookingDraft::default();
        d.choose_office(office(3));
        d.set_applicant_count(2);
        d.prepare_forms(&me());
        d.applicants[1].nik = "31740".into(); // half typed
        d.idempotency_key = Some("k-1".into());
        d.save(&path).unwrap();
        assert_eq!(BookingDraft::load(&path), Some(d));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o600,
                "the family's NIKs are the owner's only"
            );
        }
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(
            BookingDraft::load(&path),
            None,
            "a corrupt draft is ignored, not a crash"
        );
    }
}
