use std::collections::BTreeMap;
use std::time::Duration;

use paspor_domain::api::ErrorBody;
use paspor_domain::{ErrorCode, FieldPath};

/// What can go wrong talking to the backend. The app shows `Unreachable` and
/// `Timeout` with a retry button, `Api` as field errors or a message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error("the server cannot be reached: {0}")]
    Unreachable(String),
    #[error("the server did not answer in time")]
    Timeout,
    /// A code or field this build does not know comes as `Unknown`, so a
    /// newer server's refusal is still read.
    #[error("the server refused ({status} {code}): {message}")]
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
        fields: BTreeMap<FieldPath, ErrorCode>,
        /// The server's `Retry-After`: it shed the request (429, 503) and
        /// says when another try may pass.
        retry_after: Option<Duration>,
    },
    #[error("the server's reply could not be read: {0}")]
    Decode(String),
    #[error("client set-up failed: {0}")]
    Config(String),
}

impl ClientError {
    /// A stable code for logs, the server's own for refusals.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Unreachable(_) => "unreachable",
            ClientError::Timeout => "timeout",
            ClientError::Api { code, .. } => code.as_str(),
            ClientError::Decode(_) => "decode",
            ClientError::Config(_) => "config",
        }
    }

    /// Whether the request may not have reached the server, so repeating it
    /// (with the same idempotency key) is safe and may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            ClientError::Unreachable(_) | ClientError::Timeout => true,
            ClientError::Api { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    pub(crate) fn from_transport(e: reqwest::Error) -> ClientError {
        if e.is_timeout() {
            ClientError::Timeout
        } else if e.is_decode() {
            ClientError::Decode(e.to_string())
        } else {
            // The chain says why (refused, TLS, DNS); the top line rarely does.
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            ClientError::Unreachable(msg)
        }
    }

    /// The refusal with the `Retry-After` its reply carried.
    pub(crate) fn retry_after(mut self, after: Option<Duration>) -> ClientError {
        if let ClientError::Api { retry_after, .. } = &mut self {
            *retry_after = after;
        }
        self
    }

    /// How long the server asked to wait before trying again, when it shed
    /// the request for load or an outage (not for a rule or bad input).
    pub fn wait_hint(&self) -> Option<Duration> {
        match self {
            ClientError::Api {
                status: 429 | 503,
                retry_after,
                ..
            } => *retry_after,
            _ => None,
        }
    }

    pub(crate) fn from_refusal(status: u16, body: &[u8]) -> ClientError {
        match serde_json::from_slice::<ErrorBody>(body) {
            Ok(b) => ClientError::Api {
                status,
                code: b.error.code,
                message: b.error.message,
                fields: b.error.fields,
                retry_after: None,
            },
            // A proxy's HTML error page, say: keep the status, invent nothing.
            Err(_) => ClientError::Api {
                status,
                code: ErrorCode::Unknown(format!("http_{status}")),
                message: String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
                fields: BTreeMap::new(),
                retry_after: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_load_shedding_carries_a_wait_hint() {
        let body = br#"{"error":{"code":"unavailable","message":"m","fields":{}}}"#;
        let hint = Some(Duration::from_secs(2));
        for status in [429, 503] {
            let e = ClientError::from_refusal(status, body).retry_after(hint);
            assert_eq!(e.wait_hint(), hint);
        }
        // A refusal on the merits is not retried, whatever headers came with it.
        let e = ClientError::from_refusal(409, body).retry_after(hint);
        assert_eq!(e.wait_hint(), None);
        assert_eq!(ClientError::Timeout.wait_hint(), None);
    }

    #[test]
    fn refusals_keep_the_servers_code_and_fields() {
        let body =
            br#"{"error":{"code":"validation","message":"bad","fields":{"nik":"nik_format"}}}"#;
        let e = ClientError::from_refusal(422, body);
        assert_eq!(e.code(), "validation");
        match e {
            ClientError::Api { fields, .. } => assert_eq!(
                fields[&paspor_domain::FieldId::Nik.into()].as_str(),
                "nik_format"
            ),
            _ => unreachable!(),
        }
    }

    #[test]
    fn codes_and_fields_from_a_newer_server_are_kept_not_refused() {
        let body = br#"{"error":{"code":"new_rule","message":"m","fields":{"passport.middle_name":"too_odd","nik":"nik_format"}}}"#;
        match ClientError::from_refusal(409, body) {
            ClientError::Api { code, fields, .. } => {
                assert_eq!(code, ErrorCode::Unknown("new_rule".into()));
                assert_eq!(
                    fields[&"passport.middle_name".parse().unwrap()],
                    ErrorCode::Unknown("too_odd".into())
                );
                assert_eq!(
                    fields[&paspor_domain::FieldId::Nik.into()],
                    ErrorCode::NikFormat
                );
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn a_non_json_refusal_is_still_typed() {
        let e = ClientError::from_refusal(502, b"<html>Bad Gateway</html>");
        assert_eq!(e.code(), "http_502");
        assert!(e.is_retryable());
        assert!(!ClientError::from_refusal(409, b"").is_retryable());
    }
}
