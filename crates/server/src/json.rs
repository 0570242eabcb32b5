//! The JSON body extractor. A body that fails to parse is refused with the
//! field that failed and the domain's own code for it, so API clients get the
//! same per-field errors the app shows (R-REG-1), never a bare 400.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use paspor_domain::*;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::error::ServerError;

pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ServerError::BodyTooLarge
            } else {
                ServerError::BadBody(e.body_text())
            }
        })?;
        parse(&bytes).map(Json)
    }
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ServerError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = field_path(e.path());
        let inner = e.into_inner();
        let message = inner.to_string();
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = FieldId::from(rest.split('`').next().unwrap_or_default());
            let full = match path {
                Some(parent) => parent.then(name),
                None => FieldPath::from(name),
            };
            return ServerError::field(full, ErrorCode::Required);
        }
        let Some(path) = path.filter(|_| !inner.is_syntax() && !inner.is_eof()) else {
            return ServerError::BadBody(message);
        };
        let raw = serde_json::from_slice::<serde_json::Value>(bytes).ok();
        let code = match raw.as_ref().and_then(|v| lookup(v, &path)) {
            None | Some(serde_json::Value::Null) => ErrorCode::Required,
            Some(serde_json::Value::String(s)) => {
                domain_code(path.field(), s).unwrap_or(ErrorCode::Invalid)
            }
            Some(_) => ErrorCode::Invalid,
        };
        ServerError::field(path, code)
    })
}

/// serde_path_to_error's path as a [`FieldPath`]; `None` at the root or
/// where the path is no field of ours (an enum variant, an unnamed key).
fn field_path(path: &serde_path_to_error::Path) -> Option<FieldPath> {
    let mut out: Option<FieldPath> = None;
    for segment in path {
        out = Some(match (segment, out) {
            (Segment::Map { key }, None) => FieldPath::from(FieldId::from(key.as_str())),
            (Segment::Map { key }, Some(p)) => p.then(FieldId::from(key.as_str())),
            (Segment::Seq { index }, Some(p)) if p.leaf.index.is_none() => p.at(*index),
            _ => return None,
        });
    }
    out
}

/// The value at `path` in the request, to tell a missing value from a bad one.
fn lookup<'v>(v: &'v serde_json::Value, path: &FieldPath) -> Option<&'v serde_json::Value> {
    path.steps().try_fold(v, |v, step| {
        let v = v.get(step.field.as_str())?;
        match step.index {
            Some(i) => v.get(i),
            None => Some(v),
        }
    })
}

