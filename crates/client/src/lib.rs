//! The Paspor backend over HTTPS, one typed method per endpoint.
//!
//! Requests and replies are the shared contract in [`paspor_domain::api`], so
//! a reply that decodes is already made of valid values. Every refusal comes
//! back as [`ClientError::Api`] with the server's stable code and per-field
//! codes; transport trouble is told apart from refusals so the app can offer
//! "retry" for the one and field errors for the other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paspor_domain::api::*;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::{Serialize, de::DeserializeOwned};

mod error;
pub use error::ClientError;

/// Where the backend is and which certificate to trust.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// e.g. `https://127.0.0.1:8443`; `/api/v1` is appended.
    pub base_url: String,
    /// PEM of the one certificate to trust instead of any root: the embedded
    /// backend's self-signed one, or a test server's. `None` verifies the
    /// server against [`ClientConfig::roots`], as for any public server.
    pub pinned_certificate: Option<Vec<u8>>,
    /// Which certificate authorities vouch for a public server.
    pub roots: Roots,
    /// Sent as `X-Device-Id` on registration (R-REG-3).
    pub device_id: String,
    pub timeout: Duration,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, device_id: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            pinned_certificate: None,
            roots: Roots::default(),
            device_id: device_id.into(),
            timeout: Duration::from_secs(20),
        }
    }
}

/// The certificate authorities a public backend's certificate must chain to.
/// Certificates are verified in every mode; only the list of trusted roots
/// differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roots {
    /// The operating system's verifier and trust store
    /// (`rustls-platform-verifier`): Keychain on Apple systems, the Windows
    /// store, the distribution's bundle on Linux. Revocation and
    /// user-installed enterprise roots work as the OS decides.
    Platform,
    /// Mozilla's root programme, compiled into the app (`webpki-root-certs`),
    /// verified by rustls' own WebPKI verifier. On Android the platform
    /// verifier needs a JNI initialisation and a Kotlin component in the
    /// package, and panics on the first request without them; a compiled-in
    /// list needs neither, and the same verifier runs in this crate's tests.
    /// It is refreshed with each app release (the crate is kept current).
    Mozilla,
}

impl Default for Roots {
    /// [`Roots::Mozilla`] on Android, [`Roots::Platform`] elsewhere.
    fn default() -> Self {
        if cfg!(target_os = "android") {
            Roots::Mozilla
        } else {
            Roots::Platform
        }
    }
}

/// Cheap to clone: clones share one connection pool and one calendar cache.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    device_id: String,
    token: Option<String>,
    /// The last calendar of each office and month with its `ETag`, so
    /// asking again costs an empty 304 while nothing changed.
    calendars: Arc<Mutex<HashMap<String, (String, MonthCalendar)>>>,
}

/// `Retry-After` in seconds (the only form this server sends).
fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    resp.headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_secs)
}

/// A conditional GET's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Changed<T> {
    /// 304: the version named in `If-None-Match` is still the current one.
    No,
    /// The current version, with its `ETag` when the server sent one.
    Yes { value: T, etag: Option<String> },
}

