//! The account's forms (SPEC §1–4, §11): login, registration, activation,
//! forgot password, change password and the biodata. Each holds what is
//! typed, as strings, and `parse()` turns it into the request or every
//! field's error at once.

use dioxus::prelude::*;
use jiff::civil::Date;
use paspor_domain::api::{
    ActivateRequest, ChangePasswordRequest, FamilyLinkRequest, ForgotRequest, LoginRequest, Me,
    RegisterRequest, UpdateProfileRequest,
};
use paspor_domain::{
    ActivationCode, Email, FreeText, KkNumber, LoginId, Nik, NikWarning, Password, PersonName,
    PhoneNumber, Sex, Username,
};
use serde::Serialize;

use crate::state::form::{Check, FieldErrors, day_first};
use crate::state::i18n::Msg;

#[derive(Store, Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoginForm {
    pub login: String,
    pub password: String,
}

impl LoginForm {
    pub fn parse(&self) -> Result<LoginRequest, FieldErrors> {
        let mut c = Check::new();
        // One message for both shapes a login can have.
        let login = c.parse_or("login", &self.login, LoginId::parse, Msg::ErrLoginId);
        // No policy check at login: an old password that predates the
        // policy must still work; the server decides.
        c.ensure("password", !self.password.is_empty(), Msg::Required);
        c.finish(|| {
            Some(LoginRequest {
                login: login?,
                password: self.password.clone(),
            })
        })
    }
}

#[derive(Store, Debug, Clone, Default, PartialEq, Serialize)]
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
    pub request: RegisterRequest,
    /// R-REG-2: the NIK disagrees with the entered date or sex; the user must
    /// confirm before sending.
    pub warnings: Vec<NikWarning>,
}

impl RegisterForm {
    pub fn parse(&self, today: Date) -> Result<Registration, FieldErrors> {
        let mut c = Check::new();
        let full_name = c.parse("full_name", &self.full_name, PersonName::parse);
        let nik = c.parse("nik", &self.nik, Nik::parse);
        let kk = c.parse("kk", &self.kk, KkNumber::parse);
        let birth_place = c.parse("birth_place", &self.birth_place, FreeText::parse);
        let birth_date = c.date("birth_date", &self.birth_date);
        let birth_date = birth_date.filter(|d| c.ensure("birth_date", *d <= today, Msg::ErrDate));
        let sex = c.chosen("sex", self.sex);
        let email = c.parse("email", &self.email, Email::parse);
        let username = c.parse("username", &self.username, Username::parse);
        let phone = c.parse("phone", &self.phone, PhoneNumber::parse);
        let password = c.parse("password", &self.password, Password::parse);
        if c.filled("password_confirm", &self.password_confirm)
            .is_some()
        {
            c.ensure(
                "password_confirm",
                self.password_confirm == self.password,
                Msg::ErrPasswordMismatch,
            );
        }
        c.finish(|| {
            let (nik, birth_date, sex) = (nik?, birth_date?, sex?);
            Some(Registration {
                warnings: nik.warnings(birth_date, sex, today),
                request: RegisterRequest {
                    full_name: full_name?,
                    nik,
                    kk: kk?,
                    birth_place: birth_place?,
                    birth_date,
                    sex,
                    email: email?,
                    username: username?,
                    phone: phone?,
                    password: password?,
                },
            })
        })
    }
}

#[derive(Store, Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActivateForm {
    pub email: String,
    pub code: String,
}

impl ActivateForm {
    pub fn parse(&self) -> Result<ActivateRequest, FieldErrors> {
        let mut c = Check::new();
        let email = c.parse("email", &self.email, Email::parse);
        let code = c.parse("code", &self.code, ActivationCode::parse);
        c.finish(|| {
            Some(ActivateRequest {
                email: email?,
                code: code?,
            })
        })
    }
}

#[derive(Store, Debug, Clone, Default, PartialEq, Serialize)]
pub struct ForgotForm {
    pub login: String,
}

