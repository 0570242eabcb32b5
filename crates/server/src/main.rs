//! `paspor-server`: configuration from the environment (see
//! [`paspor_server::Config::from_env`]), then serve until stopped.

use anyhow::Context;
use paspor_server::{Application, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let config = Config::from_env()
        .map_err(anyhow::Error::msg)
        .context("configuration")?;
    let app = Application::build(config)
        .await
        .context("starting the server")?;
    tracing::info!(url = %app.base_url(), "paspor-server listening");
    app.run().await
}
