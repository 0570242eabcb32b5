//! The server's certificate: a configured one, or a self-signed one made on
//! first start and kept, so the app can pin it across restarts.

use std::path::{Path, PathBuf};

use axum_server::tls_rustls::RustlsConfig;

use crate::config::Tls;

/// PEM of the certificate and key to serve with, and where the certificate
/// lies (the desktop app reads it to pin it).
pub struct Certificate {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    pub cert_path: PathBuf,
}

pub fn load(tls: &Tls) -> anyhow::Result<Option<Certificate>> {
    Ok(match tls {
        Tls::Off => None,
        Tls::Files { cert, key } => Some(Certificate {
            cert_pem: std::fs::read(cert)?,
            key_pem: std::fs::read(key)?,
            cert_path: cert.clone(),
        }),
        Tls::SelfSigned { dir } => Some(self_signed(dir)?),
    })
}

fn self_signed(dir: &Path) -> anyhow::Result<Certificate> {
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    if !(cert_path.exists() && key_path.exists()) {
        std::fs::create_dir_all(dir)?;
        let names = vec![
            "localhost".to_owned(),
            "127.0.0.1".to_owned(),
            "10.0.2.2".to_owned(),
        ];
        let ck = rcgen::generate_simple_self_signed(names)?;
        write_private(&key_path, ck.key_pair.serialize_pem().as_bytes())?;
        std::fs::write(&cert_path, ck.cert.pem())?;
        tracing::info!(path = %cert_path.display(), "generated a self-signed development certificate");
    }
    Ok(Certificate {
        cert_pem: std::fs::read(&cert_path)?,
        key_pem: std::fs::read(&key_path)?,
        cert_path,
    })
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    std::io::Write::write_all(&mut o.open(path)?, bytes)
}

pub async fn rustls(cert: &Certificate) -> anyhow::Result<RustlsConfig> {
    Ok(RustlsConfig::from_pem(cert.cert_pem.clone(), cert.key_pem.clone()).await?)
}
