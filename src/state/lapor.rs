//! Lapor diri (SPEC §14, R-LD-1): the passport's data, filled from a valid
//! MRZ read or typed, and where the user stays abroad.

use dioxus::prelude::*;
use jiff::civil::Date;
use paspor_domain::api::{LaporDiriRequest, Me, PassportData};
use paspor_domain::{CountryCode, FreeText, PassportNumber, Sex, StayPeriod};
use serde::Serialize;

use crate::state::form::{Check, FieldErrors, day_first};
use crate::state::i18n::Msg;
use crate::state::scan::ScannedPassport;
use crate::state::session::msg_for_code;

/// The form as typed so far, kept while the user is away on the scan screen
/// (in memory only: it holds passport data).
#[derive(Store, Debug, Clone, PartialEq, Default, Serialize)]
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
    /// "I have checked the data above" (R-LD-1).
    pub confirmed: bool,
    /// The last valid MRZ read put into the form.
    pub scanned: Option<ScannedPassport>,
    /// Whether the draft was started (prefilled from the account) already.
    pub started: bool,
}

impl LaporDraft {
    /// The first time the form opens: what the account already says.
    pub fn start(&mut self, me: Option<&Me>) {
        if self.started {
            return;
        }
        self.started = true;
        if let Some(me) = me {
            self.given_names = me.full_name.to_string();
            self.birth_date = day_first(me.birth_date);
            self.sex = Some(me.sex);
        }
        self.nationality = "IDN".to_owned();
    }

    /// A confirmed read fills the passport part; where the user stays is
    /// theirs to type and stays as it was.
    pub fn fill(&mut self, p: ScannedPassport) {
        self.number = p.number.clone();
        self.surname = p.surname.clone();
        self.given_names = p.given_names.clone();
        self.nationality = p.nationality.clone();
        self.birth_date = p.birth_date.clone();
        self.sex = p.sex;
        self.expiry = p.expiry.clone();
        self.scanned = Some(p);
        // The new data have not been checked yet.
        self.confirmed = false;
    }

    /// Checks every field at once (each error against its field) and builds
    /// the request.
    pub fn parse(&self) -> Result<LaporDiriRequest, FieldErrors> {
        let mut c = Check::new();
        let number = c.parse("number", &self.number, PassportNumber::parse);
        let given_names = c.parse(
            "given_names",
            &self.given_names.to_uppercase(),
            FreeText::parse,
        );
        let nationality = c.parse("nationality", &self.nationality, CountryCode::parse);
        let birth_date = c.date("birth_date", &self.birth_date);
        let expiry_date = c.date("expiry", &self.expiry);
        let stay = stay_period(&mut c, &self.stay_from, &self.stay_until);
        let sex = c.chosen("sex", self.sex);
        let country = c.parse("country", &self.country, FreeText::parse);
        let city = c.parse("city", &self.city, FreeText::parse);
        let address = c.parse("address", &self.address, FreeText::parse);
        c.ensure("confirm", self.confirmed, Msg::ConfirmData);
        c.finish(|| {
            let stay = stay?;
            Some(LaporDiriRequest {
                passport: PassportData {
                    number: number?,
                    surname: self.surname.trim().to_uppercase(),
                    given_names: given_names?,
                    nationality: nationality?,
                    birth_date: birth_date?,
                    sex: sex?,
                    expiry_date: expiry_date?,
                    // R-LD-1: a valid MRZ read the user left as it was.
                    mrz_verified: self.mrz_verified(),
                },
                country: country?,
                city: city?,
                address: address?,
                stay_from: stay.from(),
                stay_until: stay.until(),
            })
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

/// R-LD-1's period of stay: both dates, the end not before the start.
fn stay_period(c: &mut Check, from: &str, until: &str) -> Option<StayPeriod> {
    let (from, until): (Option<Date>, Option<Date>) =
        (c.date("stay_from", from), c.date("stay_until", until));
    StayPeriod::new(from?, until?)
        .map_err(|e| c.error("stay_until", msg_for_code(&e.code())))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// ICAO 9303-4's specimen.
    const SPECIMEN: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";

    fn me() -> Me {
        serde_json::from_value(serde_json::json!({
            "username": "budi90", "email": "budi@example.com", "full_name": "Budi Santoso",
            "nik": "3174011505900001", "kk": "3174010101090001", "birth_place": "Jakarta",
            "birth_date": "1990-05-15", "sex": "male", "phone": "+6281234567890", "has_photo": false
        }))
        .unwrap()
    }

    #[test]
    fn the_form_starts_from_the_account_once() {
        let mut d = LaporDraft::default();
        d.start(Some(&me()));
        assert_eq!(
            (
                d.given_names.as_str(),
                d.birth_date.as_str(),
                d.sex,
                d.nationality.as_str()
            ),
            ("Budi Santoso", "15/05/1990", Some(Sex::Male), "IDN")
        );
        d.given_names = "BUDI".into();
        d.start(Some(&me()));
        assert_eq!(d.given_names, "BUDI", "what the user typed stays");
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
            birth_date: "15/05/1990".into(),
            sex: Some(Sex::Male),
            expiry: "20/01/2031".into(),
            country: "Jepang".into(),
            city: "Tokyo".into(),
            address: "2-1-1 Shibuya".into(),
            stay_from: "01/01/2026".into(),
            stay_until: "31/12/2027".into(),
            confirmed: true,
            ..Default::default()
        }
    }

    #[test]
    fn lapor_diri_reports_every_bad_field_and_only_those() {
        let fields = |d: &LaporDraft| -> Vec<&str> {
            d.parse()
                .err()
                .unwrap_or_default()
                .iter()
                .map(|(f, _)| *f)
                .collect()
        };
        assert_eq!(
            fields(&LaporDraft::default()),
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
        let req = d.parse().expect("complete");
        assert_eq!(
            (req.passport.number.as_str(), req.passport.mrz_verified),
            ("C1234567", false)
        );
        assert_eq!(req.stay_until, date(2027, 12, 31));
        d.confirmed = false;
        assert_eq!(fields(&d), ["confirm"]);
        d.confirmed = true;
        // An error goes as soon as its field is right: the form shows what
        // parse says now, not what it said at the last submit.
        d.country.clear();
        d.stay_until = "31/12/2025".into();
        assert_eq!(fields(&d), ["stay_until", "country"]);
        d.country = "Jepang".into();
        assert_eq!(fields(&d), ["stay_until"]);
    }
}
