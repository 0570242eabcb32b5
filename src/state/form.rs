//! How every form checks itself: one [`Check`] collects each field's error
//! at once (R-REG-1), using the domain's parsers so the app refuses exactly
//! what the server would, and the domain's error codes for the words;
//! [`Feedback`] decides what the screen shows after a submit; dates are typed
//! and shown day first whatever the webview's locale.

use jiff::civil::Date;
use paspor_domain::DomainError;
use serde::Serialize;

use crate::state::i18n::Msg;
use crate::state::session::msg_for_code;

/// Per-field errors of a form, keyed by the field's id (the form's element
/// ids; a server refusal's field is mapped onto them by `explain`).
pub type FieldErrors = Vec<(&'static str, Msg)>;

pub fn error_for(errors: &[(&'static str, Msg)], field: &str) -> Option<Msg> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
}

/// Collects a form's errors while its `parse()` reads the fields in order.
/// Every method that gives `None` has recorded why, so `finish` builds the
/// value only when every field is there.
#[derive(Debug, Default)]
pub struct Check {
    errors: FieldErrors,
}

impl Check {
    pub fn new() -> Check {
        Check::default()
    }

    pub fn error(&mut self, field: &'static str, msg: Msg) {
        self.errors.push((field, msg));
    }

    fn required(&mut self, field: &'static str, text: &str) -> bool {
        let filled = !text.trim().is_empty();
        if !filled {
            self.error(field, Msg::Required);
        }
        filled
    }

    /// A field that must be filled in and parse as a domain value; the
    /// domain's error code says what is wrong.
    pub fn parse<T>(
        &mut self,
        field: &'static str,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, DomainError>,
    ) -> Option<T> {
        if !self.required(field, text) {
            return None;
        }
        parse(text)
            .map_err(|e| self.error(field, msg_for_code(&e.code())))
            .ok()
    }

    /// Like [`Check::parse`], with one message for every way it can be wrong.
    pub fn parse_or<T>(
        &mut self,
        field: &'static str,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, DomainError>,
        msg: Msg,
    ) -> Option<T> {
        if !self.required(field, text) {
            return None;
        }
        parse(text).map_err(|_| self.error(field, msg)).ok()
    }

    /// A field that must be filled in, taken as typed (trimmed).
    pub fn filled(&mut self, field: &'static str, text: &str) -> Option<String> {
        self.parse(field, text, |s| Ok(s.trim().to_owned()))
    }

    /// A date typed day first ([`parse_day_first`]).
    pub fn date(&mut self, field: &'static str, text: &str) -> Option<Date> {
        if !self.required(field, text) {
            return None;
        }
        let d = parse_day_first(text);
        if d.is_none() {
            self.error(field, Msg::ErrDate);
        }
        d
    }

    /// One of a set of choices (sex, relation, …) that must be made.
    pub fn chosen<T>(&mut self, field: &'static str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.error(field, Msg::Required);
        }
        value
    }

    /// A rule across fields: when `holds` is false, `msg` goes on `field`.
    pub fn ensure(&mut self, field: &'static str, holds: bool, msg: Msg) -> bool {
        if !holds {
            self.error(field, msg);
        }
        holds
    }

    /// The form's value, or every error at once. `build` sees every value
    /// present once no error was recorded (the parse methods record one for
    /// each `None` they give), so it only unpacks them.
    pub fn finish<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, FieldErrors> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(build().expect("every missing value of a form records an error"))
    }
}

/// What a form shows under its fields. Before the first submit nothing;
/// after one, what `parse` says of the form now, so a field the user puts
/// right loses its error at once; and the server's refusals, but only on
/// fields still as they were sent (a refusal for a field the form does not
/// hold as such cannot be told unchanged, so it goes at the first edit).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feedback {
    /// The form as last sent, one JSON value per field.
    sent: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Feedback {
    /// A submit was tried with the form as it is now.
    pub fn sent(&mut self, form: &impl Serialize) {
        self.sent = Some(fields_of(form));
    }

    pub fn errors<F: Serialize>(
        &self,
        form: &F,
        parse_errors: impl FnOnce(&F) -> FieldErrors,
        refused: &[(&'static str, Msg)],
    ) -> FieldErrors {
        let Some(sent) = &self.sent else {
            return FieldErrors::new();
        };
        let mut errors = parse_errors(form);
        if !refused.is_empty() {
            let now = fields_of(form);
            for (field, msg) in refused {
                let unchanged = sent
                    .get(*field)
                    .is_some_and(|was| now.get(*field) == Some(was));
                if unchanged && !errors.iter().any(|(f, _)| f == field) {
                    errors.push((field, *msg));
                }
            }
        }
        errors
    }
}

fn fields_of(form: &impl Serialize) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(form) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// A date as people in Indonesia write it, day first: `15/05/1990`, also
/// with `-`, `.` or spaces between, or as 8 digits (`15051990`). A draft
/// saved before dates were typed this way holds `1990-05-15`, which is read
/// too (a 4-digit first part can only be a year).
pub fn parse_day_first(text: &str) -> Option<Date> {
    let text = text.trim();
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let (d, m, y) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (*d, *m, *y),
        [d, m, y] => (*d, *m, *y),
        [digits] if digits.len() == 8 => (&digits[..2], &digits[2..4], &digits[4..]),
        _ => return None,
    };
    let number = |s: &str, max_len| {
        (s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let (d, m, y) = (number(d, 2)?, number(m, 2)?, number(y, 4)?);
    (y >= 1000).then(|| Date::new(y, m as i8, d as i8).ok())?
}

/// How a date is shown in a form: `15/05/1990`.
pub fn day_first(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use paspor_domain::{Email, Nik};

    #[test]
    fn every_error_is_collected_and_a_complete_form_builds() {
        let mut c = Check::new();
        let nik = c.parse("nik", "3174014005900001", Nik::parse);
        let email = c.parse("email", "  ", Email::parse);
        let born = c.date("birth_date", "31/02/1990");
        let sex = c.chosen::<bool>("sex", None);
        c.ensure("confirm", false, Msg::ConfirmData);
        assert_eq!((nik, email, born, sex), (None, None, None, None));
        assert_eq!(
            c.finish(|| Some(())).unwrap_err(),
            [
                ("nik", Msg::ErrNik),
                ("email", Msg::Required),
                ("birth_date", Msg::ErrDate),
                ("sex", Msg::Required),
                ("confirm", Msg::ConfirmData)
            ]
        );

        let mut c = Check::new();
        let nik = c.parse("nik", "3174011505900001", Nik::parse);
        let born = c.date("birth_date", "15/05/1990");
        assert_eq!(
            c.finish(|| Some((nik?, born?)))
                .map(|(n, b)| (n.to_string(), b)),
            Ok(("3174011505900001".into(), date(1990, 5, 15)))
        );
    }

    #[test]
    fn dates_are_typed_day_first_whatever_the_separator() {
        for typed in [
            "15/05/1990",
            "15-05-1990",
            "15.5.1990",
            " 15 05 1990 ",
            "15051990",
            "1990-05-15",
        ] {
            assert_eq!(parse_day_first(typed), Some(date(1990, 5, 15)), "{typed}");
        }
        for bad in [
            "",
            "05/15/1990",
            "31/02/1990",
            "15/05/90",
            "15/05",
            "1990",
            "aa/bb/cccc",
            "15/05/1990/1",
            "+1/05/1990",
            "1505199",
        ] {
            assert_eq!(parse_day_first(bad), None, "{bad:?}");
        }
        assert_eq!(day_first(date(2031, 1, 20)), "20/01/2031");
        assert_eq!(
            parse_day_first(&day_first(date(2026, 12, 1))),
            Some(date(2026, 12, 1))
        );
    }

    #[derive(Serialize)]
    struct Form {
        email: String,
        nik: String,
    }

    fn own(f: &Form) -> FieldErrors {
        let mut c = Check::new();
        c.parse("email", &f.email, Email::parse);
        c.parse("nik", &f.nik, Nik::parse);
        c.finish(|| Some(())).err().unwrap_or_default()
    }

    #[test]
    fn errors_show_after_a_submit_and_go_when_their_field_is_right() {
        let mut fb = Feedback::default();
        let mut f = Form {
            email: String::new(),
            nik: String::new(),
        };
        assert!(
            fb.errors(&f, own, &[]).is_empty(),
            "nothing before a submit"
        );
        fb.sent(&f);
        assert_eq!(fb.errors(&f, own, &[]).len(), 2);
        f.email = "budi@example.com".into();
        assert_eq!(fb.errors(&f, own, &[]), [("nik", Msg::Required)]);
    }

    #[test]
    fn a_servers_refusal_stays_until_its_field_changes() {
        let mut fb = Feedback::default();
        let mut f = Form {
            email: "budi@example.com".into(),
            nik: "3174011505900001".into(),
        };
        let refused = [("email", Msg::ErrEmailTaken)];
        fb.sent(&f);
        assert_eq!(fb.errors(&f, own, &refused), refused);
        f.nik = "3174011505900002".into();
        assert_eq!(
            fb.errors(&f, own, &refused),
            refused,
            "another field changed"
        );
        f.email = "budi2@example.com".into();
        assert!(fb.errors(&f, own, &refused).is_empty());
    }
}
