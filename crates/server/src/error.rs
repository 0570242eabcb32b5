//! Every refusal the API can give, with its [`ErrorCode`] and HTTP status,
//! and the one JSON shape they all take (see [`paspor_domain::api::ErrorBody`]).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paspor_domain::api::{ErrorBody, ErrorDetail};
use paspor_domain::{DomainError, ErrorCode, FieldPath};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// One or more fields are wrong, each with what is wrong with it.
    #[error("invalid fields: {fields:?}")]
    Validation {
        fields: BTreeMap<FieldPath, ErrorCode>,
    },
    /// A booking or account rule refused the request.
    #[error(transparent)]
    Rule(DomainError),
    #[error("the request body is not valid JSON of the expected shape: {0}")]
    BadBody(String),
    #[error("this e-mail is already registered")]
    EmailTaken,
    #[error("this username is already registered")]
    UsernameTaken,
    #[error("this NIK is already registered")]
    NikTaken,
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
    #[error("the server is busy; retry in {retry_after} s")]
    Busy { retry_after: u64 },
    /// The database did not answer (stopped, restarting, failing over, or
    /// every connection busy past the pool's wait): nothing was done, and
    /// the client may retry after `retry_after` seconds.
    #[error("the service is unavailable for a moment; retry in {retry_after} s")]
    Unavailable { retry_after: u64 },
    #[error("not found")]
    NotFound,
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("the request body is too large")]
    BodyTooLarge,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("this Idempotency-Key was used for a different request")]
    IdempotencyMismatch,
    #[error("this office has no online quota")]
    NoOnlineQuota,
    /// R-Q-9: applicant `index`'s NIK has an account that has not consented.
    #[error(
        "applicant {index}'s NIK belongs to an account that has not accepted a family link from this one"
    )]
    ConsentRequired { index: usize },
    #[error("the session has too few places left")]
    SlotFull,
    #[error("the photo must be a JPEG or PNG image of at most 5 MB")]
    BadPhoto,
    #[error("the booking is already cancelled")]
    AlreadyCancelled,
    /// Anything that is our fault: logged with its cause chain, never shown.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ServerError {
    pub fn code(&self) -> ErrorCode {
        use ServerError::*;
        match self {
            Validation { .. } => ErrorCode::Validation,
            Rule(e) => e.code(),
            BadBody(_) => ErrorCode::BadBody,
            EmailTaken => ErrorCode::EmailTaken,
            UsernameTaken => ErrorCode::UsernameTaken,
            NikTaken => ErrorCode::NikTaken,
            DeviceAlreadyRegistered => ErrorCode::DeviceAlreadyRegistered,
            InvalidCredentials => ErrorCode::InvalidCredentials,
            AccountInactive => ErrorCode::AccountInactive,
            Unauthorized => ErrorCode::Unauthorized,
            WrongPassword => ErrorCode::WrongPassword,
            InvalidToken => ErrorCode::InvalidToken,
            RateLimited { .. } => ErrorCode::RateLimited,
            Busy { .. } => ErrorCode::Busy,
            Unavailable { .. } => ErrorCode::Unavailable,
            NotFound => ErrorCode::NotFound,
            MethodNotAllowed => ErrorCode::MethodNotAllowed,
            BodyTooLarge => ErrorCode::BodyTooLarge,
            BadRequest(_) => ErrorCode::BadRequest,
            IdempotencyMismatch => ErrorCode::IdempotencyMismatch,
            NoOnlineQuota => ErrorCode::NoOnlineQuota,
            SlotFull => ErrorCode::SlotFull,
            ConsentRequired { .. } => ErrorCode::ConsentRequired,
            BadPhoto => ErrorCode::BadPhoto,
            AlreadyCancelled => ErrorCode::AlreadyCancelled,
            Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        use ServerError::*;
        match self {
            Validation { .. } | BadBody(_) | BadPhoto | IdempotencyMismatch => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Rule(DomainError::CancelDeadlinePassed)
            | Rule(DomainError::NikAlreadyBooked { .. })
            | Rule(DomainError::TooSoonAfterPreviousBooking { .. })
            | Rule(DomainError::DayNotBookable { .. })
            | EmailTaken
            | UsernameTaken
            | NikTaken
            | DeviceAlreadyRegistered
            | SlotFull
            | ConsentRequired { .. }
            | NoOnlineQuota
            | AlreadyCancelled => StatusCode::CONFLICT,
            Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            InvalidCredentials | Unauthorized => StatusCode::UNAUTHORIZED,
            AccountInactive | WrongPassword => StatusCode::FORBIDDEN,
            InvalidToken => StatusCode::BAD_REQUEST,
            RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Busy { .. } | Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            BadRequest(_) => StatusCode::BAD_REQUEST,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// One wrong field.
    pub fn field(field: impl Into<FieldPath>, code: ErrorCode) -> ServerError {
        ServerError::Validation {
            fields: BTreeMap::from([(field.into(), code)]),
        }
    }
}

/// A domain error that always belongs to one field (a stay that ends before
/// it starts) is that field's error; any other is a rule's refusal.
impl From<DomainError> for ServerError {
    fn from(e: DomainError) -> Self {
        match e.field() {
            Some(field) => ServerError::field(field, e.code()),
            None => ServerError::Rule(e),
        }
    }
}

/// How long a client is told to wait when the database is away: about the
/// time PostgreSQL takes to restart or a replica to be promoted.
pub const UNAVAILABLE_RETRY_AFTER: u64 = 2;

impl From<sqlx::Error> for ServerError {
    fn from(e: sqlx::Error) -> Self {
        if database_unreachable(&e) {
            tracing::warn!(error = %e, "database unavailable");
            ServerError::Unavailable {
                retry_after: UNAVAILABLE_RETRY_AFTER,
            }
        } else {
            ServerError::Internal(e.into())
        }
    }
}

/// The database is not there, as opposed to refusing a statement: no
/// connection within the pool's wait, a connection lost, or PostgreSQL
/// shutting down or starting up (SQLSTATE class 08, 57P01..57P03).
fn database_unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03")),
        _ => false,
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        if let ServerError::Internal(e) = &self {
            tracing::error!(error = format!("{e:#}"), "internal error");
        }
        let message = match &self {
            ServerError::Internal(_) => "internal error".to_owned(),
            other => other.to_string(),
        };
        let (status, code) = (self.status(), self.code());
        let retry_after = match &self {
            ServerError::RateLimited { retry_after }
            | ServerError::Busy { retry_after }
            | ServerError::Unavailable { retry_after } => Some(*retry_after),
            _ => None,
        };
        let fields = match self {
            ServerError::Validation { fields } => fields,
            ServerError::ConsentRequired { index } => BTreeMap::from([(
                FieldPath::from(paspor_domain::FieldId::Applicants)
                    .at(index)
                    .then(paspor_domain::FieldId::Nik),
                ErrorCode::ConsentRequired,
            )]),
            _ => BTreeMap::new(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                fields,
            },
        };
        let mut resp = (status, axum::Json(body)).into_response();
        if let Some(retry_after) = retry_after {
            resp.headers_mut().insert("retry-after", retry_after.into());
        }
        resp
    }
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;
