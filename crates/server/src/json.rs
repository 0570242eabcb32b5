//! The JSON body extractor. A body that fails to parse is refused with the
//! field that failed and the domain's own code for it, so API clients get the
//! same per-field errors the app shows (R-REG-1), never a bare 400.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use paspor_domain::*;
use serde::de::DeserializeOwned;

use crate::error::ServerError;

pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ServerError::BadBody(e.body_text()))?;
        parse(&bytes).map(Json)
    }
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ServerError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = path.rsplit('.').next().unwrap_or("").to_owned();
        let inner = e.into_inner();
        let message = inner.to_string();
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            let full = if path == "." || path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            };
            return ServerError::Validation {
                fields: BTreeMap::from([(full, "required".to_owned())]),
            };
        }
        if field.is_empty() || field == "?" || inner.is_syntax() || inner.is_eof() {
            return ServerError::BadBody(inner.to_string());
        }
        let raw: Option<serde_json::Value> = serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .and_then(|v| lookup(&v, &path).cloned());
        let code = match raw {
            None | Some(serde_json::Value::Null) => "required".to_owned(),
            Some(serde_json::Value::String(s)) => {
                domain_code(&field, &s).unwrap_or("invalid").to_owned()
            }
            Some(_) => "invalid".to_owned(),
        };
        ServerError::Validation {
            fields: BTreeMap::from([(path, code)]),
        }
    })
}

/// Follows a serde_path_to_error path (`applicants[1].nik`) into a value.
fn lookup<'v>(v: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !name.is_empty() {
            cur = cur.get(name)?;
        }
        if let Some(i) = index {
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

/// The domain parser's stable code for a string field that failed.
fn domain_code(field: &str, s: &str) -> Option<&'static str> {
    let code = |r: Result<(), DomainError>| r.err().map(|e| e.code());
    match field {
        "nik" => code(Nik::parse(s).map(drop)),
        "kk" => code(KkNumber::parse(s).map(drop)),
        "email" => code(Email::parse(s).map(drop)),
        "username" => code(Username::parse(s).map(drop)),
        "login" => code(LoginId::parse(s).map(drop)),
        "password" | "new_password" => code(Password::parse(s).map(drop)),
        "phone" => code(PhoneNumber::parse(s).map(drop)),
        "full_name" => code(PersonName::parse(s).map(drop)),
        "number" => code(PassportNumber::parse(s).map(drop)),
        "sex" => code(s.parse::<Sex>().map(drop)),
        "relation" => code(s.parse::<Relation>().map(drop)),
        "application_type" => code(s.parse::<ApplicationType>().map(drop)),
        _ if field.contains("date") || field.starts_with("stay_") => Some("date_invalid"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paspor_domain::api::CreateBookingRequest;

    fn fields(e: ServerError) -> BTreeMap<String, String> {
        match e {
            ServerError::Validation { fields } => fields,
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
