//! HTTP: each module lists its endpoints once, each with its path, handler
//! and OpenAPI entry, and [`router`] and the `/openapi.json` document are
//! both made from that one list. Handlers only extract, call the module's
//! use case and reply.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::routing::{MethodFilter, MethodRouter, get, on};

use crate::error::ServerError;
use crate::openapi::{self, Body, Operation};
use crate::{AppState, client_addr};

mod accounts;
mod bookings;
mod content;
mod family;
mod offices;
mod pages;
mod reports;

pub const API_PREFIX: &str = "/api/v1";

/// One endpoint under [`API_PREFIX`].
pub struct Endpoint {
    path: &'static str,
    handler: MethodRouter<AppState>,
    doc: Operation,
}

impl Endpoint {
    fn new<H: Handler<T, AppState>, T: 'static>(
        method: &'static str,
        filter: MethodFilter,
        path: &'static str,
        handler: H,
    ) -> Endpoint {
        Endpoint {
            path,
            handler: on(filter, handler),
            doc: Operation {
                method,
                path: format!("{API_PREFIX}{path}"),
                summary: "",
                request: Body::Empty,
                status: 200,
                response: Body::Empty,
                query: &[],
                headers: &[],
                auth: false,
                refusals: &[],
                conditional: false,
            },
        }
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Endpoint {
        Endpoint::new("get", MethodFilter::GET, path, h)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Endpoint {
        Endpoint::new("post", MethodFilter::POST, path, h)
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Endpoint {
        Endpoint::new("put", MethodFilter::PUT, path, h)
    }

    pub fn summary(mut self, summary: &'static str) -> Endpoint {
        self.doc.summary = summary;
        self
    }

    pub fn request(mut self, body: Body) -> Endpoint {
        self.doc.request = body;
        self
    }

    pub fn reply(mut self, status: u16, body: Body) -> Endpoint {
        self.doc.status = status;
        self.doc.response = body;
        self
    }

    pub fn query(mut self, params: &'static [(&'static str, &'static str)]) -> Endpoint {
        self.doc.query = params;
        self
    }

    pub fn headers(mut self, headers: &'static [(&'static str, &'static str)]) -> Endpoint {
        self.doc.headers = headers;
        self
    }

    /// The refusal statuses it can give beyond those of its kind.
    pub fn refuses(mut self, statuses: &'static [u16]) -> Endpoint {
        self.doc.refusals = statuses;
        self
    }

    /// Sends `ETag` and answers a matching `If-None-Match` with 304.
    pub fn conditional(mut self) -> Endpoint {
        self.doc.conditional = true;
        self
    }

    /// Needs a bearer session.
    pub fn signed_in(mut self) -> Endpoint {
        self.doc.auth = true;
        self
    }

    pub fn map_handler(
        mut self,
        f: impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState>,
    ) -> Endpoint {
        self.handler = f(self.handler);
        self
    }
}

fn endpoints() -> Vec<Endpoint> {
    [
        accounts::endpoints(),
        offices::endpoints(),
        bookings::endpoints(),
        family::endpoints(),
        reports::endpoints(),
        content::endpoints(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn router() -> Router<AppState> {
    let endpoints = endpoints();
    let document = openapi::document(endpoints.iter().map(|e| &e.doc));
    let api = endpoints
        .into_iter()
        .fold(Router::new(), |api, e| api.route(e.path, e.handler))
        .fallback(|| async { ServerError::NotFound });
    let pages = Router::new()
        .route(
            "/activate",
            get(pages::activate_page).post(pages::activate_submit),
        )
        .route(
            "/reset-password",
            get(pages::reset_page).post(pages::reset_submit),
        )
        .layer(axum::middleware::map_response(pages::security_headers));
    Router::new()
        .nest(API_PREFIX, api)
        .merge(pages)
        .route("/health", get(|| async { "ok" }))
        .route(
            "/openapi.json",
            get(move || std::future::ready(axum::Json(document.clone()))),
        )
        .fallback(|| async { ServerError::NotFound })
        .method_not_allowed_fallback(|| async { ServerError::MethodNotAllowed })
}

/// The client's address for rate limits: the TCP peer, or behind a trusted
/// proxy its `X-Forwarded-For` (see [`crate::client_addr`]); an IPv6 client
/// is its /64.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let Some(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
        else {
            return Ok(ClientAddr("local".into()));
        };
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        let ip = client_addr::client_ip(peer, forwarded, &s.config.trusted_proxies);
        Ok(ClientAddr(client_addr::bucket_key(ip)))
    }
}
