//! Sliding-window rate limits kept in the database, so they hold across
//! every server process behind a load balancer (no state lives in a process).
//!
//! An attempt is counted *before* the slow work it guards (argon2, a
//! booking): [`acquire`] first inserts the attempt's own event, then counts
//! the bucket's events, itself included. Each insert commits before its
//! count, so of any number of parallel attempts the `max + 1`-th to commit
//! sees at least `max + 1` events: no more than `max` ever pass, however
//! they interleave (check-then-record let every parallel attempt pass).
//!
//! A refused attempt takes its event back, so hammering a full bucket does
//! not keep it full; an attempt that should not count (a right password)
//! gives its event back with [`Permit::forgive`].

use std::time::Duration;

use sqlx::Row;

use crate::db::{Db, now};
use crate::error::ServerError;

/// Events older than this are purged whatever their bucket: no window is longer.
pub const LONGEST_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// One bucket's limit.
#[derive(Debug, Clone)]
pub struct Limit {
    pub bucket: String,
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub fn new(bucket: impl Into<String>, max: u32, window: Duration) -> Limit {
        Limit {
            bucket: bucket.into(),
            max,
            window,
        }
    }
}

/// The counted attempt's events, one per bucket.
#[must_use = "an attempt is counted; forgive it or let it stand"]
pub struct Permit {
    events: Vec<i64>,
}

impl Permit {
    /// Takes the attempt back (it succeeded, and only failures should count).
    pub async fn forgive(self, db: &Db) -> Result<(), ServerError> {
        remove(db, &self.events).await
    }
}

async fn remove(db: &Db, events: &[i64]) -> Result<(), ServerError> {
    for id in events {
        sqlx::query("DELETE FROM rate_events WHERE id = $1")
            .bind(id)
            .execute(&db.writer)
            .await?;
    }
    Ok(())
}

/// Counts this attempt in every bucket of `limits`, or refuses it (counting
/// nothing) when any bucket is over its limit, with the seconds until that
/// bucket's oldest event leaves its window.
pub async fn acquire(db: &Db, limits: &[Limit]) -> Result<Permit, ServerError> {
    let t = now();
    let mut events = Vec::with_capacity(limits.len());
    let mut refusal = None;
    for l in limits {
        let row = sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2) RETURNING id")
            .bind(&l.bucket)
            .bind(t)
            .fetch_one(&db.writer)
            .await?;
        let id: i64 = row.try_get("id")?;
        events.push(id);
        let since = t - l.window.as_secs() as i64;
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE bucket = $1 AND at > $2",
        )
        .bind(&l.bucket)
        .bind(since)
        .fetch_one(&db.pool)
        .await?;
        let n: i64 = row.try_get("n")?;
        if n > i64::from(l.max) {
            let oldest: Option<i64> = row.try_get("oldest")?;
            let retry_after = oldest
                .map_or(l.window.as_secs() as i64, |o| o - since)
                .max(1);
            refusal = Some(retry_after as u64);
            break;
        }
    }
    match refusal {
        Some(retry_after) => {
            remove(db, &events).await?;
            Err(ServerError::RateLimited { retry_after })
        }
        None => Ok(Permit { events }),
    }
}

/// Counts an attempt that stands whatever its outcome.
pub async fn hit(db: &Db, bucket: &str, max: u32, window: Duration) -> Result<(), ServerError> {
    let _stands = acquire(db, &[Limit::new(bucket, max, window)]).await?;
    Ok(())
}

/// Deletes the events no window can see any more.
pub async fn purge(db: &Db) -> Result<u64, ServerError> {
    let done = sqlx::query("DELETE FROM rate_events WHERE at <= $1")
        .bind(now() - LONGEST_WINDOW.as_secs() as i64)
        .execute(&db.writer)
        .await?;
    Ok(done.rows_affected())
}