/// How often and how patiently a booking is retried with the same
/// `Idempotency-Key` when the network, not the server, failed.
const BOOKING_ATTEMPTS: u32 = 3;

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, ClientError> {
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(10))
            .https_only(true)
            .user_agent(concat!("paspor-client/", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = &config.pinned_certificate {
            // A PEM without a certificate would trust nothing and fail every
            // request later with an obscure TLS error; refuse it now.
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| ClientError::Config(e.to_string()))?;
            if certs.is_empty() {
                return Err(ClientError::Config(
                    "the pinned PEM holds no certificate".into(),
                ));
            }
            builder = builder.tls_certs_only(certs);
        } else if config.roots == Roots::Mozilla {
            let certs = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .map(|der| reqwest::Certificate::from_der(der))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| ClientError::Config(e.to_string()))?;
            builder = builder.tls_certs_only(certs);
        }
        let http = builder
            .build()
            .map_err(|e| ClientError::Config(e.to_string()))?;
        Ok(Client {
            http,
            base: format!("{}/api/v1", config.base_url.trim_end_matches('/')),
            device_id: config.device_id,
            token: None,
            calendars: Default::default(),
        })
    }

    /// A client that sends this session token.
    pub fn with_token(&self, token: impl Into<String>) -> Client {
        Client {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let r = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    async fn send<T: DeserializeOwned>(&self, r: RequestBuilder) -> Result<T, ClientError> {
        let resp = r.send().await.map_err(ClientError::from_transport)?;
        self.read(resp).await
    }

    /// A reply as `T`, or the refusal it carries.
    async fn read<T: DeserializeOwned>(&self, resp: reqwest::Response) -> Result<T, ClientError> {
        let status = resp.status();
        let retry_after = retry_after(&resp);
        let bytes = resp.bytes().await.map_err(ClientError::from_transport)?;
        if status.is_success() {
            let body: &[u8] = if status == StatusCode::NO_CONTENT || bytes.is_empty() {
                b"null"
            } else {
                &bytes
            };
            serde_json::from_slice(body).map_err(|e| ClientError::Decode(e.to_string()))
        } else {
            Err(ClientError::from_refusal(status.as_u16(), &bytes).retry_after(retry_after))
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send(self.request(Method::GET, path)).await
    }

    async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(self.request(Method::POST, path).json(body)).await
    }

    // Accounts

    pub async fn register(&self, req: &RegisterRequest) -> Result<Accepted, ClientError> {
        self.send(
            self.request(Method::POST, "/auth/register")
                .header(DEVICE_ID_HEADER, &self.device_id)
                .json(req),
        )
        .await
    }

    pub async fn activate(&self, req: &ActivateRequest) -> Result<Accepted, ClientError> {
        self.post("/auth/activate", req).await
    }

    /// The e-mailed link's token, from a `paspor://activate` deep link.
    pub async fn activate_link(&self, req: &ActivateLinkRequest) -> Result<Accepted, ClientError> {
        self.post("/auth/activate-link", req).await
    }

    pub async fn resend_activation(&self, req: &ResendRequest) -> Result<Accepted, ClientError> {
        self.post("/auth/resend-activation", req).await
    }

    /// On success, use [`Client::with_token`] with the returned token.
    pub async fn login(&self, req: &LoginRequest) -> Result<LoginResponse, ClientError> {
        self.post("/auth/login", req).await
    }

    /// Revokes this client's session on the server.
    pub async fn logout(&self) -> Result<(), ClientError> {
        self.send(self.request(Method::POST, "/auth/logout")).await
    }

    pub async fn forgot_password(&self, req: &ForgotRequest) -> Result<Accepted, ClientError> {
        self.post("/auth/forgot-password", req).await
    }

    pub async fn reset_password(&self, req: &ResetRequest) -> Result<Accepted, ClientError> {
        self.post("/auth/reset-password", req).await
    }

    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("/me").await
    }

    pub async fn update_me(&self, req: &UpdateProfileRequest) -> Result<Me, ClientError> {
        self.send(self.request(Method::PUT, "/me").json(req)).await
    }

    pub async fn change_password(
        &self,
        req: &ChangePasswordRequest,
    ) -> Result<Accepted, ClientError> {
        self.post("/me/password", req).await
    }

    /// `content_type` is `image/jpeg` or `image/png`; the server re-encodes.
    pub async fn upload_photo(
        &self,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<Me, ClientError> {
        self.send(
            self.request(Method::PUT, "/me/photo")
                .header("content-type", content_type)
                .body(bytes),
        )
        .await
    }

    pub async fn photo(&self) -> Result<Vec<u8>, ClientError> {
        let resp = self
            .request(Method::GET, "/me/photo")
            .send()
            .await
            .map_err(ClientError::from_transport)?;
        let status = resp.status();
        let retry_after = retry_after(&resp);
        let bytes = resp.bytes().await.map_err(ClientError::from_transport)?;
        if status.is_success() {
            Ok(bytes.to_vec())
        } else {
            Err(ClientError::from_refusal(status.as_u16(), &bytes).retry_after(retry_after))
        }
    }

    // Offices and quota

    pub async fn offices(&self) -> Result<Vec<Office>, ClientError> {
        self.get("/offices").await
    }

    /// The month's calendar, asked with the `ETag` of the one this client
    /// has: an unchanged calendar comes back as an empty 304 and is served
    /// from here.
    pub async fn calendar(
        &self,
        office_id: i64,
        year: i16,
        month: i8,
    ) -> Result<MonthCalendar, ClientError> {
        let path = format!("/offices/{office_id}/calendar?month={year:04}-{month:02}");
        let held = self.cached_calendar(&path);
        let etag = held.as_ref().map(|(etag, _)| etag.as_str());
        match (self.calendar_if_changed(&path, etag).await?, held) {
            (Changed::No, Some((_, calendar))) => Ok(calendar),
            (Changed::No, None) => Err(ClientError::Decode("304 without a calendar".into())),
            (Changed::Yes { value, etag }, _) => {
                if let Some(etag) = etag {
                    let mut c = self.calendars.lock().unwrap_or_else(|e| e.into_inner());
                    c.insert(path, (etag, value.clone()));
                }
                Ok(value)
            }
        }
    }

    fn cached_calendar(&self, path: &str) -> Option<(String, MonthCalendar)> {
        let c = self.calendars.lock().unwrap_or_else(|e| e.into_inner());
        c.get(path).cloned()
    }

    /// One conditional GET of a calendar path: `If-None-Match: etag` when
    /// given. The load tool calls it to count 304s apart.
    pub async fn calendar_if_changed(
        &self,
        path: &str,
        etag: Option<&str>,
    ) -> Result<Changed<MonthCalendar>, ClientError> {
        let mut r = self.request(Method::GET, path);
        if let Some(etag) = etag {
            r = r.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let resp = r.send().await.map_err(ClientError::from_transport)?;
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(Changed::No);
        }
        let etag = resp
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let value = self.read(resp).await?;
        Ok(Changed::Yes { value, etag })
    }

    // Bookings

    /// A fresh key for [`Client::create_booking`]; keep it with the draft so
    /// a retry after a crash reuses it.
    pub fn new_idempotency_key() -> String {
        uuid::Uuid::new_v4().to_string()
    }

    /// Books, retrying with the same `Idempotency-Key` when the request may
    /// or may not have reached the server (network failure, timeout, 502–504),
    /// so a flaky connection books exactly once. A 503 with `Retry-After`
    /// (the server shedding load) comes back at once, with
    /// [`ClientError::wait_hint`], for the caller to wait out visibly.
    pub async fn create_booking(
        &self,
        req: &CreateBookingRequest,
        idempotency_key: &str,
    ) -> Result<Booking, ClientError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let r = self
                .request(Method::POST, "/bookings")
                .header(IDEMPOTENCY_KEY_HEADER, idempotency_key)
                .json(req);
            match self.send(r).await {
                // A server that sheds load says when to come back; the
                // caller waits that out where the user can see it.
                Err(e)
                    if e.is_retryable()
                        && e.wait_hint().is_none()
                        && attempt < BOOKING_ATTEMPTS =>
                {
                    tokio::time::sleep(Duration::from_millis(300 * 2u64.pow(attempt - 1))).await;
                }
                other => return other,
            }
        }
    }

    pub async fn bookings(&self) -> Result<Vec<Booking>, ClientError> {
        self.get("/bookings").await
    }

    pub async fn booking(&self, code: &str) -> Result<Booking, ClientError> {
        self.get(&format!("/bookings/{}", encode_segment(code)))
            .await
    }

    pub async fn cancel_booking(&self, code: &str) -> Result<Booking, ClientError> {
        self.send(self.request(
            Method::POST,
            &format!("/bookings/{}/cancel", encode_segment(code)),
        ))
        .await
    }

    // Family links (R-Q-9)

    pub async fn family_links(&self) -> Result<FamilyLinks, ClientError> {
        self.get("/me/family-links").await
    }

    pub async fn request_family_link(
        &self,
        req: &FamilyLinkRequest,
    ) -> Result<Accepted, ClientError> {
        self.post("/me/family-links", req).await
    }

    pub async fn accept_family_link(&self, id: i64) -> Result<FamilyLinks, ClientError> {
        self.send(self.request(Method::POST, &format!("/me/family-links/{id}/accept")))
            .await
    }

    pub async fn remove_family_link(&self, id: i64) -> Result<FamilyLinks, ClientError> {
        self.send(self.request(Method::POST, &format!("/me/family-links/{id}/remove")))
            .await
    }

    // Lapor diri

    pub async fn submit_report(
        &self,
        req: &LaporDiriRequest,
    ) -> Result<LaporDiriReport, ClientError> {
        self.post("/reports", req).await
    }

    pub async fn reports(&self) -> Result<Vec<LaporDiriReport>, ClientError> {
        self.get("/reports").await
    }

    // Content

    /// `page` is `information` or `guide`; `lang` is `id` or `en`.
    pub async fn content(&self, page: &str, lang: &str) -> Result<Content, ClientError> {
        self.get(&format!(
            "/content/{}?lang={}",
            encode_segment(page),
            encode_segment(lang)
        ))
        .await
    }
}

