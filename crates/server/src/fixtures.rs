//! Accounts made straight in the database, signed in, for load tests and
//! benchmarks that exercise bookings rather than the registration mail path.
//! Not used by the server itself.

use sqlx::Row;

use crate::AppState;
use crate::auth::{hash_password, new_token, sha256};

/// Inserts an active account with its own family card and a session;
/// returns the bearer token. `n` makes the NIK, KK, e-mail and username unique.
pub async fn signed_in_account(state: &AppState, n: u32) -> anyhow::Result<(String, String)> {
    let hash = hash_password(state.config.argon2, "rahasia123".into()).await?;
    let nik = nik(n);
    let row = sqlx::query(
        "INSERT INTO accounts (username, email, nik, kk, full_name, birth_place, birth_date, sex, phone, password_hash, active, created_at)
         VALUES ($1, $2, $3, $4, 'Budi Santoso', 'Jakarta', '1990-05-15', 'male', '+6281234567890', $5, 1, 0) RETURNING id",
    )
    .bind(format!("load{n}"))
    .bind(format!("load{n}@example.com"))
    .bind(&nik)
    .bind(format!("3174010101{:06}", n % 1_000_000))
    .bind(hash)
    .fetch_one(&state.db.pool)
    .await?;
    let id: i64 = row.try_get("id")?;
    let token = new_token();
    sqlx::query("INSERT INTO sessions (account_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, 0)")
        .bind(id)
        .bind(sha256(&token))
        .bind(i64::MAX / 2)
        .execute(&state.db.pool)
        .await?;
    Ok((token, nik))
}

/// A valid NIK for a man born 15 May 1990 in Jakarta Selatan with serial `n + 1`
/// (up to 9 998 distinct people).
pub fn nik(n: u32) -> String {
    format!("317401150590{:04}", n % 9998 + 1)
}
