//! What the database must forget on its own, every few minutes in every
//! process (each statement is idempotent, so several processes may run it):
//! rate-limit events no window sees, and accounts never activated within
//! their activation window (R-REG-6), which frees their NIK, e-mail and
//! username.

use std::time::Duration;

use crate::db::{self, Db, now};
use crate::error::ServerError;

/// An account not activated within this many seconds of registering, with
/// no activation code or link still valid, is deleted (R-REG-6).
pub const UNACTIVATED_TTL: i64 = 24 * 3600;

pub async fn run_once(db: &Db) -> Result<(), ServerError> {
    let events = crate::rate_limit::purge(db).await?;
    let mut tx = db.begin().await?;
    let accounts = db::accounts::purge_unactivated(&mut tx, now() - UNACTIVATED_TTL).await?;
    tx.commit().await?;
    if events + accounts > 0 {
        tracing::info!(
            events,
            accounts,
            "purged old rate-limit events and unactivated accounts"
        );
    }
    Ok(())
}

pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(e) = run_once(&db).await {
                tracing::error!(error = %e, "housekeeping");
            }
        }
    });
}
