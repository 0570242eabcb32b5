//! Paspor's backend: accounts and e-mail, offices, holidays and quotas,
//! bookings and lapor diri, over HTTPS.
//!
//! [`Application::build`] binds (port 0 in tests), migrates and seeds the
//! database and returns a server to run; [`router`] gives the bare router
//! for in-process tests. State lives only in the database, so any number of
//! processes can serve one PostgreSQL.

pub mod auth;
mod batch;
pub mod calendars;
pub mod client_addr;
pub mod config;
pub mod db;
pub mod desk;
pub mod error;
pub mod extract;
#[doc(hidden)]
pub mod fixtures;
mod fresh;
pub mod housekeeping;
pub mod json;
pub mod mail;
pub mod openapi;
pub mod quota;
pub mod rate_limit;
pub mod registry;
mod routes;
pub mod seed;
pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use error::ServerError;

#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub config: Arc<Config>,
    pub mailer: mail::Mailer,
    /// Every argon2 run goes through it (bounded concurrency).
    pub hasher: auth::Hasher,
    /// Where links in e-mails point.
    pub public_url: Arc<String>,
    /// Month calendars computed a moment ago, per process.
    pub calendars: Arc<calendars::Calendars>,
    /// Sessions looked up a moment ago, per process.
    pub sessions: Arc<auth::Sessions>,
    /// Slots seen without places a moment ago, per process.
    pub full_slots: Arc<quota::FullSlots>,
    /// Slots a booking read a moment ago, per process.
    pub known_slots: Arc<quota::KnownSlots>,
    /// Reads and writes this process's bookings, in batches.
    pub desk: desk::Desk,
}

/// JSON bodies are small; photos get their own, larger limit.
const BODY_LIMIT: usize = 64 * 1024;
pub const PHOTO_LIMIT: usize = 5 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    routes::router()
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(extract::one_error_shape))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

pub struct Application {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    state: AppState,
    tls: Option<tls::Certificate>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = db::Db::connect(&config.database_url).await?;
        seed::seed(&db).await?;
        quota::ensure_window(&db, &config.quota).await?;
        let listener = std::net::TcpListener::bind(config.bind)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let tls = tls::load(&config.tls)?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("{scheme}://{addr}"));
        if config.smtp.is_none() && !config.dev_mail {
            anyhow::bail!(
                "no SMTP relay (PASPOR_SMTP_HOST): set PASPOR_DEV_MAIL=1 to log codes and links instead (development only)"
            );
        }
        let mailer = mail::Mailer::new(&config)?;
        let hasher = auth::Hasher::new(config.argon2, config.argon2_permits, config.argon2_wait);
        let state = AppState {
            desk: desk::Desk::start(db.clone()),
            db,
            hasher,
            config: Arc::new(config),
            mailer,
            public_url: Arc::new(public_url),
            calendars: Default::default(),
            sessions: Default::default(),
            full_slots: Default::default(),
            known_slots: Default::default(),
        };
        Ok(Application {
            listener,
            addr,
            state,
            tls,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn base_url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// PEM of the certificate being served, for clients that pin it.
    pub fn certificate_pem(&self) -> Option<&[u8]> {
        self.tls.as_ref().map(|t| t.cert_pem.as_slice())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run(self) -> anyhow::Result<()> {
        quota::keep_window(self.state.db.clone(), self.state.config.quota.clone());
        housekeeping::spawn(self.state.db.clone());
        mail::spawn_worker(
            self.state.db.clone(),
            self.state.mailer.clone(),
            self.state.config.mail_retry,
            self.state.config.mail_attempts,
        );
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        match self.tls {
            Some(cert) => {
                let config = tls::rustls(&cert).await?;
                axum_server::from_tcp_rustls(self.listener, config)?
                    .serve(app)
                    .await?;
            }
            None => {
                let listener = tokio::net::TcpListener::from_std(self.listener)?;
                axum::serve(listener, app).await?;
            }
        }
        Ok(())
    }
}
