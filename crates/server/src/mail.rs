//! E-mail through an outbox: a use case [`enqueue`]s its letters in its own
//! transaction, so a mail exists exactly when the change it tells of was
//! committed, and the request never waits on the relay (a slow or failing
//! relay shows in no reply's timing or status). [`spawn_worker`] sends them
//! over SMTP (lettre) with retries and exponential backoff, logging each
//! failure; in development a copy goes to the outbox folder and the log so a
//! tester can activate an account without a mail server.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use paspor_domain::{ActivationCode, Email, PersonName};
use sqlx::Row;
use tokio::sync::Notify;

use crate::config::Config;
use crate::db::{Conn, Db, now};
use crate::error::ServerError;

/// A message to one person, in Indonesian first, then English.
pub struct Letter {
    pub subject: &'static str,
    pub body: String,
}

/// R-REG-5: the code to type and the link to open, both single-use, 24 h.
/// R-REG-5: the code, the web link, and the same token as a link the app
/// opens itself (`paspor://activate?token=…`, Android and iOS).
pub fn activation(name: &PersonName, code: &ActivationCode, link: &str, app_link: &str) -> Letter {
    Letter {
        subject: "Aktivasi akun Layanan Paspor",
        body: format!(
            "Halo {name},\n\nKode aktivasi akun Layanan Paspor Anda: {code}\n\nAtau buka tautan ini untuk mengaktifkan akun:\n{link}\n\n\
             Di ponsel dengan aplikasi Paspor, tautan ini membukanya langsung:\n{app_link}\n\n\
             Kode dan tautan berlaku 24 jam dan hanya dapat dipakai sekali.\n\n\
             Your activation code is {code}, or open the link above (the second one opens the app). It works once, for 24 hours.\n"
        ),
    }
}

/// R-PWD-1: the reset link, single-use, 1 h.
pub fn reset(name: &PersonName, link: &str) -> Letter {
    Letter {
        subject: "Reset password Layanan Paspor",
        body: format!(
            "Halo {name},\n\nBuka tautan ini untuk membuat password baru (berlaku 1 jam, sekali pakai):\n{link}\n\n\
             Jika Anda tidak meminta ini, abaikan e-mail ini.\n\nOpen the link to set a new password (1 hour, once).\n"
        ),
    }
}

/// R-PWD-1: told after every password change or reset, so a takeover is noticed.
pub fn password_changed(name: &PersonName) -> Letter {
    Letter {
        subject: "Password Layanan Paspor diubah",
        body: format!(
            "Halo {name},\n\nPassword akun Layanan Paspor Anda baru saja diubah. Semua sesi lain sudah keluar dan tautan reset lama tidak berlaku lagi.\n\n\
             Jika bukan Anda yang mengubahnya, segera gunakan \"Lupa password\" di aplikasi.\n\n\
             Your password was just changed; other sessions were signed out and older reset links stopped working. If it was not you, use \"Forgot password\" now.\n"
        ),
    }
}

/// R-REG-4: to an account whose e-mail, username or NIK a new registration
/// used; `what` names the matching details (the owner's own).
pub fn registration_attempt(name: &PersonName, what: &str) -> Letter {
    Letter {
        subject: "Percobaan pendaftaran dengan data Anda",
        body: format!(
            "Halo {name},\n\nSeseorang baru saja mencoba mendaftar akun Layanan Paspor baru dengan {what} milik akun Anda. Tidak ada akun baru yang dibuat dan akun Anda tidak berubah.\n\n\
             Jika itu Anda, login saja (atau gunakan \"Lupa password\"). Jika bukan, Anda tidak perlu melakukan apa pun.\n\n\
             Someone tried to register a new account with the {what} of your account. No account was created and yours is unchanged. If it was you, log in (or use \"Forgot password\").\n"
        ),
    }
}

/// R-REG-4: to the address of a registration that could not be made. It
/// does not say which detail is taken (the mailbox's holder need not be the
/// owner of the NIK or username).
pub fn registration_refused() -> Letter {
    Letter {
        subject: "Pendaftaran Layanan Paspor tidak dapat diproses",
        body: "Halo,\n\nPendaftaran dengan alamat e-mail ini tidak dapat diproses: username, alamat e-mail atau NIK yang diisi sudah dipakai akun lain. \
               Jika Anda sudah punya akun, login atau gunakan \"Lupa password\". Pilih username lain untuk mendaftar lagi. \
               Jika NIK Anda didaftarkan orang lain, akun yang tidak diaktifkan dihapus setelah 24 jam; selain itu hubungi kantor imigrasi dengan KTP Anda.\n\n\
               The registration with this e-mail address could not be made: its username, e-mail address or NIK is already used by an account. \
               If you have an account, log in or use \"Forgot password\"; otherwise choose another username. If someone else registered your NIK, \
               an account never activated is removed after 24 hours; otherwise contact an immigration office with your KTP.\n"
            .into(),
    }
}

/// R-Q-9: another account asks to book for the owner's NIK.
pub fn family_link_asked(
    name: &PersonName,
    from: &PersonName,
    username: &impl std::fmt::Display,
) -> Letter {
    Letter {
        subject: "Permintaan tautan keluarga Layanan Paspor",
        body: format!(
            "Halo {name},\n\n{from} (username {username}) meminta izin untuk mendaftarkan antrian paspor atas NIK Anda. \
             Tanpa persetujuan Anda, akun itu tidak dapat memesan untuk NIK Anda. Buka aplikasi Paspor, menu Profil > Tautan keluarga, untuk menerima atau menolak.\n\n\
             {from} (username {username}) asks to book passport appointments for your NIK. Without your consent they cannot. \
             Open the Paspor app, Profile > Family links, to accept or refuse.\n"
        ),
    }
}

