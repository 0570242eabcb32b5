//! Accounts made straight in the database, signed in, and the server binary
//! run as a child process: for load tests, fault tests and benchmarks that
//! exercise bookings rather than the registration mail path. Not used by
//! the server itself.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use paspor_domain::api::RegisterRequest;

use crate::AppState;
use crate::auth::{new_token, sha256};
use crate::db;

/// Inserts an active account with its own family card and a session;
/// returns the bearer token. `n` makes the NIK, KK, e-mail and username unique.
pub async fn signed_in_account(state: &AppState, n: u32) -> anyhow::Result<(String, String)> {
    Ok(signed_in_accounts(state, n..n + 1).await?.remove(0))
}

/// [`signed_in_account`] for each `n` of `range`, with one password hash for
/// all and one transaction per thousand, so thousands take seconds.
pub async fn signed_in_accounts(
    state: &AppState,
    range: std::ops::Range<u32>,
) -> anyhow::Result<Vec<(String, String)>> {
    let hash = state.hasher.hash("rahasia123".into()).await?;
    let mut made = Vec::with_capacity(range.len());
    let all: Vec<u32> = range.collect();
    for chunk in all.chunks(1000) {
        let mut tx = state.db.begin().await?;
        for &n in chunk {
            let nik = nik(n);
            let person: RegisterRequest = serde_json::from_value(serde_json::json!({
                "full_name": "Budi Santoso", "nik": nik, "kk": kk(n),
                "birth_place": "Jakarta", "birth_date": "1990-05-15", "sex": "male",
                "email": format!("load{n}@example.com"), "username": format!("load{n}"),
                "phone": "+6281234567890", "password": "rahasia123",
            }))?;
            let id = db::accounts::insert(&mut tx, &person, &hash, None).await?;
            db::accounts::activate(&mut tx, id).await?;
            let token = new_token();
            db::accounts::insert_session(&mut tx, id, &sha256(&token), i64::MAX / 2).await?;
            made.push((token, nik));
        }
        tx.commit().await?;
    }
    Ok(made)
}

/// A valid NIK for a man born 15 May 1990 in Jakarta Selatan with serial `n + 1`
/// (up to 9 998 distinct people).
pub fn nik(n: u32) -> String {
    format!("317401150590{:04}", n % 9998 + 1)
}

/// The family card of account `n`: its own, so it books for itself alone.
pub fn kk(n: u32) -> String {
    format!("3174010101{:06}", n % 1_000_000)
}

/// `paspor-server` running as its own process, as in production: what a
/// SIGKILL or a second process behind one database is tested with.
pub struct ServerProcess {
    pub child: Child,
    pub base_url: String,
    pub cert_pem: Vec<u8>,
}

impl ServerProcess {
    /// Starts `binary` on `database_url` with its data (certificate, dev
    /// outbox) in `data_dir`, on `bind` (`127.0.0.1:0` for any free port),
    /// and waits until it listens.
    pub fn start(
        binary: &Path,
        database_url: &str,
        data_dir: &Path,
        bind: &str,
    ) -> anyhow::Result<ServerProcess> {
        let mut child = Command::new(binary)
            .env("PASPOR_DATABASE_URL", database_url)
            .env("PASPOR_DATA_DIR", data_dir)
            .env("PASPOR_BIND", bind)
            .env("PASPOR_DEV_MAIL", "1")
            .env("RUST_LOG", "warn,paspor_server=info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let base_url = loop {
            let Some(line) = lines.next() else {
                let status = child.wait()?;
                anyhow::bail!("paspor-server ended before listening ({status})");
            };
            if let Some(url) = line?.split("url=").nth(1) {
                break url.split_whitespace().next().unwrap_or_default().to_owned();
            }
        };
        // Its log goes on; nobody reads it, but the pipe must not fill.
        std::thread::spawn(move || lines.for_each(drop));
        let cert_pem = std::fs::read(data_dir.join("tls/cert.pem"))?;
        Ok(ServerProcess {
            child,
            base_url,
            cert_pem,
        })
    }

    /// SIGKILL: no shutdown, no flush, as a crash or the OOM killer.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
