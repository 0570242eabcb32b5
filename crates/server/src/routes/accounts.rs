//! Accounts: registration and activation (R-REG-*), login and sessions
//! (R-AUTH-1), password reset (R-PWD-1), biodata and photo (R-P-1).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use jiff::{Timestamp, ToSpan};
use paspor_domain::LoginId;
use paspor_domain::api::*;
use sqlx::Row;

use super::ClientAddr;
use super::rows::{self, ME_COLUMNS};
use crate::AppState;
use crate::auth::{Account, hash_password, new_code, new_token, sha256, verify_password};
use crate::db::{is_unique_violation, now};
use crate::error::{Result, ServerError};
use crate::json::Json;
use crate::rate_limit;

const ACTIVATION_TTL: i64 = 24 * 3600;
const RESET_TTL: i64 = 3600;

fn accepted(message: &str) -> axum::Json<Accepted> {
    axum::Json(Accepted {
        message: message.to_owned(),
    })
}

pub async fn register(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Json(req): Json<RegisterRequest>,
) -> Result<impl IntoResponse> {
    let device = headers
        .get(DEVICE_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let l = s.config.limits;
    rate_limit::hit(
        &s.db,
        &format!("register:{addr}"),
        l.registrations_per_address,
        l.window,
    )
    .await?;
    if req.birth_place.trim().is_empty() {
        return Err(ServerError::field("birth_place", "required"));
    }
    if req.birth_date
        > Timestamp::now()
            .to_zoned_datetime(paspor_domain::OfficeTimeZone::Wit.time_zone())
            .date()
    {
        return Err(ServerError::field("birth_date", "date_invalid"));
    }
    if s.config.one_account_per_device {
        let device = device.ok_or_else(|| ServerError::field("device_id", "required"))?;
        let taken = sqlx::query("SELECT 1 AS x FROM accounts WHERE device_id = $1")
            .bind(device)
            .fetch_optional(&s.db.pool)
            .await?;
        if taken.is_some() {
            return Err(ServerError::DeviceAlreadyRegistered);
        }
    }
    for (col, value) in [
        ("email", req.email.as_str()),
        ("username", req.username.as_str()),
        ("nik", req.nik.as_str()),
    ] {
        let q = format!("SELECT 1 AS x FROM accounts WHERE {col} = $1");
        if sqlx::query(&q)
            .bind(value)
            .fetch_optional(&s.db.pool)
            .await?
            .is_some()
        {
            return Err(ServerError::Taken(col));
        }
    }
    let hash = hash_password(s.config.argon2, req.password.expose().to_owned()).await?;
    let inserted = sqlx::query(
        "INSERT INTO accounts (username, email, nik, kk, full_name, birth_place, birth_date, sex, phone, password_hash, active, device_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12) RETURNING id",
    )
    .bind(req.username.as_str())
    .bind(req.email.as_str())
    .bind(req.nik.as_str())
    .bind(req.kk.as_str())
    .bind(req.full_name.as_str())
    .bind(req.birth_place.trim())
    .bind(req.birth_date.to_string())
    .bind(req.sex.as_str())
    .bind(req.phone.as_str())
    .bind(hash)
    .bind(device)
    .bind(now())
    .fetch_one(&s.db.pool)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        // Lost a race with an identical registration: same answer as above.
        Err(e) if is_unique_violation(&e) => return Err(ServerError::Taken("email")),
        Err(e) => return Err(e.into()),
    };
    send_activation(&s, id, req.email.as_str(), req.full_name.as_str()).await?;
    Ok((
        StatusCode::ACCEPTED,
        accepted("check your e-mail for the activation code and link"),
    ))
}

