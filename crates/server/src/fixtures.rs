//! Accounts made straight in the database, signed in, for load tests and
//! benchmarks that exercise bookings rather than the registration mail path.
//! Not used by the server itself.

use paspor_domain::api::RegisterRequest;

use crate::AppState;
use crate::auth::{new_token, sha256};
use crate::db;

/// Inserts an active account with its own family card and a session;
/// returns the bearer token. `n` makes the NIK, KK, e-mail and username unique.
pub async fn signed_in_account(state: &AppState, n: u32) -> anyhow::Result<(String, String)> {
    let hash = state.hasher.hash("rahasia123".into()).await?;
    let nik = nik(n);
    let person: RegisterRequest = serde_json::from_value(serde_json::json!({
        "full_name": "Budi Santoso", "nik": nik, "kk": format!("3174010101{:06}", n % 1_000_000),
        "birth_place": "Jakarta", "birth_date": "1990-05-15", "sex": "male",
        "email": format!("load{n}@example.com"), "username": format!("load{n}"),
        "phone": "+6281234567890", "password": "rahasia123",
    }))?;
    let mut conn = state.db.conn().await?;
    let id = db::accounts::insert(&mut conn, &person, &hash, None).await?;
    db::accounts::activate(&mut conn, id).await?;
    let token = new_token();
    db::accounts::insert_session(&mut conn, id, &sha256(&token), i64::MAX / 2).await?;
    Ok((token, nik))
}

/// A valid NIK for a man born 15 May 1990 in Jakarta Selatan with serial `n + 1`
/// (up to 9 998 distinct people).
pub fn nik(n: u32) -> String {
    format!("317401150590{:04}", n % 9998 + 1)
}
