//! One error shape everywhere (issue 13.4): path and query extractors whose
//! refusals are [`ServerError`]s, and [`one_error_shape`], the layer that
//! turns whatever else answers with an error in another shape (axum's own
//! 404, 405, 413 and rejections, all `text/plain` or empty) into the
//! project's JSON [`paspor_domain::api::ErrorBody`] with a stable code.

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use paspor_domain::{ErrorCode, FieldId};
use serde::de::DeserializeOwned;

use crate::error::ServerError;

/// axum's `Path`, refusing a value that does not parse as a per-field
/// `invalid` (the field named after the path parameter).
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let field = match e.kind() {
                    axum::extract::path::ErrorKind::ParseErrorAtKey { key, .. }
                    | axum::extract::path::ErrorKind::InvalidUtf8InPathParam { key } => {
                        FieldId::from(key.as_str())
                    }
                    // One parameter (`Path<i64>`): no key in the error, so
                    // it is the only one the route has.
                    _ => match axum::extract::RawPathParams::from_request_parts(parts, state).await
                    {
                        Ok(raw) if raw.iter().count() == 1 => {
                            FieldId::from(raw.iter().next().map_or("id", |(k, _)| k))
                        }
                        _ => FieldId::Id,
                    },
                };
                Err(ServerError::field(field, ErrorCode::Invalid))
            }
            Err(e) => Err(ServerError::BadRequest(e.body_text())),
        }
    }
}

/// axum's `Query`, refusing a missing parameter as `required` and a bad one
/// as `invalid`, per field.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|e| {
                let message = e.inner().to_string();
                match message.strip_prefix("missing field `") {
                    Some(rest) => ServerError::field(
                        FieldId::from(rest.split('`').next().unwrap_or_default()),
                        ErrorCode::Required,
                    ),
                    None => match e.path().iter().next() {
                        Some(serde_path_to_error::Segment::Map { key }) => {
                            ServerError::field(FieldId::from(key.as_str()), ErrorCode::Invalid)
                        }
                        _ => ServerError::BadRequest(message),
                    },
                }
            })
    }
}

/// Any 4xx/5xx reply that is not JSON becomes the JSON error shape, with the
/// code its status means.
pub async fn one_error_shape(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if json {
        return resp;
    }
    let allow: Option<HeaderValue> = resp.headers().get(header::ALLOW).cloned();
    let (_, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let error = match status {
        StatusCode::NOT_FOUND => ServerError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ServerError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ServerError::BodyTooLarge,
        StatusCode::UNPROCESSABLE_ENTITY => ServerError::BadBody(text),
        s if s.is_server_error() => {
            ServerError::Internal(anyhow::anyhow!("{s} without a JSON body: {text}"))
        }
        _ => ServerError::BadRequest(text),
    };
    let mut out = error.into_response();
    // A status of its own (415, 408…) stays; the body says `bad_request`.
    if status.is_client_error() {
        *out.status_mut() = status;
    }
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}
