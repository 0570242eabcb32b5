//! Form checks shared by several screens: every field at once, each error
//! against its field (R-REG-1), using the domain's parsers so the app refuses
//! exactly what the server would.

use jiff::civil::Date;
use paspor_domain::{
    Email, FreeText, KkNumber, Nik, NikWarning, Password, PersonName, PhoneNumber, Sex, Username,
};

use crate::state::i18n::Msg;
/// Per-field errors of a form, keyed by field id.
pub type FieldErrors = Vec<(&'static str, Msg)>;

/// Dates as `<input type="date">` gives them: `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    s.trim().parse::<Date>().ok()
}

pub fn error_for(errors: &[(&'static str, Msg)], field: &str) -> Option<Msg> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterForm {
    pub full_name: String,
    pub nik: String,
    pub kk: String,
    pub birth_place: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
    pub email: String,
    pub username: String,
    pub phone: String,
    pub password: String,
    pub password_confirm: String,
}

/// A registration whose every field parsed: the request to send, and what
/// the user must confirm first.
#[derive(Debug, Clone)]
pub struct Registration {
    pub request: paspor_domain::api::RegisterRequest,
    /// R-REG-2: the NIK disagrees with the entered date or sex; the user must
    /// confirm before sending.
    pub warnings: Vec<NikWarning>,
}

fn required(errors: &mut FieldErrors, field: &'static str, value: &str) -> bool {
    let empty = value.trim().is_empty();
    if empty {
        errors.push((field, Msg::Required));
    }
    !empty
}

impl RegisterForm {
    pub fn parse(&self, today: Date) -> Result<Registration, FieldErrors> {
        let mut e = FieldErrors::new();
        macro_rules! field {
            ($field:literal, $value:expr, $parse:expr, $msg:expr) => {
                if required(&mut e, $field, $value) {
                    $parse($value).map_err(|_| e.push(($field, $msg))).ok()
                } else {
                    None
                }
            };
        }
        let full_name = field!(
            "full_name",
            &self.full_name,
            PersonName::parse,
            Msg::ErrName
        );
        let nik = field!("nik", &self.nik, Nik::parse, Msg::ErrNik);
        let kk = field!("kk", &self.kk, KkNumber::parse, Msg::ErrKk);
        let birth_place = field!(
            "birth_place",
            &self.birth_place,
            FreeText::parse,
            Msg::ErrTooLong
        );
        let birth_date = field!(
            "birth_date",
            &self.birth_date,
            |s| parse_date(s).filter(|d| *d <= today).ok_or(()),
            Msg::ErrDate
        );
        if self.sex.is_none() {
            e.push(("sex", Msg::Required));
        }
        let email = field!("email", &self.email, Email::parse, Msg::ErrEmail);
        let username = field!(
            "username",
            &self.username,
            Username::parse,
            Msg::ErrUsername
        );
        let phone = field!("phone", &self.phone, PhoneNumber::parse, Msg::ErrPhone);
        let password = field!(
            "password",
            &self.password,
            Password::parse,
            Msg::ErrPasswordShort
        );
        if required(&mut e, "password_confirm", &self.password_confirm)
            && self.password_confirm != self.password
        {
            e.push(("password_confirm", Msg::ErrPasswordMismatch));
        }
        if !e.is_empty() {
            return Err(e);
        }
        let (nik, birth_date, sex) = (
            nik.expect("checked"),
            birth_date.expect("checked"),
            self.sex.expect("checked"),
        );
        Ok(Registration {
            warnings: nik.warnings(birth_date, sex, today),
            request: paspor_domain::api::RegisterRequest {
                full_name: full_name.expect("checked"),
                nik,
                kk: kk.expect("checked"),
                birth_place: birth_place.expect("checked"),
                birth_date,
                sex,
                email: email.expect("checked"),
                username: username.expect("checked"),
                phone: phone.expect("checked"),
                password: password.expect("checked"),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 24);

    fn good() -> RegisterForm {
        RegisterForm {
            full_name: "Budi Santoso".into(),
            nik: "3174011505900001".into(),
            kk: "3174010101090001".into(),
            birth_place: "Jakarta".into(),
            birth_date: "1990-05-15".into(),
            sex: Some(Sex::Male),
            email: "budi@example.com".into(),
            username: "budi90".into(),
            phone: "0812 3456 7890".into(),
            password: "rahasia123".into(),
            password_confirm: "rahasia123".into(),
        }
    }

    #[test]
    fn every_field_is_required_and_reported_at_once() {
        let e = RegisterForm::default().parse(TODAY).unwrap_err();
        let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "full_name",
                "nik",
                "kk",
                "birth_place",
                "birth_date",
                "sex",
                "email",
                "username",
                "phone",
                "password",
                "password_confirm"
            ]
        );
        assert!(e.iter().all(|(_, m)| *m == Msg::Required));
    }

    #[test]
    fn each_field_uses_the_domain_parser() {
        let mut f = good();
        f.nik = "3174014005900001".into(); // day 40
        f.email = "budi@".into();
        f.password = "short".into();
        f.password_confirm = "short".into();
        let e = f.parse(TODAY).unwrap_err();
        assert_eq!(error_for(&e, "nik"), Some(Msg::ErrNik));
        assert_eq!(error_for(&e, "email"), Some(Msg::ErrEmail));
        assert_eq!(error_for(&e, "password"), Some(Msg::ErrPasswordShort));
        assert_eq!(error_for(&e, "password_confirm"), None);
    }

    #[test]
    fn confirmation_must_match_and_birth_date_cannot_be_future() {
        let mut f = good();
        f.password_confirm = "rahasia124".into();
        f.birth_date = "2027-01-01".into();
        let e = f.parse(TODAY).unwrap_err();
        assert_eq!(
            error_for(&e, "password_confirm"),
            Some(Msg::ErrPasswordMismatch)
        );
        assert_eq!(error_for(&e, "birth_date"), Some(Msg::ErrDate));
    }

    #[test]
    fn a_nik_that_disagrees_is_a_warning_not_an_error() {
        let r = good().parse(TODAY).unwrap();
        assert!(r.warnings.is_empty());
        assert_eq!(r.request.phone.as_str(), "+6281234567890");
        let mut f = good();
        f.sex = Some(Sex::Female);
        let r = f.parse(TODAY).unwrap();
        assert_eq!(r.warnings.len(), 1);
    }
}
