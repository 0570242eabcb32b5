//! `spawn_app()`: the real server on 127.0.0.1 port 0 over HTTPS, a fresh
//! database (SQLite file, or a new PostgreSQL database when
//! `PASPOR_TEST_DATABASE_URL` is set), and a real SMTP sink it sends to.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paspor_client::{Client, ClientConfig};
use paspor_domain::api::*;
use paspor_server::config::{Argon2Params, Smtp};
use paspor_server::db::Backend;
use paspor_server::{AppState, Application, Config};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

pub struct TestApp {
    pub base_url: String,
    pub cert_pem: Vec<u8>,
    pub client: Client,
    pub mail: MailSink,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

/// A minimal SMTP server: enough of RFC 5321 for lettre, keeping each
/// message's raw text.
#[derive(Clone, Default)]
pub struct MailSink {
    messages: Arc<Mutex<Vec<String>>>,
    /// This many messages are refused (451) at the end of DATA.
    refuse: Arc<AtomicUsize>,
    /// Each accepted message is answered this many milliseconds late.
    delay_ms: Arc<AtomicU64>,
}

impl MailSink {
    async fn start() -> (MailSink, u16) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let sink = MailSink::default();
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let (r, mut w) = stream.into_split();
                    let mut lines = BufReader::new(r).lines();
                    let _ = w.write_all(b"220 paspor-test-sink ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(buf) = data.as_mut() {
                            if line == "." {
                                let message = std::mem::take(buf);
                                data = None;
                                let delay = s.delay_ms.load(Ordering::SeqCst);
                                tokio::time::sleep(Duration::from_millis(delay)).await;
                                let refused = s
                                    .refuse
                                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                                        n.checked_sub(1)
                                    })
                                    .is_ok();
                                if refused {
                                    let _ = w.write_all(b"451 try again later\r\n").await;
                                } else {
                                    s.messages.lock().unwrap().push(message);
                                    let _ = w.write_all(b"250 queued\r\n").await;
                                }
                            } else {
                                buf.push_str(line.strip_prefix('.').unwrap_or(&line));
                                buf.push('\n');
                            }
                            continue;
                        }
                        let verb = line
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250-paspor-test-sink\r\n250 8BITMIME\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 end with .\r\n"
                            }
                            "QUIT" => {
                                let _ = w.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = w.write_all(reply).await;
                    }
                });
            }
        });
        (sink, port)
    }

    /// The relay refuses the next `n` messages with a temporary error.
    pub fn refuse_next(&self, n: usize) {
        self.refuse.store(n, Ordering::SeqCst);
    }

    /// The relay answers every message `ms` milliseconds late.
    pub fn slow_down(&self, ms: u64) {
        self.delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Waits for the next message to `to` (the newest, decoded from
    /// quoted-printable soft breaks) and returns its text.
    pub async fn wait_for(&self, to: &str) -> String {
        self.wait_for_nth(to, 0).await
    }

    /// The message to `to` after the first `skip` ones.
    pub async fn wait_for_nth(&self, to: &str, skip: usize) -> String {
        // Up to 10 s: a mail refused by the relay comes on its retry.
        for _ in 0..400 {
            let found: Vec<String> = self
                .messages
                .lock()
                .unwrap()
                .iter()
                .filter(|m| {
                    m.lines()
                        .any(|l| l.to_ascii_lowercase().starts_with("to:") && l.contains(to))
                })
                .cloned()
                .collect();
            if let Some(m) = found.get(skip) {
                return m.replace("=\n", "").replace("=3D", "=");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no e-mail #{skip} to {to} arrived");
    }

    /// The first message to `to` whose text holds `needle`.
    pub async fn wait_for_containing(&self, to: &str, needle: &str) -> String {
        for skip in 0.. {
            let m = self.wait_for_nth(to, skip).await;
            if m.contains(needle) {
                return m;
            }
        }
        unreachable!()
    }

    pub fn count(&self, to: &str) -> usize {
        self.messages
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.contains(to))
            .count()
    }
}

/// The 6-digit code and the link's token in an activation or reset mail.
pub fn code_in(mail: &str) -> paspor_domain::ActivationCode {
    let at = mail
        .find("aktivasi akun Layanan Paspor Anda: ")
        .expect("code sentence")
        + 35;
    mail[at..at + 6].parse().expect("six digits")
}

pub fn token_in(mail: &str, path: &str) -> String {
    let at = mail.find(&format!("{path}?token=")).expect("link") + path.len() + 7;
    mail[at..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .to_owned()
}

pub async fn database_url(dir: &std::path::Path) -> String {
    match std::env::var("PASPOR_TEST_DATABASE_URL") {
        Ok(admin) => {
            use sqlx::Connection;
            let name = format!("paspor_test_{}", uuid_like());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("PostgreSQL for tests");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
            format!("{base}/{name}")
        }
        Err(_) => format!("sqlite://{}", dir.join("test.db").display()),
    }
}

fn uuid_like() -> String {
    Client::new_idempotency_key().replace('-', "")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let (mail, smtp_port) = MailSink::start().await;
    let mut config = Config::local(database_url(dir.path()).await, dir.path());
    config.smtp = Some(Smtp {
        host: "127.0.0.1".into(),
        port: smtp_port,
        plaintext: true,
        credentials: None,
    });
    config.outbox_dir = None;
    // Cheap hashing keeps the suite fast; production cost is the default.
    config.argon2 = Argon2Params {
        memory_kib: 512,
        iterations: 1,
    };
    config.one_account_per_device = false;
    // A failed mail is retried within the tests' patience.
    config.mail_retry = Duration::from_secs(1);
    tweak(&mut config);
    let app = Application::build(config).await.expect("server starts");
    let base_url = app.base_url();
    let cert_pem = app.certificate_pem().unwrap().to_vec();
    let state = app.state().clone();
    tokio::spawn(app.run());
    let mut cc = ClientConfig::new(&base_url, "test-device");
    cc.pinned_certificate = Some(cert_pem.clone());
    let client = Client::new(cc).unwrap();
    TestApp {
        base_url,
        cert_pem,
        client,
        mail,
        state,
        _dir: dir,
    }
}

/// A family for the tests: owner data that registers, and KK members.
pub struct Person {
    pub username: String,
    pub email: String,
    pub nik: String,
    pub kk: String,
    pub password: String,
}

/// The n-th test person: unique NIK, e-mail and username; all share one KK
/// unless `kk` says otherwise.
pub fn person(n: u32) -> Person {
    Person {
        username: format!("warga{n}"),
        email: format!("warga{n}@example.com"),
        nik: format!("317401150590{:04}", n + 1),
        kk: "3174010101090001".into(),
        password: "rahasia123".into(),
    }
}

pub fn register_request(p: &Person) -> RegisterRequest {
    serde_json::from_value(serde_json::json!({
        "full_name": "Budi Santoso", "nik": p.nik, "kk": p.kk, "birth_place": "Jakarta",
        "birth_date": "1990-05-15", "sex": "male", "email": p.email, "username": p.username,
        "phone": "081234567890", "password": p.password,
    }))
    .unwrap()
}

impl TestApp {
    /// A plain HTTPS client that trusts only this server's certificate, for
    /// requests the typed client cannot make (raw bodies, pages, the document).
    pub fn raw_http(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&self.cert_pem).unwrap()])
            .build()
            .unwrap()
    }

    /// The OpenAPI document the server serves.
    pub async fn openapi(&self) -> serde_json::Value {
        self.raw_http()
            .get(format!("{}/openapi.json", self.base_url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Registers, activates by the e-mailed code, logs in; a client with the token.
    pub async fn signed_in(&self, p: &Person) -> Client {
        self.client
            .register(&register_request(p))
            .await
            .expect("register");
        let mail = self.mail.wait_for(&p.email).await;
        let req = ActivateRequest {
            email: p.email.parse().unwrap(),
            code: code_in(&mail),
        };
        self.client.activate(&req).await.expect("activate");
        self.login(&p.username, &p.password).await.expect("login")
    }

    pub async fn login(
        &self,
        login: &str,
        password: &str,
    ) -> Result<Client, paspor_client::ClientError> {
        let r = self
            .client
            .login(&LoginRequest {
                login: login.parse().unwrap(),
                password: password.into(),
            })
            .await?;
        Ok(self.client.with_token(r.token))
    }

    /// The first bookable slot of an office: (date, slot).
    pub async fn open_slot(&self, c: &Client, office_id: i64) -> (jiff::civil::Date, Slot) {
        self.open_slot_after(c, office_id, 0).await
    }

    /// The first bookable slot at least `days` days ahead (one that can
    /// still be cancelled, with `days` of 4).
    pub async fn open_slot_after(
        &self,
        c: &Client,
        office_id: i64,
        days: i64,
    ) -> (jiff::civil::Date, Slot) {
        let today = jiff::Timestamp::now()
            .to_zoned_datetime(paspor_domain::OfficeTimeZone::Wib.time_zone())
            .date();
        for months in 0..3 {
            let d = today.saturating_add(jiff::Span::new().months(months));
            let cal = c.calendar(office_id, d.year(), d.month()).await.unwrap();
            for day in cal.days {
                if day.status == paspor_domain::DayStatus::Available
                    && day.date >= today.saturating_add(jiff::Span::new().days(days))
                    && let Some(s) = day.slots.into_iter().find(|s| s.places_left >= 5)
                {
                    return (day.date, s);
                }
            }
        }
        panic!("no open slot at office {office_id}");
    }

    /// Makes every `event` (`INSERT`, `UPDATE` or `DELETE`) on `table` fail
    /// inside the database, as a crash between two statements of a use case
    /// would, until [`TestApp::mend`].
    pub async fn break_writes(&self, event: &str, table: &str) {
        let trigger = format!("injected_{event}_{table}").to_lowercase();
        let sql = match self.state.db.backend {
            Backend::Sqlite => format!(
                "CREATE TRIGGER {trigger} BEFORE {event} ON {table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            ),
            Backend::Postgres => {
                self.execute(
                    "CREATE OR REPLACE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql
                     AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
                )
                .await;
                format!(
                    "CREATE TRIGGER {trigger} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION injected_failure()"
                )
            }
        };
        self.execute(&sql).await;
    }

    pub async fn mend(&self, event: &str, table: &str) {
        let trigger = format!("injected_{event}_{table}").to_lowercase();
        self.execute(&match self.state.db.backend {
            Backend::Sqlite => format!("DROP TRIGGER {trigger}"),
            Backend::Postgres => format!("DROP TRIGGER {trigger} ON {table}"),
        })
        .await;
    }

    async fn execute(&self, sql: &str) {
        sqlx::Executor::execute(&self.state.db.pool, sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Sets a slot's capacity directly (the quota is an operator setting).
    pub async fn set_capacity(&self, slot_id: i64, capacity: i64) {
        sqlx::query("UPDATE slots SET capacity = $1 WHERE id = $2")
            .bind(capacity)
            .bind(slot_id)
            .execute(&self.state.db.pool)
            .await
            .unwrap();
        self.state.calendars.clear();
        self.state.full_slots.forget(slot_id);
    }
}

pub fn request(
    office_id: i64,
    date: jiff::civil::Date,
    slot: &Slot,
    applicants: Vec<ApplicantInput>,
) -> CreateBookingRequest {
    CreateBookingRequest {
        office_id,
        date,
        slot_id: slot.id,
        applicants,
    }
}

/// The status and code of a refusal.
pub fn refusal(e: &paspor_client::ClientError) -> (u16, &str) {
    match e {
        paspor_client::ClientError::Api { status, code, .. } => (*status, code.as_str()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The places left in a slot, as the calendar shows them.
pub async fn places_left(c: &Client, office_id: i64, date: jiff::civil::Date, slot_id: i64) -> u32 {
    let cal = c
        .calendar(office_id, date.year(), date.month())
        .await
        .unwrap();
    cal.days
        .iter()
        .find(|d| d.date == date)
        .unwrap()
        .slots
        .iter()
        .find(|s| s.id == slot_id)
        .map_or(0, |s| s.places_left)
}

pub fn applicant(p: &Person, relation: Option<&str>) -> ApplicantInput {
    serde_json::from_value(serde_json::json!({
        "full_name": "Budi Santoso", "nik": p.nik, "kk": p.kk, "birth_place": "Jakarta",
        "birth_date": "1990-05-15", "sex": "male", "relation": relation,
        "application_type": "new", "old_passport": null,
    }))
    .unwrap()
}
