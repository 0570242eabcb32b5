//! The backend inside the desktop app, for development: `cargo run` needs no
//! server set-up. It listens on 127.0.0.1 only, over HTTPS with its own
//! self-signed certificate that this app alone trusts (pinned), keeps its
//! SQLite database in the app data folder, and writes e-mails to the log and
//! to `<data>/server/outbox`, so a tester can read the activation code.

use std::path::Path;

pub struct Embedded {
    pub base_url: String,
    pub cert_pem: Vec<u8>,
}

pub fn start(data_dir: &Path) -> Result<Embedded, String> {
    let dir = data_dir.join("server");
    let mut config = paspor_server::Config::local(
        format!("sqlite://{}", dir.join("paspor.db").display()),
        &dir,
    );
    // One developer machine registers many test accounts.
    config.one_account_per_device = false;
    // No SMTP relay here: codes and links go to the log and the outbox
    // folder, which a production server refuses unless asked like this.
    config.dev_mail = true;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("embedded-backend".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => return tx.send(Err(e.to_string())).unwrap_or(()),
            };
            rt.block_on(async move {
                match paspor_server::Application::build(config).await {
                    Ok(app) => {
                        let ready = Embedded {
                            base_url: app.base_url(),
                            cert_pem: app.certificate_pem().unwrap_or_default().to_vec(),
                        };
                        let _ = tx.send(Ok(ready));
                        if let Err(e) = app.run().await {
                            eprintln!("embedded backend stopped: {e:#}");
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(format!("{e:#}")));
                    }
                }
            });
        })
        .map_err(|e| e.to_string())?;
    let ready = rx.recv().map_err(|e| e.to_string())??;
    eprintln!(
        "paspor: embedded backend at {} (e-mails in {})",
        ready.base_url,
        dir.join("outbox").display()
    );
    Ok(ready)
}
