//! Every refusal the API can give, with its stable code and HTTP status, and
//! the one JSON shape they all take (see [`paspor_domain::api::ErrorBody`]).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paspor_domain::DomainError;
use paspor_domain::api::{ErrorBody, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// One or more fields are wrong; `fields` maps each to a stable code.
    #[error("invalid fields: {fields:?}")]
    Validation { fields: BTreeMap<String, String> },
    /// A booking or account rule refused the request.
    #[error(transparent)]
    Rule(#[from] DomainError),
    #[error("the request body is not valid JSON of the expected shape: {0}")]
    BadBody(String),
    #[error("{0} is already registered")]
    Taken(&'static str),
    #[error("this device has already registered an account")]
    DeviceAlreadyRegistered,
    #[error("wrong login or password")]
    InvalidCredentials,
    #[error("the account is not activated")]
    AccountInactive,
    #[error("missing, expired or revoked session")]
    Unauthorized,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("the code or link is wrong, used or expired")]
    InvalidToken,
    #[error("too many attempts; retry in {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("not found")]
    NotFound,
    #[error("this office has no online quota")]
    NoOnlineQuota,
    #[error("the session has too few places left")]
    SlotFull,
    #[error("the photo must be a JPEG or PNG image of at most 5 MB")]
    BadPhoto,
    #[error("the booking is already cancelled")]
    AlreadyCancelled,
    /// Anything that is our fault: logged with its cause chain, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ServerError {
    pub fn code(&self) -> &str {
        match self {
            ServerError::Validation { .. } => "validation",
            ServerError::Rule(e) => e.code(),
            ServerError::BadBody(_) => "bad_body",
            ServerError::Taken("email") => "email_taken",
            ServerError::Taken("username") => "username_taken",
            ServerError::Taken(_) => "nik_taken",
            ServerError::DeviceAlreadyRegistered => "device_already_registered",
            ServerError::InvalidCredentials => "invalid_credentials",
            ServerError::AccountInactive => "account_inactive",
            ServerError::Unauthorized => "unauthorized",
            ServerError::WrongPassword => "wrong_password",
            ServerError::InvalidToken => "invalid_token",
            ServerError::RateLimited { .. } => "rate_limited",
            ServerError::NotFound => "not_found",
            ServerError::NoOnlineQuota => "no_online_quota",
            ServerError::SlotFull => "slot_full",
            ServerError::BadPhoto => "bad_photo",
            ServerError::AlreadyCancelled => "already_cancelled",
            ServerError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        use ServerError::*;
        match self {
            Validation { .. } | BadBody(_) | BadPhoto => StatusCode::UNPROCESSABLE_ENTITY,
            Rule(DomainError::CancelDeadlinePassed)
            | Rule(DomainError::NikAlreadyBooked { .. })
            | Rule(DomainError::TooSoonAfterPreviousBooking { .. })
            | Rule(DomainError::DayNotBookable { .. })
            | Taken(_)
            | DeviceAlreadyRegistered
            | SlotFull
            | NoOnlineQuota
            | AlreadyCancelled => StatusCode::CONFLICT,
            Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            InvalidCredentials | Unauthorized => StatusCode::UNAUTHORIZED,
            AccountInactive | WrongPassword => StatusCode::FORBIDDEN,
            InvalidToken => StatusCode::BAD_REQUEST,
            RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            NotFound => StatusCode::NOT_FOUND,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn field(field: &str, code: &str) -> ServerError {
        ServerError::Validation {
            fields: BTreeMap::from([(field.to_owned(), code.to_owned())]),
        }
    }
}

impl From<sqlx::Error> for ServerError {
    fn from(e: sqlx::Error) -> Self {
        ServerError::Internal(e.into())
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        if let ServerError::Internal(e) = &self {
            tracing::error!(error = format!("{e:#}"), "internal error");
        }
        let status = self.status();
        let fields = match &self {
            ServerError::Validation { fields } => fields.clone(),
            ServerError::Rule(e) => e
                .field()
                .map(|f| BTreeMap::from([(f.to_owned(), e.code().to_owned())]))
                .unwrap_or_default(),
            _ => BTreeMap::new(),
        };
        let message = match &self {
            ServerError::Internal(_) => "internal error".to_owned(),
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message,
                fields,
            },
        };
        let mut resp = (status, axum::Json(body)).into_response();
        if let ServerError::RateLimited { retry_after } = self {
            resp.headers_mut().insert("retry-after", retry_after.into());
        }
        resp
    }
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;
