//! E-mail over SMTP (lettre), plus a copy in the outbox folder and the log in
//! development so a tester can activate an account without a mail server.

use std::path::PathBuf;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use paspor_domain::{ActivationCode, Email, PersonName};

use crate::config::Config;

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

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    outbox: Option<PathBuf>,
    from: Mailbox,
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
        })
    }

    pub async fn send(&self, to: &Email, letter: Letter) -> anyhow::Result<()> {
        let Letter { subject, body } = letter;
        let to = to.as_str();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.clone())?;
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
                tracing::info!(to, subject, "e-mail sent over SMTP");
                smtp.send(message).await?;
            }
            None => tracing::info!(to, subject, "e-mail (development, no SMTP relay):\n{body}"),
        }
        Ok(())
    }
}