/// Writes `letter` to `to` into the outbox, in the caller's transaction;
/// call [`Mailer::kick`] once it commits.
pub async fn enqueue(conn: &mut Conn, to: &Email, letter: Letter) -> Result<(), ServerError> {
    let t = now();
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, 0, $4, $4)",
    )
    .bind(to.as_str())
    .bind(letter.subject)
    .bind(letter.body)
    .bind(t)
    .execute(conn)
    .await?;
    Ok(())
}

/// A mail taken by one worker; another may take it again once `LEASE`
/// passes (the process died mid-send).
struct Claimed {
    id: i64,
    to: String,
    subject: String,
    body: String,
    attempts: i64,
}

const LEASE: i64 = 120;

async fn claim(db: &Db) -> Result<Option<Claimed>, sqlx::Error> {
    let t = now();
    // The outer `next_attempt_at <= $1` is checked again on the locked row,
    // so two workers can't both take the same mail.
    let row = sqlx::query(
        "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                     ORDER BY next_attempt_at, id LIMIT 1)
           AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
         RETURNING id, recipient, subject, body, attempts",
    )
    .bind(t)
    .bind(t + LEASE)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Claimed {
            id: r.try_get("id")?,
            to: r.try_get("recipient")?,
            subject: r.try_get("subject")?,
            body: r.try_get("body")?,
            attempts: r.try_get("attempts")?,
        })
    })
    .transpose()
}

/// The delay before retry number `attempts` (1-based): `first`, doubling,
/// at most an hour.
pub fn backoff(first: Duration, attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (first.as_secs().max(1) as i64)
        .saturating_mul(1 << exp)
        .min(3600)
}

/// Sends what is due, then waits for a kick or the next poll; forever.
pub fn spawn_worker(db: Db, mailer: Mailer, first_retry: Duration, max_attempts: u32) {
    tokio::spawn(async move {
        loop {
            loop {
                match claim(&db).await {
                    Ok(Some(m)) => deliver(&db, &mailer, m, first_retry, max_attempts).await,
                    Ok(None) => break,
                    Err(e) => {
                        tracing::error!(error = %e, "reading the mail outbox");
                        break;
                    }
                }
            }
            tokio::select! {
                _ = mailer.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    });
}

async fn deliver(db: &Db, mailer: &Mailer, m: Claimed, first_retry: Duration, max_attempts: u32) {
    let result = mailer.send_raw(&m.to, &m.subject, &m.body).await;
    let t = now();
    let update = match &result {
        Ok(()) => sqlx::query(
            "UPDATE outbox SET sent_at = $1, body = '', last_error = NULL WHERE id = $2",
        )
        .bind(t)
        .bind(m.id),
        Err(e) if m.attempts >= i64::from(max_attempts) => {
            tracing::error!(
                to = m.to,
                subject = m.subject,
                attempts = m.attempts,
                error = format!("{e:#}"),
                "e-mail given up"
            );
            sqlx::query(
                "UPDATE outbox SET failed_at = $1, body = '', last_error = $2 WHERE id = $3",
            )
            .bind(t)
            .bind(format!("{e:#}"))
            .bind(m.id)
        }
        Err(e) => {
            let delay = backoff(first_retry, m.attempts);
            tracing::warn!(
                to = m.to,
                subject = m.subject,
                attempts = m.attempts,
                retry_in = delay,
                error = format!("{e:#}"),
                "e-mail failed; will retry"
            );
            sqlx::query("UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
                .bind(t + delay)
                .bind(format!("{e:#}"))
                .bind(m.id)
        }
    };
    if let Err(e) = update.execute(&db.pool).await {
        tracing::error!(error = %e, id = m.id, "recording an e-mail's outcome");
    }
}

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    outbox: Option<PathBuf>,
    from: Mailbox,
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new(config: &Config) -> anyhow::Result<Mailer> {
        let smtp = match &config.smtp {
            None => None,
            Some(s) => {
                let mut b = if s.plaintext {
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host)
                } else {
                    AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?
                };
                b = b.port(s.port);
                if let Some((user, pass)) = &s.credentials {
                    b = b.credentials(Credentials::new(user.clone(), pass.expose().to_owned()));
                }
                Some(b.build())
            }
        };
        if let Some(dir) = &config.outbox_dir {
            std::fs::create_dir_all(dir)?;
        }
        Ok(Mailer {
            smtp,
            outbox: config.outbox_dir.clone(),
            from: config.from_address.parse()?,
            wake: Arc::new(Notify::new()),
        })
    }

    /// Tells this process's worker that mail is waiting (others poll).
    pub fn kick(&self) {
        self.wake.notify_one();
    }

    async fn send_raw(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())?;
        if let Some(dir) = &self.outbox {
            let name = format!(
                "{}-{}.eml",
                jiff::Timestamp::now().as_millisecond(),
                to.replace(['/', '\\'], "_")
            );
            tokio::fs::write(dir.join(name), message.formatted()).await?;
        }
        match &self.smtp {
            Some(smtp) => {
                // Bodies hold codes and reset links: never in a production log.
                smtp.send(message).await?;
                tracing::info!(to, subject, "e-mail sent over SMTP");
            }
            None => tracing::info!(to, subject, "e-mail (development, no SMTP relay):\n{body}"),
        }
        Ok(())
    }
}
