//! Family links (R-Q-9): who may book for a NIK that has its own account.

use paspor_domain::Nik;
use paspor_domain::api::{FamilyLinks, IncomingFamilyLink, OutgoingFamilyLink};
use sqlx::Row;

use super::accounts::Addressee;
use super::{Conn, column, now};
use crate::error::Result;

/// Records the request (once per requester and NIK) and returns the NIK's
/// owner to tell, when an activated account other than the requester has it.
pub async fn request(conn: &mut Conn, requester_id: i64, nik: &Nik) -> Result<Option<Addressee>> {
    sqlx::query(
        "INSERT INTO family_links (requester_id, nik, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (requester_id, nik) DO NOTHING",
    )
    .bind(requester_id)
    .bind(nik.as_str())
    .bind(now())
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "SELECT id, email, full_name FROM accounts WHERE nik = $1 AND active = 1 AND id <> $2",
    )
    .bind(nik.as_str())
    .bind(requester_id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some(r) => Some(Addressee {
            id: r.try_get("id")?,
            email: column(&r, "email")?,
            full_name: column(&r, "full_name")?,
        }),
        None => None,
    })
}

/// The links the account asked for and those asked of its NIK.
pub async fn list(conn: &mut Conn, account_id: i64, own_nik: &Nik) -> Result<FamilyLinks> {
    let outgoing = sqlx::query(
        "SELECT f.id, f.nik, CASE WHEN a.id IS NULL THEN 0 ELSE 1 END AS accepted
         FROM family_links f LEFT JOIN accounts a ON a.id = f.accepted_by AND a.nik = f.nik
         WHERE f.requester_id = $1 ORDER BY f.id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(OutgoingFamilyLink {
            id: r.try_get("id")?,
            nik: column(r, "nik")?,
            accepted: r.try_get::<i64, _>("accepted")? == 1,
        })
    })
    .collect::<Result<_>>()?;
    let incoming = sqlx::query(
        "SELECT f.id, a.full_name, a.username, CASE WHEN f.accepted_by = $1 THEN 1 ELSE 0 END AS accepted
         FROM family_links f JOIN accounts a ON a.id = f.requester_id
         WHERE f.nik = $2 AND f.requester_id <> $1 ORDER BY f.id",
    )
    .bind(account_id)
    .bind(own_nik.as_str())
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(IncomingFamilyLink {
            id: r.try_get("id")?,
            from_name: column(r, "full_name")?,
            from_username: column(r, "username")?,
            accepted: r.try_get::<i64, _>("accepted")? == 1,
        })
    })
    .collect::<Result<_>>()?;
    Ok(FamilyLinks { outgoing, incoming })
}

/// The owner of `own_nik` accepts link `id` asked of it; whether there was one.
pub async fn accept(conn: &mut Conn, id: i64, owner_id: i64, own_nik: &Nik) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE family_links SET accepted_by = $1, accepted_at = $2 WHERE id = $3 AND nik = $4 AND requester_id <> $1",
    )
    .bind(owner_id)
    .bind(now())
    .bind(id)
    .bind(own_nik.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Either side ends link `id`; whether there was one.
pub async fn remove(conn: &mut Conn, id: i64, account_id: i64, own_nik: &Nik) -> Result<bool> {
    let done =
        sqlx::query("DELETE FROM family_links WHERE id = $1 AND (requester_id = $2 OR nik = $3)")
            .bind(id)
            .bind(account_id)
            .bind(own_nik.as_str())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `booker_id` may book `nik`: yes when no other activated account
/// holds it, or when its owner accepted this booker's link.
pub async fn may_book(conn: &mut Conn, booker_id: i64, nik: &Nik) -> Result<bool> {
    let row = sqlx::query(
        "SELECT a.id, (SELECT COUNT(*) FROM family_links f WHERE f.requester_id = $2 AND f.nik = $1 AND f.accepted_by = a.id) AS given
         FROM accounts a WHERE a.nik = $1 AND a.active = 1 AND a.id <> $2",
    )
    .bind(nik.as_str())
    .bind(booker_id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        None => true,
        Some(r) => r.try_get::<i64, _>("given")? > 0,
    })
}
