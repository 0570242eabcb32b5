//! Accounts made straight in the database, signed in, and the server binary
//! run as a child process: for load tests, fault tests and benchmarks that
//! exercise bookings rather than the registration mail path. Not used by
//! the server itself.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
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

/// A PostgreSQL of a test's own, on a free port, that it can stop and
/// start again (a suite's shared one must stay up), deleted when dropped.
/// Needs Debian's postgresql binaries (scripts/setup installs them).
pub struct Postgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Postgres {
    fn command(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self.command(tool).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    pub fn launch() -> Postgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's binaries (scripts/setup installs postgresql)")
            .filter_map(|e| Some(e.ok()?.path().join("bin")))
            .filter(|b| b.join("initdb").exists())
            .max()
            .expect("an initdb under /usr/lib/postgresql");
        let dir = tempfile::tempdir().unwrap();
        if is_root() {
            let ok = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = Postgres { bin, dir, port };
        pg.run(
            "initdb",
            &[
                "-D",
                &pg.data(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        );
        pg.start();
        pg
    }

    pub fn start(&self) {
        let options = format!(
            "-h 127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-w",
                "-o",
                &options,
                "start",
            ],
        );
    }

    /// Stops it as an operator or a failover would: sessions are ended.
    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
