//! Fixed-window rate limits kept in the database, so they hold across every
//! server process behind a load balancer (no state lives in a process).

use std::time::Duration;

use sqlx::Row;

use crate::db::{Db, now};
use crate::error::ServerError;

/// Refuses when `bucket` already has `max` events in the last `window`.
pub async fn check(db: &Db, bucket: &str, max: u32, window: Duration) -> Result<(), ServerError> {
    let since = now() - window.as_secs() as i64;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE bucket = $1 AND at > $2",
    )
    .bind(bucket)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    let n: i64 = row.try_get("n")?;
    if n >= i64::from(max) {
        let oldest: Option<i64> = row.try_get("oldest")?;
        let retry_after = oldest.map_or(window.as_secs() as i64, |o| o - since).max(1) as u64;
        return Err(ServerError::RateLimited { retry_after });
    }
    Ok(())
}

pub async fn record(db: &Db, bucket: &str, window: Duration) -> Result<(), ServerError> {
    let t = now();
    sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)")
        .bind(bucket)
        .bind(t)
        .execute(&db.pool)
        .await?;
    // Old events of this bucket are no use any more.
    sqlx::query("DELETE FROM rate_events WHERE bucket = $1 AND at <= $2")
        .bind(bucket)
        .bind(t - window.as_secs() as i64)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Check, then count this attempt.
pub async fn hit(db: &Db, bucket: &str, max: u32, window: Duration) -> Result<(), ServerError> {
    check(db, bucket, max, window).await?;
    record(db, bucket, window).await
}
