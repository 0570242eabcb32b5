//! Accounts, their e-mailed codes and links, and their sessions.

use std::collections::HashMap;

use jiff::civil::Date;
use paspor_domain::api::{Me, RegisterRequest, UpdateProfileRequest};
use paspor_domain::{Email, KkNumber, LoginId, Nik, PersonName};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, OnConstraint, Unique, column, column_opt, now};
use crate::error::{Result, ServerError};

/// R-REG-4: one account per e-mail, username and NIK.
pub const EMAIL: Unique = Unique {
    postgres: "accounts_email_key",
    sqlite: "accounts.email",
};
pub const USERNAME: Unique = Unique {
    postgres: "accounts_username_key",
    sqlite: "accounts.username",
};
pub const NIK: Unique = Unique {
    postgres: "accounts_nik_key",
    sqlite: "accounts.nik",
};

const ME_COLUMNS: &str = "id, username, email, full_name, nik, kk, birth_place, birth_date, sex, phone, \
     CASE WHEN photo IS NULL THEN 0 ELSE 1 END AS has_photo, password_hash, active";

fn me(row: &AnyRow) -> Result<Me> {
    Ok(Me {
        username: column(row, "username")?,
        email: column(row, "email")?,
        full_name: column(row, "full_name")?,
        nik: column(row, "nik")?,
        kk: column(row, "kk")?,
        birth_place: column(row, "birth_place")?,
        birth_date: column(row, "birth_date")?,
        sex: column(row, "sex")?,
        phone: column(row, "phone")?,
        has_photo: row.try_get::<i64, _>("has_photo")? != 0,
    })
}

fn login_column(login: &LoginId) -> &'static str {
    match login {
        LoginId::Email(_) => "email",
        LoginId::Username(_) => "username",
    }
}

/// A new, inactive account; a taken e-mail, username or NIK is refused as such.
pub async fn insert(
    conn: &mut Conn,
    req: &RegisterRequest,
    password_hash: &str,
    device: Option<&str>,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO accounts (username, email, nik, kk, full_name, birth_place, birth_date, sex, phone, password_hash, active, device_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12) RETURNING id",
    )
    .bind(req.username.as_str())
    .bind(req.email.as_str())
    .bind(req.nik.as_str())
    .bind(req.kk.as_str())
    .bind(req.full_name.as_str())
    .bind(req.birth_place.as_str())
    .bind(req.birth_date.to_string())
    .bind(req.sex.as_str())
    .bind(req.phone.as_str())
    .bind(password_hash)
    .bind(device)
    .bind(now())
    .fetch_one(conn)
    .await
    .on_constraint(&EMAIL, || ServerError::EmailTaken)
    .on_constraint(&USERNAME, || ServerError::UsernameTaken)
    .on_constraint(&NIK, || ServerError::NikTaken)?;
    Ok(row.try_get("id")?)
}

pub async fn device_registered(conn: &mut Conn, device: &str) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 AS x FROM accounts WHERE device_id = $1")
            .bind(device)
            .fetch_optional(conn)
            .await?
            .is_some(),
    )
}

pub async fn activate(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE accounts SET active = 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Who an e-mailed code or link goes to.
pub struct Addressee {
    pub id: i64,
    pub email: Email,
    pub full_name: PersonName,
}

fn addressee(row: &AnyRow) -> Result<Addressee> {
    Ok(Addressee {
        id: row.try_get("id")?,
        email: column(row, "email")?,
        full_name: column(row, "full_name")?,
    })
}

/// The account of `email` while it awaits activation.
pub async fn awaiting_activation(conn: &mut Conn, email: &Email) -> Result<Option<Addressee>> {
    sqlx::query("SELECT id, email, full_name FROM accounts WHERE email = $1 AND active = 0")
        .bind(email.as_str())
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(addressee)
        .transpose()
}

pub async fn active_by_login(conn: &mut Conn, login: &LoginId) -> Result<Option<Addressee>> {
    sqlx::query(&format!(
        "SELECT id, email, full_name FROM accounts WHERE {} = $1 AND active = 1",
        login_column(login)
    ))
    .bind(login.as_str())
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(addressee)
    .transpose()
}

/// What a login attempt needs to know about its account.
pub struct Credentials {
    pub id: i64,
    pub active: bool,
    pub password_hash: String,
    pub me: Me,
}

pub async fn by_login(conn: &mut Conn, login: &LoginId) -> Result<Option<Credentials>> {
    let row = sqlx::query(&format!(
        "SELECT {ME_COLUMNS} FROM accounts WHERE {} = $1",
        login_column(login)
    ))
    .bind(login.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get("id")?,
            active: r.try_get::<i64, _>("active")? == 1,
            password_hash: r.try_get("password_hash")?,
            me: me(&r)?,
        })
    })
    .transpose()
}

