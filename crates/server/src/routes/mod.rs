use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::routing::{get, post, put};

use crate::AppState;
use crate::error::ServerError;

mod accounts;
mod bookings;
mod content;
mod offices;
mod pages;
mod reports;
pub(crate) mod rows;

pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/auth/register", post(accounts::register))
        .route("/auth/activate", post(accounts::activate))
        .route("/auth/resend-activation", post(accounts::resend))
        .route("/auth/login", post(accounts::login))
        .route("/auth/logout", post(accounts::logout))
        .route("/auth/forgot-password", post(accounts::forgot))
        .route("/auth/reset-password", post(accounts::reset))
        .route("/me", get(accounts::me).put(accounts::update_me))
        .route("/me/password", post(accounts::change_password))
        .route(
            "/me/photo",
            put(accounts::upload_photo)
                .get(accounts::photo)
                .layer(axum::extract::DefaultBodyLimit::max(crate::PHOTO_LIMIT)),
        )
        .route("/offices", get(offices::list))
        .route("/offices/{id}/calendar", get(offices::calendar))
        .route("/bookings", post(bookings::create).get(bookings::list))
        .route("/bookings/{code}", get(bookings::detail))
        .route("/bookings/{code}/cancel", post(bookings::cancel))
        .route("/reports", post(reports::submit).get(reports::list))
        .route("/content/{page}", get(content::page))
        .fallback(|| async { ServerError::NotFound });
    Router::new()
        .nest("/api/v1", api)
        .route(
            "/activate",
            get(pages::activate_page).post(pages::activate_submit),
        )
        .route(
            "/reset-password",
            get(pages::reset_page).post(pages::reset_submit),
        )
        .route("/health", get(|| async { "ok" }))
        .route("/openapi.json", get(content::openapi))
}

/// The client's address for rate limits: the TCP peer. (Behind a proxy,
/// put the proxy's forwarded address here; none is trusted by default.)
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "local".into()),
        ))
    }
}