/// A fresh code and link (older ones stop working), by e-mail.
async fn send_activation(s: &AppState, account_id: i64, email: &str, name: &str) -> Result<()> {
    sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = 'activate' AND used_at IS NULL")
        .bind(now())
        .bind(account_id)
        .execute(&s.db.pool)
        .await?;
    let (token, code) = (new_token(), new_code());
    sqlx::query(
        "INSERT INTO email_tokens (account_id, purpose, token_hash, code_hash, expires_at, created_at)
         VALUES ($1, 'activate', $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(sha256(&token))
    .bind(sha256(&format!("{account_id}:{code}")))
    .bind(now() + ACTIVATION_TTL)
    .bind(now())
    .execute(&s.db.pool)
    .await?;
    let link = format!("{}/activate?token={token}", s.public_url);
    let body = format!(
        "Halo {name},\n\nKode aktivasi akun Layanan Paspor Anda: {code}\n\nAtau buka tautan ini untuk mengaktifkan akun:\n{link}\n\n\
         Kode dan tautan berlaku 24 jam dan hanya dapat dipakai sekali.\n\n\
         Your activation code is {code}, or open the link above. It works once, for 24 hours.\n"
    );
    s.mailer
        .send(email, "Aktivasi akun Layanan Paspor", body)
        .await
        .map_err(ServerError::Internal)
}

pub async fn activate(
    State(s): State<AppState>,
    Json(req): Json<ActivateRequest>,
) -> Result<axum::Json<Accepted>> {
    let l = s.config.limits;
    // Six digits are few: attempts per address are counted like logins.
    rate_limit::hit(
        &s.db,
        &format!("activate:{}", req.email),
        l.login_failures * 2,
        l.window,
    )
    .await?;
    let row = sqlx::query("SELECT id FROM accounts WHERE email = $1 AND active = 0")
        .bind(req.email.as_str())
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServerError::InvalidToken)?;
    let id: i64 = row.try_get("id")?;
    let used = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = 'activate' AND code_hash = $3
         AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now())
    .bind(id)
    .bind(sha256(&format!("{id}:{}", req.code.trim())))
    .execute(&s.db.pool)
    .await?;
    if used.rows_affected() != 1 {
        return Err(ServerError::InvalidToken);
    }
    sqlx::query("UPDATE accounts SET active = 1 WHERE id = $1")
        .bind(id)
        .execute(&s.db.pool)
        .await?;
    Ok(accepted("account activated"))
}

/// Uses up an e-mailed link's token of `purpose` in one statement, so two
/// concurrent uses can't both succeed; returns its account.
async fn consume_token(s: &AppState, purpose: &str, token: &str) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL
         AND expires_at > $1 RETURNING account_id",
    )
    .bind(now())
    .bind(sha256(token))
    .bind(purpose)
    .fetch_optional(&s.db.pool)
    .await?
    .ok_or(ServerError::InvalidToken)?;
    Ok(row.try_get("account_id")?)
}

/// Activates by the e-mailed link's token; single use, expiring.
pub async fn activate_by_token(s: &AppState, token: &str) -> Result<()> {
    let id = consume_token(s, "activate", token).await?;
    sqlx::query("UPDATE accounts SET active = 1 WHERE id = $1")
        .bind(id)
        .execute(&s.db.pool)
        .await?;
    Ok(())
}

pub async fn resend(
    State(s): State<AppState>,
    Json(req): Json<ResendRequest>,
) -> Result<impl IntoResponse> {
    let l = s.config.limits;
    rate_limit::hit(
        &s.db,
        &format!("resend:{}", req.email),
        l.resends_per_email,
        l.window,
    )
    .await?;
    let row = sqlx::query("SELECT id, full_name FROM accounts WHERE email = $1 AND active = 0")
        .bind(req.email.as_str())
        .fetch_optional(&s.db.pool)
        .await?;
    if let Some(row) = row {
        let name: String = row.try_get("full_name")?;
        send_activation(&s, row.try_get("id")?, req.email.as_str(), &name).await?;
    }
    // Same reply either way: this endpoint says nothing about who exists.
    Ok((
        StatusCode::ACCEPTED,
        accepted("if the account awaits activation, a new code is on its way"),
    ))
}