pub async fn me_of(conn: &mut Conn, id: i64) -> Result<Me> {
    let row = sqlx::query(&format!("SELECT {ME_COLUMNS} FROM accounts WHERE id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    me(&row)
}

/// The owner's NIK and family card, which a booking's applicants are checked against (R-Q-2).
pub async fn family_of(conn: &mut Conn, id: i64) -> Result<(Nik, KkNumber)> {
    let row = sqlx::query("SELECT nik, kk FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok((column(&row, "nik")?, column(&row, "kk")?))
}

/// Who books: an account's NIK and family card (R-Q-2) and the date of its
/// latest booking not cancelled (R-Q-3).
pub struct Owner {
    pub nik: Nik,
    pub kk: KkNumber,
    pub latest: Option<Date>,
}

/// The owners of `ids`, in one statement (the booking desk reads them with
/// its batch: [`crate::desk`] says what that sees on each database).
pub async fn owners(conn: &mut Conn, ids: &[i64]) -> Result<HashMap<i64, Owner>> {
    let sql = format!(
        "SELECT a.id, a.nik, a.kk,
            (SELECT MAX(b.date) FROM bookings b WHERE b.account_id = a.id AND b.status <> 'cancelled') AS latest
         FROM accounts a WHERE a.id IN ({})",
        super::list(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id);
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|r| {
            let owner = Owner {
                nik: column(r, "nik")?,
                kk: column(r, "kk")?,
                latest: column_opt(r, "latest")?,
            };
            Ok((r.try_get("id")?, owner))
        })
        .collect()
}

pub async fn update_profile(conn: &mut Conn, id: i64, req: &UpdateProfileRequest) -> Result<()> {
    sqlx::query("UPDATE accounts SET full_name = $1, kk = $2, birth_place = $3, birth_date = $4, sex = $5, phone = $6 WHERE id = $7")
        .bind(req.full_name.as_str())
        .bind(req.kk.as_str())
        .bind(req.birth_place.as_str())
        .bind(req.birth_date.to_string())
        .bind(req.sex.as_str())
        .bind(req.phone.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn password_hash(conn: &mut Conn, id: i64) -> Result<String> {
    let row = sqlx::query("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(row.try_get("password_hash")?)
}

pub async fn set_password_hash(conn: &mut Conn, id: i64, hash: &str) -> Result<()> {
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_photo(conn: &mut Conn, id: i64, jpeg: Vec<u8>) -> Result<()> {
    sqlx::query("UPDATE accounts SET photo = $1 WHERE id = $2")
        .bind(jpeg)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn photo(conn: &mut Conn, id: i64) -> Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT photo FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(row.try_get("photo")?)
}

/// What an e-mailed token is for.
#[derive(Clone, Copy)]
pub enum Purpose {
    Activate,
    Reset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Activate => "activate",
            Purpose::Reset => "reset",
        }
    }
}

/// Stores the hashes of a new link token (and activation code) for `account_id`.
pub async fn insert_token(
    conn: &mut Conn,
    account_id: i64,
    purpose: Purpose,
    token_hash: &str,
    code_hash: Option<&str>,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO email_tokens (account_id, purpose, token_hash, code_hash, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(purpose.as_str())
    .bind(token_hash)
    .bind(code_hash)
    .bind(expires_at)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// The accounts holding any of a registration's e-mail, username or NIK,
/// each with which of them it holds.
pub async fn holders(
    conn: &mut Conn,
    email: &Email,
    username: &paspor_domain::Username,
    nik: &Nik,
) -> Result<Vec<(Addressee, Vec<&'static str>)>> {
    let rows = sqlx::query(
        "SELECT id, email, full_name, username, nik FROM accounts WHERE email = $1 OR username = $2 OR nik = $3 ORDER BY id",
    )
    .bind(email.as_str())
    .bind(username.as_str())
    .bind(nik.as_str())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let mut what = Vec::new();
            if r.try_get::<String, _>("email")? == email.as_str() {
                what.push("e-mail");
            }
            if r.try_get::<String, _>("username")? == username.as_str() {
                what.push("username");
            }
            if r.try_get::<String, _>("nik")? == nik.as_str() {
                what.push("NIK");
            }
            Ok((addressee(r)?, what))
        })
        .collect()
}

pub async fn addressee_of(conn: &mut Conn, id: i64) -> Result<Addressee> {
    let row = sqlx::query("SELECT id, email, full_name FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    addressee(&row)
}

/// Every unused token of `purpose` of the account stops working.
pub async fn retire_tokens(conn: &mut Conn, account_id: i64, purpose: Purpose) -> Result<()> {
    sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(now())
        .bind(account_id)
        .bind(purpose.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Older activation codes and links stop working when a new one is sent.
pub async fn retire_activation_tokens(conn: &mut Conn, account_id: i64) -> Result<()> {
    sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = 'activate' AND used_at IS NULL")
        .bind(now())
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Uses up the account's unexpired activation code with this hash, in one
/// statement so two concurrent uses can't both succeed; whether there was one.
pub async fn use_activation_code(
    conn: &mut Conn,
    account_id: i64,
    code_hash: &str,
) -> Result<bool> {
    let used = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = 'activate' AND code_hash = $3
         AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now())
    .bind(account_id)
    .bind(code_hash)
    .execute(conn)
    .await?;
    Ok(used.rows_affected() == 1)
}

/// Uses up an unexpired link token in one statement; returns its account.
pub async fn use_token(conn: &mut Conn, purpose: Purpose, token_hash: &str) -> Result<Option<i64>> {
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL
         AND expires_at > $1 RETURNING account_id",
    )
    .bind(now())
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get("account_id")).transpose()?)
}

/// The account of an unexpired, unused link token, leaving it usable.
pub async fn token_owner(
    conn: &mut Conn,
    purpose: Purpose,
    token_hash: &str,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT account_id FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get("account_id")).transpose()?)
}

pub async fn insert_session(
    conn: &mut Conn,
    account_id: i64,
    token_hash: &str,
    expires_at: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO sessions (account_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)")
        .bind(account_id)
        .bind(token_hash)
        .bind(expires_at)
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

/// The live session of a token of an active account: (session, account,
/// expiry in Unix seconds).
pub async fn session(conn: &mut Conn, token_hash: &str) -> Result<Option<(i64, i64, i64)>> {
    let row = sqlx::query(
        "SELECT s.id, s.account_id, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND a.active = 1",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("account_id")?,
            r.try_get("expires_at")?,
        ))
    })
    .transpose()
}

pub async fn revoke_session(conn: &mut Conn, session_id: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2")
        .bind(now())
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Signs the account out everywhere, except in session `keep` if given.
pub async fn revoke_sessions(conn: &mut Conn, account_id: i64, keep: Option<i64>) -> Result<()> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL
         AND ($3 IS NULL OR id <> $3)",
    )
    .bind(now())
    .bind(account_id)
    .bind(keep)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the accounts never activated, created before `before`, that no
/// longer have a valid activation code or link, with their codes: a NIK,
/// e-mail or username registered by someone who could not activate (a
/// stranger typing another's NIK) is free again. Returns how many went.
pub async fn purge_unactivated(conn: &mut Conn, before: i64) -> Result<u64> {
    let stale = "SELECT id FROM accounts a WHERE a.active = 0 AND a.created_at < $1 AND NOT EXISTS
         (SELECT 1 FROM email_tokens t WHERE t.account_id = a.id AND t.purpose = 'activate'
          AND t.used_at IS NULL AND t.expires_at > $2)";
    let t = now();
    for table in ["email_tokens", "sessions"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE account_id IN ({stale})"
        ))
        .bind(before)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    }
    let gone = sqlx::query(&format!("DELETE FROM accounts WHERE id IN ({stale})"))
        .bind(before)
        .bind(t)
        .execute(conn)
        .await?;
    Ok(gone.rows_affected())
}
