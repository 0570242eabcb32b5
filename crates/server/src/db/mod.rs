//! One pool over SQLite or PostgreSQL (sqlx's Any driver), migrated on start,
//! and the statements of every use case, by table: handlers and use cases
//! call these functions and write no SQL themselves. (Seed data and rate
//! limits keep theirs beside them, in `seed` and `rate_limit`.)
//!
//! Queries use `$1` placeholders, which both accept, and portable types only:
//! i64, text (ISO dates), bytes. Functions take a connection, so the caller
//! decides whether they run inside its transaction ([`Db::begin`]) or alone
//! ([`Db::conn`]).

pub mod accounts;
pub mod bookings;
pub mod family;
pub mod offices;
pub mod reports;

use sqlx::any::{AnyPoolOptions, AnyRow, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Row};

use crate::error::ServerError;

pub type Tx = sqlx::Transaction<'static, Any>;
pub use sqlx::AnyConnection as Conn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    /// Where transactions and rate-limit events are written. SQLite takes
    /// one writer at a time, and a writer that finds the lock taken sleeps
    /// in its busy handler (1, 2, 5 … 100 ms), so under a stampede most of
    /// the time went to sleeping: a pool of one connection queues writers
    /// in order instead. PostgreSQL: the same pool as `pool`.
    pub writer: AnyPool,
    pub backend: Backend,
}

/// How long a request waits for a connection. PostgreSQL: 3 s, then 503
/// `unavailable` with Retry-After rather than hanging while the database is
/// away. SQLite is in the process and never away; its one writer connection
/// is a queue, and a stampede waits its turn in it.
fn acquire_timeout(backend: Backend) -> std::time::Duration {
    std::time::Duration::from_secs(match backend {
        Backend::Sqlite => 30,
        Backend::Postgres => 3,
    })
}

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let url = match backend {
            Backend::Sqlite => {
                if let Some(path) = url.strip_prefix("sqlite://") {
                    let path = path.split('?').next().unwrap_or(path);
                    if let Some(dir) = std::path::Path::new(path)
                        .parent()
                        .filter(|d| !d.as_os_str().is_empty())
                    {
                        std::fs::create_dir_all(dir)?;
                    }
                }
                if url.contains('?') {
                    url.to_owned()
                } else {
                    format!("{url}?mode=rwc")
                }
            }
            Backend::Postgres => url.to_owned(),
        };
        let options = |max_connections| {
            AnyPoolOptions::new()
                // The pool reconnects by itself once the database is back.
                .acquire_timeout(acquire_timeout(backend))
                // No ping before each use: on SQLite a connection cannot go
                // away, and a PostgreSQL connection that did fails its
                // statement (503 `unavailable`) and is not used again. The
                // ping was a round trip on every acquire, twice per booking.
                .test_before_acquire(false)
                .max_connections(max_connections)
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if backend == Backend::Sqlite {
                            // WAL lets readers go on while one writer writes; the
                            // busy timeout makes writers queue instead of failing.
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA busy_timeout = 15000").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                        }
                        Ok(())
                    })
                })
        };
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let pool = options(8).connect(&url).await?;
                (pool, options(1).connect(&url).await?)
            }
            Backend::Postgres => {
                let pool = options(20).connect(&url).await?;
                (pool.clone(), pool)
            }
        };
        match backend {
            Backend::Sqlite => SQLITE.run(&pool).await?,
            Backend::Postgres => POSTGRES.run(&pool).await?,
        }
        Ok(Db {
            pool,
            writer,
            backend,
        })
    }

    /// A write transaction. On SQLite it takes the write lock at once: a
    /// deferred transaction that read first cannot upgrade while another
    /// writer commits, and would fail instead of waiting its turn.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// A connection for statements that need no transaction.
    pub async fn conn(&self) -> Result<PoolConnection<Any>, sqlx::Error> {
        self.pool.acquire().await
    }
}

/// A unique constraint, named as each backend names it in a violation:
/// PostgreSQL by the constraint, SQLite by its columns.
pub struct Unique {
    pub postgres: &'static str,
    pub sqlite: &'static str,
}

impl Unique {
    pub fn violated_by(&self, e: &sqlx::Error) -> bool {
        e.as_database_error().is_some_and(|d| {
            d.constraint() == Some(self.postgres)
                || d.message().strip_prefix("UNIQUE constraint failed: ") == Some(self.sqlite)
        })
    }
}

/// realworld-axum-sqlx's `on_constraint`: a broken unique constraint becomes
/// the refusal it means; chained, each call sees the original error.
pub trait OnConstraint<T> {
    fn on_constraint(
        self,
        c: &Unique,
        refusal: impl FnOnce() -> ServerError,
    ) -> Result<T, ServerError>;
}

impl<T, E: Into<ServerError>> OnConstraint<T> for Result<T, E> {
    fn on_constraint(
        self,
        c: &Unique,
        refusal: impl FnOnce() -> ServerError,
    ) -> Result<T, ServerError> {
        self.map_err(|e| match e.into() {
            ServerError::Internal(cause)
                if cause
                    .downcast_ref::<sqlx::Error>()
                    .is_some_and(|e| c.violated_by(e)) =>
            {
                refusal()
            }
            other => other,
        })
    }
}

/// A text column back as the domain type it was stored from. The database
/// only ever holds values that parsed on the way in, so a failure here is
/// our bug: `Internal`.
pub fn column<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, ServerError>
where
    T::Err: std::fmt::Display,
{
    column_opt(row, col)?.ok_or_else(|| anyhow::anyhow!("column {col} is NULL").into())
}

/// A nullable text column, as [`column`].
pub fn column_opt<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<Option<T>, ServerError>
where
    T::Err: std::fmt::Display,
{
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| {
        s.parse()
            .map_err(|e: T::Err| anyhow::anyhow!("column {col} holds {s:?}: {e}").into())
    })
    .transpose()
}

/// An instant column (Unix seconds) back as a timestamp.
pub fn instant(row: &AnyRow, col: &str) -> Result<jiff::Timestamp, ServerError> {
    jiff::Timestamp::from_second(row.try_get(col)?).map_err(|e| ServerError::Internal(e.into()))
}

/// `$from, …` for `n` placeholders.
pub fn list(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($1, …), (…)`: `rows` rows of `cols` placeholders, numbered across rows,
/// for one statement that writes many rows.
pub fn values(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