pub async fn login(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(req): Json<LoginRequest>,
) -> Result<axum::Json<LoginResponse>> {
    let l = s.config.limits;
    let (by_account, by_addr) = (format!("login:{}", req.login), format!("login-addr:{addr}"));
    rate_limit::check(&s.db, &by_account, l.login_failures, l.window).await?;
    rate_limit::check(&s.db, &by_addr, l.login_failures * 4, l.window).await?;
    let col = match req.login {
        LoginId::Email(_) => "email",
        LoginId::Username(_) => "username",
    };
    let row = sqlx::query(&format!(
        "SELECT {ME_COLUMNS} FROM accounts WHERE {col} = $1"
    ))
    .bind(req.login.as_str())
    .fetch_optional(&s.db.pool)
    .await?;
    let hash = row
        .as_ref()
        .map(|r| r.try_get::<String, _>("password_hash"))
        .transpose()?;
    if !verify_password(s.config.argon2, req.password, hash).await? {
        rate_limit::record(&s.db, &by_account, l.window).await?;
        rate_limit::record(&s.db, &by_addr, l.window).await?;
        return Err(ServerError::InvalidCredentials);
    }
    let row = row.ok_or(ServerError::InvalidCredentials)?;
    if row.try_get::<i64, _>("active")? == 0 {
        return Err(ServerError::AccountInactive);
    }
    let id: i64 = row.try_get("id")?;
    let token = new_token();
    let expires = Timestamp::now()
        .checked_add((s.config.session_ttl.as_secs() as i64).seconds())
        .map_err(|e| ServerError::Internal(e.into()))?;
    sqlx::query("INSERT INTO sessions (account_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(sha256(&token))
        .bind(expires.as_second())
        .bind(now())
        .execute(&s.db.pool)
        .await?;
    Ok(axum::Json(LoginResponse {
        token,
        expires_at: expires,
        me: rows::me(&row)?,
    }))
}

pub async fn logout(State(s): State<AppState>, account: Account) -> Result<StatusCode> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2")
        .bind(now())
        .bind(account.session_id)
        .execute(&s.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn forgot(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(req): Json<ForgotRequest>,
) -> Result<impl IntoResponse> {
    let l = s.config.limits;
    rate_limit::hit(
        &s.db,
        &format!("forgot:{addr}"),
        l.forgot_per_address,
        l.window,
    )
    .await?;
    if let Ok(login) = LoginId::parse(&req.login) {
        let col = if matches!(login, LoginId::Email(_)) {
            "email"
        } else {
            "username"
        };
        let row = sqlx::query(&format!(
            "SELECT id, email, full_name FROM accounts WHERE {col} = $1 AND active = 1"
        ))
        .bind(login.as_str())
        .fetch_optional(&s.db.pool)
        .await?;
        if let Some(row) = row {
            let (id, email, name): (i64, String, String) = (
                row.try_get("id")?,
                row.try_get("email")?,
                row.try_get("full_name")?,
            );
            let token = new_token();
            sqlx::query("INSERT INTO email_tokens (account_id, purpose, token_hash, expires_at, created_at) VALUES ($1, 'reset', $2, $3, $4)")
                .bind(id)
                .bind(sha256(&token))
                .bind(now() + RESET_TTL)
                .bind(now())
                .execute(&s.db.pool)
                .await?;
            let link = format!("{}/reset-password?token={token}", s.public_url);
            let body = format!(
                "Halo {name},\n\nBuka tautan ini untuk membuat password baru (berlaku 1 jam, sekali pakai):\n{link}\n\n\
                 Jika Anda tidak meminta ini, abaikan e-mail ini.\n\nOpen the link to set a new password (1 hour, once).\n"
            );
            s.mailer
                .send(&email, "Reset password Layanan Paspor", body)
                .await
                .map_err(ServerError::Internal)?;
        }
    }
    // Same words, same status, whether or not the account exists (R-PWD-1).
    Ok((
        StatusCode::ACCEPTED,
        accepted("if the account exists, a reset link is on its way"),
    ))
}

pub async fn reset(
    State(s): State<AppState>,
    Json(req): Json<ResetRequest>,
) -> Result<axum::Json<Accepted>> {
    reset_password(&s, &req.token, req.new_password.expose()).await?;
    Ok(accepted("password changed; every session was signed out"))
}

/// Single-use, expiring, and it ends every session (R-PWD-1).
pub async fn reset_password(s: &AppState, token: &str, new_password: &str) -> Result<()> {
    let id = consume_token(s, "reset", token).await?;
    let hash = hash_password(s.config.argon2, new_password.to_owned()).await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&s.db.pool)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(&s.db.pool)
        .await?;
    Ok(())
}

pub(crate) async fn load_me(s: &AppState, id: i64) -> Result<Me> {
    let row = sqlx::query(&format!("SELECT {ME_COLUMNS} FROM accounts WHERE id = $1"))
        .bind(id)
        .fetch_one(&s.db.pool)
        .await?;
    rows::me(&row)
}

pub async fn me(State(s): State<AppState>, account: Account) -> Result<axum::Json<Me>> {
    Ok(axum::Json(load_me(&s, account.id).await?))
}

pub async fn update_me(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<UpdateProfileRequest>,
) -> Result<axum::Json<Me>> {
    if req.birth_place.trim().is_empty() {
        return Err(ServerError::field("birth_place", "required"));
    }
    sqlx::query("UPDATE accounts SET full_name = $1, kk = $2, birth_place = $3, birth_date = $4, sex = $5, phone = $6 WHERE id = $7")
        .bind(req.full_name.as_str())
        .bind(req.kk.as_str())
        .bind(req.birth_place.trim())
        .bind(req.birth_date.to_string())
        .bind(req.sex.as_str())
        .bind(req.phone.as_str())
        .bind(account.id)
        .execute(&s.db.pool)
        .await?;
    Ok(axum::Json(load_me(&s, account.id).await?))
}

pub async fn change_password(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<axum::Json<Accepted>> {
    let l = s.config.limits;
    let bucket = format!("password:{}", account.id);
    rate_limit::check(&s.db, &bucket, l.login_failures, l.window).await?;
    let row = sqlx::query("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(account.id)
        .fetch_one(&s.db.pool)
        .await?;
    if !verify_password(
        s.config.argon2,
        req.current_password,
        Some(row.try_get("password_hash")?),
    )
    .await?
    {
        rate_limit::record(&s.db, &bucket, l.window).await?;
        return Err(ServerError::WrongPassword);
    }
    let hash = hash_password(s.config.argon2, req.new_password.expose().to_owned()).await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(account.id)
        .execute(&s.db.pool)
        .await?;
    // Other devices signed in with the old password are signed out.
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND id <> $3 AND revoked_at IS NULL")
        .bind(now())
        .bind(account.id)
        .bind(account.session_id)
        .execute(&s.db.pool)
        .await?;
    Ok(accepted("password changed"))
}

pub async fn upload_photo(
    State(s): State<AppState>,
    account: Account,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::Json<Me>> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let format = match ct {
        "image/jpeg" => image::ImageFormat::Jpeg,
        "image/png" => image::ImageFormat::Png,
        _ => return Err(ServerError::BadPhoto),
    };
    // Re-encoded from decoded pixels: whatever else the upload carried
    // (metadata, trailing bytes) is dropped.
    let jpeg = tokio::task::spawn_blocking(move || -> Option<Vec<u8>> {
        let img = image::load_from_memory_with_format(&body, format).ok()?;
        let img = img.thumbnail(512, 512);
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img.to_rgb8())
            .ok()?;
        Some(out)
    })
    .await
    .map_err(|e| ServerError::Internal(e.into()))?
    .ok_or(ServerError::BadPhoto)?;
    sqlx::query("UPDATE accounts SET photo = $1 WHERE id = $2")
        .bind(jpeg)
        .bind(account.id)
        .execute(&s.db.pool)
        .await?;
    Ok(axum::Json(load_me(&s, account.id).await?))
}

pub async fn photo(State(s): State<AppState>, account: Account) -> Result<impl IntoResponse> {
    let row = sqlx::query("SELECT photo FROM accounts WHERE id = $1")
        .bind(account.id)
        .fetch_one(&s.db.pool)
        .await?;
    let photo: Option<Vec<u8>> = row.try_get("photo")?;
    let photo = photo.ok_or(ServerError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        photo,
    ))
}