impl ForgotForm {
    pub fn parse(&self) -> Result<ForgotRequest, FieldErrors> {
        let mut c = Check::new();
        let login = c.filled("login", &self.login);
        c.finish(|| Some(ForgotRequest { login: login? }))
    }
}

/// A family link asked for a relative's NIK (R-Q-9): the NIK's owner, if
/// they have an account, accepts it in their app.
#[derive(Store, Debug, Clone, Default, PartialEq, Serialize)]
pub struct FamilyLinkForm {
    pub nik: String,
}

impl FamilyLinkForm {
    pub fn parse(&self) -> Result<FamilyLinkRequest, FieldErrors> {
        let mut c = Check::new();
        let nik = c.parse("nik", &self.nik, Nik::parse);
        c.finish(|| Some(FamilyLinkRequest { nik: nik? }))
    }
}

#[derive(Store, Debug, Clone, Default, PartialEq, Serialize)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub password_confirm: String,
}

impl PasswordForm {
    pub fn parse(&self) -> Result<ChangePasswordRequest, FieldErrors> {
        let mut c = Check::new();
        c.ensure(
            "current_password",
            !self.current_password.is_empty(),
            Msg::Required,
        );
        let new_password = c.parse("new_password", &self.new_password, Password::parse);
        c.ensure(
            "password_confirm",
            self.password_confirm == self.new_password,
            Msg::ErrPasswordMismatch,
        );
        c.finish(|| {
            Some(ChangePasswordRequest {
                current_password: self.current_password.clone(),
                new_password: new_password?,
            })
        })
    }
}

/// UBAH: the biodata as the account has it, to edit; no NIK (R-P-1).
#[derive(Store, Debug, Clone, PartialEq, Serialize)]
pub struct ProfileForm {
    pub full_name: String,
    pub kk: String,
    pub birth_place: String,
    pub birth_date: String,
    pub sex: Sex,
    pub phone: String,
}

impl ProfileForm {
    pub fn of(me: &Me) -> ProfileForm {
        ProfileForm {
            full_name: me.full_name.to_string(),
            kk: me.kk.to_string(),
            birth_place: me.birth_place.to_string(),
            birth_date: day_first(me.birth_date),
            sex: me.sex,
            phone: me.phone.to_string(),
        }
    }