/// Booking codes and page names are plain ASCII; anything else is escaped so
/// a hostile value cannot change the path.
fn encode_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_segment("K7QM-3XWP"), "K7QM-3XWP");
        assert_eq!(encode_segment("../me"), "%2E%2E%2Fme");
        assert_eq!(encode_segment("a?b"), "a%3Fb");
    }

    #[test]
    fn base_url_gets_the_api_prefix_once() {
        let c = Client::new(ClientConfig::new("https://127.0.0.1:8443/", "dev")).unwrap();
        assert_eq!(c.base, "https://127.0.0.1:8443/api/v1");
        assert!(c.token().is_none());
        assert_eq!(c.with_token("t").token(), Some("t"));
    }

    #[test]
    fn a_bad_pinned_certificate_is_a_config_error() {
        let mut cfg = ClientConfig::new("https://127.0.0.1:1", "dev");
        cfg.pinned_certificate = Some(b"not a pem".to_vec());
        assert!(matches!(Client::new(cfg), Err(ClientError::Config(_))));
    }

    #[test]
    fn phones_without_a_usable_platform_verifier_get_the_compiled_in_roots() {
        assert_eq!(
            Roots::default() == Roots::Mozilla,
            cfg!(target_os = "android")
        );
        // Every compiled-in root parses, so a phone build cannot start with
        // an empty trust store.
        let mut cfg = ClientConfig::new("https://example.invalid", "dev");
        cfg.roots = Roots::Mozilla;
        Client::new(cfg).unwrap();
        assert!(webpki_root_certs::TLS_SERVER_ROOT_CERTS.len() > 100);
    }

    #[test]
    fn idempotency_keys_are_unique() {
        assert_ne!(Client::new_idempotency_key(), Client::new_idempotency_key());
    }
}