/// The domain parser's code for a string field that failed: the request types
/// parse each field with the type below, so parsing again says why.
fn domain_code(field: &FieldId, s: &str) -> Option<ErrorCode> {
    fn code<T>(r: Result<T, DomainError>) -> Option<ErrorCode> {
        r.err().map(|e| e.code())
    }
    match field {
        FieldId::Nik => code(Nik::parse(s)),
        FieldId::Kk => code(KkNumber::parse(s)),
        FieldId::Email => code(Email::parse(s)),
        FieldId::Username => code(Username::parse(s)),
        FieldId::Login => code(LoginId::parse(s)),
        FieldId::Password | FieldId::NewPassword => code(Password::parse(s)),
        FieldId::Phone => code(PhoneNumber::parse(s)),
        FieldId::FullName => code(PersonName::parse(s)),
        FieldId::Number => code(PassportNumber::parse(s)),
        FieldId::Nationality => code(CountryCode::parse(s)),
        FieldId::Code => code(ActivationCode::parse(s)),
        FieldId::BirthPlace
        | FieldId::GivenNames
        | FieldId::Country
        | FieldId::City
        | FieldId::Address => code(FreeText::parse(s)),
        FieldId::Sex => code(s.parse::<Sex>()),
        FieldId::Relation => code(s.parse::<Relation>()),
        FieldId::ApplicationType => code(s.parse::<ApplicationType>()),
        FieldId::BirthDate
        | FieldId::ExpiryDate
        | FieldId::Date
        | FieldId::StayFrom
        | FieldId::StayUntil => Some(ErrorCode::DateInvalid),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use paspor_domain::api::CreateBookingRequest;

    /// The refused fields as they go on the wire.
    fn fields(e: ServerError) -> BTreeMap<String, String> {
        match e {
            ServerError::Validation { fields } => fields
                .iter()
                .map(|(f, c)| (f.to_string(), c.to_string()))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_nested_field_is_named_with_its_domain_code() {
        let body = br#"{"office_id":1,"date":"2026-12-02","slot_id":1,"applicants":[
            {"full_name":"Budi","nik":"3174011505900001","kk":"3174010101090001","birth_place":"X","birth_date":"1990-05-15","sex":"male","relation":null,"application_type":"new","old_passport":null},
            {"full_name":"Siti","nik":"3174014005900001","kk":"3174010101090001","birth_place":"X","birth_date":"1990-05-15","sex":"female","relation":"wife","application_type":"new","old_passport":null}]}"#;
        let f = fields(parse::<CreateBookingRequest>(body).map(drop).unwrap_err());
        assert_eq!(f["applicants[1].nik"], "nik_birth_date");
    }

    #[test]
    fn the_newer_domain_types_name_their_fields_with_the_codes_of_old() {
        let report = |patch: serde_json::Value| {
            let mut body = serde_json::json!({
                "passport": {"number": "X1234567", "surname": "", "given_names": "SITI", "nationality": "IDN",
                             "birth_date": "1990-05-15", "sex": "female", "expiry_date": "2030-01-01", "mrz_verified": true},
                "country": "Jepang", "city": "Tokyo", "address": "Shibuya", "stay_from": "2026-01-01", "stay_until": "2026-02-01"
            });
            json_patch(&mut body, patch);
            fields(
                parse::<paspor_domain::api::LaporDiriRequest>(body.to_string().as_bytes())
                    .map(drop)
                    .unwrap_err(),
            )
        };
        let f = report(serde_json::json!({"passport": {"nationality": "Indonesia"}}));
        assert_eq!(f["passport.nationality"], "nationality_invalid");
        let f = report(serde_json::json!({"passport": {"given_names": " "}}));
        assert_eq!(f["passport.given_names"], "required");
        assert_eq!(
            report(serde_json::json!({"city": "  "}))["city"],
            "required"
        );
        let long = "x".repeat(301);
        assert_eq!(
            report(serde_json::json!({"address": long}))["address"],
            "too_long"
        );
        assert_eq!(
            report(serde_json::json!({"stay_from": "2026-13-01"}))["stay_from"],
            "date_invalid"
        );
        let f = fields(
            parse::<paspor_domain::api::ActivateRequest>(br#"{"email":"a@b.co","code":"12x456"}"#)
                .map(drop)
                .unwrap_err(),
        );
        assert_eq!(f["code"], "activation_code_invalid");
    }

    /// Overwrites the leaves of `target` that `patch` names.
    fn json_patch(target: &mut serde_json::Value, patch: serde_json::Value) {
        match patch {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    json_patch(&mut target[&k], v);
                }
            }
            leaf => *target = leaf,
        }
    }

    #[test]
    fn missing_fields_are_required_and_syntax_errors_are_bad_bodies() {
        let f = fields(
            parse::<paspor_domain::api::ResendRequest>(b"{}")
                .map(drop)
                .unwrap_err(),
        );
        assert_eq!(f["email"], "required");
        assert!(matches!(
            parse::<paspor_domain::api::ResendRequest>(b"{").map(drop),
            Err(ServerError::BadBody(_))
        ));
        assert!(matches!(
            parse::<paspor_domain::api::ResendRequest>(b"[]").map(drop),
            Err(ServerError::BadBody(_))
        ));
    }
}