    pub fn parse(&self, today: Date) -> Result<UpdateProfileRequest, FieldErrors> {
        let mut c = Check::new();
        let full_name = c.parse("full_name", &self.full_name, PersonName::parse);
        let kk = c.parse("kk", &self.kk, KkNumber::parse);
        let birth_place = c.parse("birth_place", &self.birth_place, FreeText::parse);
        let birth_date = c.date("birth_date", &self.birth_date);
        let birth_date = birth_date.filter(|d| c.ensure("birth_date", *d <= today, Msg::ErrDate));
        let phone = c.parse("phone", &self.phone, PhoneNumber::parse);
        c.finish(|| {
            Some(UpdateProfileRequest {
                full_name: full_name?,
                kk: kk?,
                birth_place: birth_place?,
                birth_date: birth_date?,
                sex: self.sex,
                phone: phone?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::form::error_for;
    use jiff::civil::date;

    #[test]
    fn a_family_link_needs_a_well_formed_nik() {
        let ok = FamilyLinkForm {
            nik: "3174015208920002".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.nik.as_str(), "3174015208920002");
        // The last: day 40 is neither a man's (1–31) nor a woman's (41–71).
        for bad in ["", "12345", "31740150089200AB", "3174014005900001"] {
            let e = FamilyLinkForm { nik: bad.into() }.parse().unwrap_err();
            assert_eq!(e.len(), 1, "{bad:?}");
            assert_eq!(e[0].0, "nik", "{bad:?}");
        }
    }

    const TODAY: Date = date(2026, 11, 24);

    fn good() -> RegisterForm {
        RegisterForm {
            full_name: "Budi Santoso".into(),
            nik: "3174011505900001".into(),
            kk: "3174010101090001".into(),
            birth_place: "Jakarta".into(),
            birth_date: "15/05/1990".into(),
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
        f.birth_date = "01/01/2027".into();
        let e = f.parse(TODAY).unwrap_err();
        assert_eq!(
            error_for(&e, "password_confirm"),
            Some(Msg::ErrPasswordMismatch)
        );
        assert_eq!(error_for(&e, "birth_date"), Some(Msg::ErrDate));
        f.birth_date = "05/15/1990".into();
        assert_eq!(
            error_for(&f.parse(TODAY).unwrap_err(), "birth_date"),
            Some(Msg::ErrDate),
            "month first is no date"
        );
    }

    #[test]
    fn a_nik_that_disagrees_is_a_warning_not_an_error() {
        let r = good().parse(TODAY).unwrap();
        assert!(r.warnings.is_empty());
        assert_eq!(r.request.phone.as_str(), "+6281234567890");
        assert_eq!(r.request.birth_date, date(1990, 5, 15));
        let mut f = good();
        f.sex = Some(Sex::Female);
        let r = f.parse(TODAY).unwrap();
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn login_needs_both_fields_and_a_username_or_an_email() {
        let e = LoginForm::default().parse().unwrap_err();
        assert_eq!(e, [("login", Msg::Required), ("password", Msg::Required)]);
        let form = |login: &str| LoginForm {
            login: login.into(),
            password: "x".into(),
        };
        assert_eq!(
            form("budi@").parse().unwrap_err(),
            [("login", Msg::ErrLoginId)]
        );
        assert!(form("budi90").parse().is_ok());
        assert!(form("Budi@Mail.com").parse().is_ok());
    }

    #[test]
    fn activation_wants_the_email_and_six_digits() {
        let f = ActivateForm {
            email: "budi@example.com".into(),
            code: "12 34".into(),
        };
        assert_eq!(f.parse().unwrap_err(), [("code", Msg::ErrCodeFormat)]);
        let f = ActivateForm {
            code: "123-456".into(),
            ..f
        };
        assert_eq!(f.parse().unwrap().code.as_str(), "123456");
        assert_eq!(
            ActivateForm::default().parse().unwrap_err(),
            [("email", Msg::Required), ("code", Msg::Required)]
        );
    }

    #[test]
    fn forgot_and_change_password_check_their_fields() {
        assert_eq!(
            ForgotForm { login: "  ".into() }.parse().unwrap_err(),
            [("login", Msg::Required)]
        );
        assert_eq!(
            ForgotForm {
                login: " budi90 ".into()
            }
            .parse()
            .unwrap()
            .login,
            "budi90"
        );
        let e = PasswordForm {
            current_password: String::new(),
            new_password: "short".into(),
            password_confirm: "shirt".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            e,
            [
                ("current_password", Msg::Required),
                ("new_password", Msg::ErrPasswordShort),
                ("password_confirm", Msg::ErrPasswordMismatch)
            ]
        );
    }

    #[test]
    fn the_profile_form_starts_from_the_account_and_shows_dates_day_first() {
        let me: Me = serde_json::from_value(serde_json::json!({
            "username": "budi90", "email": "budi@example.com", "full_name": "Budi Santoso",
            "nik": "3174011505900001", "kk": "3174010101090001", "birth_place": "Jakarta",
            "birth_date": "1990-05-15", "sex": "male", "phone": "+6281234567890", "has_photo": false
        }))
        .unwrap();
        let mut f = ProfileForm::of(&me);
        assert_eq!(f.birth_date, "15/05/1990");
        assert_eq!(f.parse(TODAY).unwrap().birth_date, me.birth_date);
        f.kk = "123".into();
        f.birth_date = "01/01/2030".into();
        let e = f.parse(TODAY).unwrap_err();
        assert_eq!(e, [("kk", Msg::ErrKk), ("birth_date", Msg::ErrDate)]);
    }
}
