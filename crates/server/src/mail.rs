//! E-mail over SMTP (lettre), plus a copy in the outbox folder and the log in
//! development so a tester can activate an account without a mail server.

use std::path::PathBuf;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;

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
                    b = b.credentials(Credentials::new(user.clone(), pass.clone()));
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

    pub async fn send(&self, to: &str, subject: &str, body: String) -> anyhow::Result<()> {
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
