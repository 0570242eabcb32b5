//! Everything the server can be told. The binary reads it from the
//! environment ([`Config::from_env`]); tests build it directly.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://path/to/file.db` (created if missing) or `postgres://…`.
    pub database_url: String,
    pub bind: SocketAddr,
    pub tls: Tls,
    /// Base of the links in e-mails; defaults to `https://<bound address>`.
    pub public_url: Option<String>,
    /// `None` sends no e-mail over SMTP (development: outbox and log only).
    pub smtp: Option<Smtp>,
    /// Every e-mail is also written here as a `.eml` file (development).
    pub outbox_dir: Option<PathBuf>,
    pub from_address: String,
    pub argon2: Argon2Params,
    /// At most this many argon2 runs at once (each holds `argon2.memory_kib`).
    pub argon2_permits: usize,
    /// How long a request waits for an argon2 permit before a 503.
    pub argon2_wait: Duration,
    /// Proxies whose `X-Forwarded-For` is believed (`PASPOR_TRUSTED_PROXIES`,
    /// addresses or CIDR blocks); empty: the TCP peer is the client.
    pub trusted_proxies: Vec<crate::client_addr::Cidr>,
    /// Development mail (log and outbox folder) is allowed without SMTP.
    /// Without it and without SMTP the server refuses to start.
    pub dev_mail: bool,
    /// The outbox worker's first retry delay; each retry doubles it.
    pub mail_retry: Duration,
    /// A failed mail is tried this many times in all, then left failed.
    pub mail_attempts: u32,
    /// R-REG-3: one device registers one account.
    pub one_account_per_device: bool,
    pub quota: Quota,
    pub limits: Limits,
    /// Session lifetime.
    pub session_ttl: Duration,
    /// The population registry (Dukcapil) seam; none by default.
    pub registry: crate::registry::Registry,
}

#[derive(Debug, Clone)]
pub enum Tls {
    /// PEM files of a real certificate and its key.
    Files { cert: PathBuf, key: PathBuf },
    /// Generate (once) and keep a self-signed certificate in this folder.
    SelfSigned { dir: PathBuf },
    /// Plain HTTP; only for tests that say so.
    Off,
}

#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    /// STARTTLS/implicit TLS off: only for a relay on loopback (the tests' sink).
    pub plaintext: bool,
    /// User and password.
    pub credentials: Option<(String, Secret)>,
}

/// A value that must not reach a log, as configs and errors do: `Debug`
/// shows no trace of it and [`Secret::expose`] is the one way to read it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// argon2id cost. Production keeps OWASP's 19 MiB × 2 passes; tests lower it.
#[derive(Debug, Clone, Copy)]
pub struct Argon2Params {
    pub memory_kib: u32,
    pub iterations: u32,
}

#[derive(Debug, Clone)]
pub struct Quota {
    /// How many days ahead slots exist.
    pub days_ahead: i32,
    /// A day's quota is released this many days before it, at 00:00 office time.
    pub release_days_before: i32,
    /// (start, end, capacity) of each day's sessions.
    pub sessions: Vec<(String, String, i64)>,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Failed logins per account and per client address in `window`.
    pub login_failures: u32,
    pub registrations_per_address: u32,
    pub resends_per_email: u32,
    pub forgot_per_address: u32,
    /// Activation attempts (code or link) and resends per client address.
    pub activations_per_address: u32,
    /// Booking attempts and cancellations per account (quota hoarding).
    pub bookings_per_account: u32,
    pub cancels_per_account: u32,
    pub window: Duration,
}

impl Config {
    /// A config for tests and local runs: SQLite at `database_url`, cheap
    /// hashing, self-signed TLS in `dir`.
    pub fn local(database_url: impl Into<String>, dir: impl Into<PathBuf>) -> Config {
        let dir = dir.into();
        Config {
            database_url: database_url.into(),
            bind: "127.0.0.1:0".parse().expect("literal address"),
            tls: Tls::SelfSigned {
                dir: dir.join("tls"),
            },
            public_url: None,
            smtp: None,
            outbox_dir: Some(dir.join("outbox")),
            from_address: "Layanan Paspor <no-reply@paspor.local>".into(),
            argon2: Argon2Params {
                memory_kib: 19 * 1024,
                iterations: 2,
            },
            argon2_permits: std::thread::available_parallelism().map_or(2, |n| n.get() * 2),
            argon2_wait: Duration::from_secs(5),
            trusted_proxies: Vec::new(),
            dev_mail: false,
            mail_retry: Duration::from_secs(30),
            mail_attempts: 8,
            one_account_per_device: true,
            quota: Quota {
                days_ahead: 60,
                release_days_before: 30,
                sessions: vec![
                    ("08:00".into(), "12:00".into(), 40),
                    ("13:00".into(), "16:00".into(), 30),
                ],
            },
            limits: Limits {
                login_failures: 5,
                registrations_per_address: 10,
                resends_per_email: 3,
                forgot_per_address: 5,
                activations_per_address: 20,
                bookings_per_account: 10,
                cancels_per_account: 5,
                window: Duration::from_secs(15 * 60),
            },
            session_ttl: Duration::from_secs(30 * 24 * 3600),
            registry: Default::default(),
        }
    }

    /// `PASPOR_DATABASE_URL`/`DATABASE_URL`, `PASPOR_BIND`, `PASPOR_TLS_CERT` +
    /// `PASPOR_TLS_KEY` (else self-signed in `PASPOR_DATA_DIR/tls`),
    /// `PASPOR_PUBLIC_URL`, `PASPOR_SMTP_HOST`/`_PORT`/`_USER`/`_PASSWORD`,
    /// `PASPOR_OUTBOX`, `PASPOR_ONE_ACCOUNT_PER_DEVICE=false`,
    /// `PASPOR_TRUSTED_PROXIES` (comma-separated addresses or CIDR blocks),
    /// `PASPOR_ARGON2_PERMITS`, `PASPOR_DEV_MAIL=1` (no SMTP: codes and links
    /// go to the log, for development only).
    pub fn from_env() -> Result<Config, String> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let data = PathBuf::from(env("PASPOR_DATA_DIR").unwrap_or_else(|| "paspor-data".into()));
        let db = env("DATABASE_URL")
            .or_else(|| env("PASPOR_DATABASE_URL"))
            .unwrap_or_else(|| format!("sqlite://{}", data.join("paspor.db").display()));
        let mut c = Config::local(db, &data);
        if let Some(b) = env("PASPOR_BIND") {
            c.bind = b.parse().map_err(|e| format!("PASPOR_BIND {b}: {e}"))?;
        } else {
            c.bind = "127.0.0.1:8443".parse().expect("literal address");
        }
        if let (Some(cert), Some(key)) = (env("PASPOR_TLS_CERT"), env("PASPOR_TLS_KEY")) {
            c.tls = Tls::Files {
                cert: cert.into(),
                key: key.into(),
            };
        }
        c.public_url = env("PASPOR_PUBLIC_URL");
        if let Some(host) = env("PASPOR_SMTP_HOST") {
            let port = env("PASPOR_SMTP_PORT")
                .map(|p| p.parse())
                .transpose()
                .map_err(|e| format!("PASPOR_SMTP_PORT: {e}"))?;
            c.smtp = Some(Smtp {
                plaintext: host == "127.0.0.1" || host == "localhost",
                port: port.unwrap_or(587),
                credentials: env("PASPOR_SMTP_USER")
                    .zip(env("PASPOR_SMTP_PASSWORD").map(Secret::new)),
                host,
            });
        }
        // With a real relay the outbox is opt-in: it would keep reset links.
        c.outbox_dir = match env("PASPOR_OUTBOX") {
            Some(dir) => Some(PathBuf::from(dir)),
            None if c.smtp.is_some() => None,
            None => c.outbox_dir,
        };
        if let Some(list) = env("PASPOR_TRUSTED_PROXIES") {
            c.trusted_proxies = list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse())
                .collect::<Result<_, _>>()
                .map_err(|e| format!("PASPOR_TRUSTED_PROXIES: {e}"))?;
        }
        if let Some(n) = env("PASPOR_ARGON2_PERMITS") {
            c.argon2_permits = n
                .parse()
                .map_err(|e| format!("PASPOR_ARGON2_PERMITS {n}: {e}"))?;
        }
        c.dev_mail = matches!(env("PASPOR_DEV_MAIL").as_deref(), Some("1" | "true"));
        if env("PASPOR_ONE_ACCOUNT_PER_DEVICE").as_deref() == Some("false") {
            c.one_account_per_device = false;
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smtp_password_stays_out_of_debug_output() {
        let mut c = Config::local("sqlite://x.db", "data");
        c.smtp = Some(Smtp {
            host: "smtp.example.com".into(),
            port: 587,
            plaintext: false,
            credentials: Some(("paspor".into(), Secret::new("hunter2-smtp"))),
        });
        let shown = format!("{c:?}");
        assert!(shown.contains("smtp.example.com") && shown.contains("paspor"));
        assert!(!shown.contains("hunter2"), "{shown}");
        let (_, password) = c.smtp.unwrap().credentials.unwrap();
        assert_eq!(password.expose(), "hunter2-smtp");
    }
}
