//! Accounts: registration and activation (R-REG-*), login and sessions
//! (R-AUTH-1), password reset (R-PWD-1), biodata and photo (R-P-1).
//!
//! A use case that writes more than once writes in one transaction and
//! mails only after it commits, so a failure leaves neither a used code on
//! an inactive account nor a new password beside live old sessions, and no
//! mail points at something that was rolled back.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use jiff::{Timestamp, ToSpan};
use paspor_domain::api::*;
use paspor_domain::{ErrorCode, FieldId, LoginId, OfficeTimeZone, Password, PersonName};

use super::{ClientAddr, Endpoint};
use crate::auth::{Account, code_hash, new_code, new_token, sha256};
use crate::db::accounts::Purpose;
use crate::db::{self, Conn, now};
use crate::error::{Result, ServerError};
use crate::json::Json;
use crate::mail::{self, Letter};

use crate::openapi::Body::{Empty, Image, Json as JsonBody};
use crate::openapi::of;
use crate::rate_limit::{self, Limit};
use crate::registry::Verdict;
use crate::{AppState, PHOTO_LIMIT};

const ACTIVATION_TTL: i64 = 24 * 3600;
const RESET_TTL: i64 = 3600;

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::post("/auth/register", register)
            .refuses(&[409, 429, 503])
            .headers(&[("X-Device-Id", "This device's id (R-REG-3); required when the server keeps one account per device")])
            .summary(
                "Register an account (header X-Device-Id, R-REG-1..4); e-mails a code and a link",
            )
            .request(JsonBody(of::<RegisterRequest>))
            .reply(202, JsonBody(of::<Accepted>)),
        Endpoint::post("/auth/activate", activate)
            .refuses(&[400, 429])
            .summary("Activate with the e-mailed code (R-REG-5)")
            .request(JsonBody(of::<ActivateRequest>))
            .reply(200, JsonBody(of::<Accepted>)),
        Endpoint::post("/auth/activate-link", activate_link)
            .refuses(&[400])
            .summary("Activate with the e-mailed link's token, as the app receives it from paspor://activate (R-REG-5)")
            .request(JsonBody(of::<ActivateLinkRequest>))
            .reply(200, JsonBody(of::<Accepted>)),
        Endpoint::post("/auth/resend-activation", resend)
            .refuses(&[429])
            .summary("Send a new activation code (rate limited, same reply for everyone)")
            .request(JsonBody(of::<ResendRequest>))
            .reply(202, JsonBody(of::<Accepted>)),
        Endpoint::post("/auth/login", login)
            .refuses(&[401, 403, 429, 503])
            .summary("Log in by username or e-mail (R-AUTH-1)")
            .request(JsonBody(of::<LoginRequest>))
            .reply(200, JsonBody(of::<LoginResponse>)),
        Endpoint::post("/auth/logout", logout)
            .summary("Revoke this session")
            .reply(204, Empty)
            .signed_in(),
        Endpoint::post("/auth/forgot-password", forgot)
            .refuses(&[429])
            .summary("E-mail a reset link (same reply for everyone, R-PWD-1)")
            .request(JsonBody(of::<ForgotRequest>))
            .reply(202, JsonBody(of::<Accepted>)),
        Endpoint::post("/auth/reset-password", reset)
            .refuses(&[400, 503])
            .summary("Set a new password with a reset token; ends every session")
            .request(JsonBody(of::<ResetRequest>))
            .reply(200, JsonBody(of::<Accepted>)),
        Endpoint::get("/me", me)
            .summary("The account's biodata")
            .reply(200, JsonBody(of::<Me>))
            .signed_in(),
        Endpoint::put("/me", update_me)
            .summary("Edit the biodata (not the NIK, R-P-1)")
            .request(JsonBody(of::<UpdateProfileRequest>))
            .reply(200, JsonBody(of::<Me>))
            .signed_in(),
        Endpoint::post("/me/password", change_password)
            .refuses(&[403, 429, 503])
            .summary("Change the password (needs the current one)")
            .request(JsonBody(of::<ChangePasswordRequest>))
            .reply(200, JsonBody(of::<Accepted>))
            .signed_in(),
        Endpoint::put("/me/photo", upload_photo)
            .summary("Upload a JPEG/PNG photo up to 5 MB (re-encoded)")
            .request(Image)
            .reply(200, JsonBody(of::<Me>))
            .signed_in()
            .map_handler(|h| h.layer(axum::extract::DefaultBodyLimit::max(PHOTO_LIMIT))),
        Endpoint::get("/me/photo", photo)
            .refuses(&[404])
            .summary("The photo as JPEG")
            .reply(200, Image)
            .signed_in(),
    ]
}

fn accepted(message: &str) -> axum::Json<Accepted> {
    axum::Json(Accepted {
        message: message.to_owned(),
    })
}

async fn register(
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
    create_account(&s, &addr, device, &req).await?;
    Ok((
        StatusCode::ACCEPTED,
        accepted("check your e-mail for the activation code and link"),
    ))
}

/// R-REG-1..5: the inactive account, its first code and the mail that
/// carries it, in one transaction. A taken e-mail, username or NIK gets the
/// same reply and the same work (argon2 included); its owner is told by
/// e-mail instead, and the address given is told that it could not be done,
/// not which detail is taken (R-REG-4).
async fn create_account(
    s: &AppState,
    addr: &str,
    device: Option<&str>,
    req: &RegisterRequest,
) -> Result<()> {
    let l = s.config.limits;
    let bucket = format!("register:{addr}");
    rate_limit::hit(&s.db, &bucket, l.registrations_per_address, l.window).await?;
    // Today where the day starts first, so nobody east of Jakarta born
    // today is refused.
    if req.birth_date > OfficeTimeZone::Wit.today(Timestamp::now()) {
        return Err(ServerError::field(
            FieldId::BirthDate,
            ErrorCode::DateInvalid,
        ));
    }
    let one_per_device = s.config.one_account_per_device;
    if one_per_device && device.is_none() {
        return Err(ServerError::field(FieldId::DeviceId, ErrorCode::Required));
    }
    // Only a configured registry can refute; without one this is unverifiable.
    let verdict = s
        .config
        .registry
        .person(&req.nik, &req.full_name, req.birth_date)
        .await;
    if verdict == Verdict::Refuted {
        return Err(ServerError::field(FieldId::Nik, ErrorCode::NotInRegistry));
    }
    let hash = s.hasher.hash(req.password.expose().to_owned()).await?;
    let mut tx = s.db.begin().await?;
    if let Some(device) = device.filter(|_| one_per_device)
        && db::accounts::device_registered(&mut tx, device).await?
    {
        return Err(ServerError::DeviceAlreadyRegistered);
    }
    if !tell_holders(&mut tx, req).await? {
        match db::accounts::insert(&mut tx, req, &hash, device).await {
            Ok(id) => {
                let letter = new_activation(s, &mut tx, id, &req.full_name).await?;
                mail::enqueue(&mut tx, &req.email, letter).await?;
            }
            // A parallel registration took a detail since we looked: the
            // transaction is spoilt (PostgreSQL), so tell in a new one.
            Err(ServerError::EmailTaken | ServerError::UsernameTaken | ServerError::NikTaken) => {
                tx.rollback().await?;
                let mut tx = s.db.begin().await?;
                tell_holders(&mut tx, req).await?;
                tx.commit().await?;
                s.mailer.kick();
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    tx.commit().await?;
    s.mailer.kick();
    Ok(())
}

/// Mails the accounts holding the registration's e-mail, username or NIK,
/// and its address; whether there were any.
async fn tell_holders(conn: &mut Conn, req: &RegisterRequest) -> Result<bool> {
    let holders = db::accounts::holders(conn, &req.email, &req.username, &req.nik).await?;
    if holders.is_empty() {
        return Ok(false);
    }
    let mut owns_the_address = false;
    for (holder, what) in &holders {
        owns_the_address |= holder.email == req.email;
        let letter = mail::registration_attempt(&holder.full_name, &what.join(", "));
        mail::enqueue(conn, &holder.email, letter).await?;
    }
    if !owns_the_address {
        mail::enqueue(conn, &req.email, mail::registration_refused()).await?;
    }
    Ok(true)
}

/// A fresh code and link for the account (older ones stop working), and the
/// letter that carries them, for the caller to send once it has committed.
async fn new_activation(
    s: &AppState,
    conn: &mut Conn,
    account_id: i64,
    name: &PersonName,
) -> Result<Letter> {
    db::accounts::retire_activation_tokens(conn, account_id).await?;
    let (token, code) = (new_token(), new_code());
    db::accounts::insert_token(
        conn,
        account_id,
        Purpose::Activate,
        &sha256(&token),
        Some(&code_hash(account_id, &code)),
        now() + ACTIVATION_TTL,
    )
    .await?;
    let link = format!("{}/activate?token={token}", s.public_url);
    Ok(mail::activation(
        name,
        &code,
        &link,
        &app_activation_link(&token),
    ))
}

async fn activate(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(req): Json<ActivateRequest>,
) -> Result<axum::Json<Accepted>> {
    activate_by_code(&s, &addr, &req).await?;
    Ok(accepted("account activated"))
}

/// R-REG-5 by the typed code: the code is used up and the account activated
/// together, or neither.
async fn activate_by_code(s: &AppState, addr: &str, req: &ActivateRequest) -> Result<()> {
    let l = s.config.limits;
    // Six digits are few: attempts per account and per address are counted
    // like logins, before the code is looked at.
    let permit = rate_limit::acquire(
        &s.db,
        &[
            Limit::new(
                format!("activate:{}", req.email),
                l.login_failures * 2,
                l.window,
            ),
            Limit::new(
                format!("activate-addr:{addr}"),
                l.activations_per_address,
                l.window,
            ),
        ],
    )
    .await?;
    drop(permit);
    let mut tx = s.db.begin().await?;
    let account = db::accounts::awaiting_activation(&mut tx, &req.email)
        .await?
        .ok_or(ServerError::InvalidToken)?;
    let code = code_hash(account.id, &req.code);
    if !db::accounts::use_activation_code(&mut tx, account.id, &code).await? {
        return Err(ServerError::InvalidToken);
    }
    db::accounts::activate(&mut tx, account.id).await?;
    Ok(tx.commit().await?)
}

/// The activation link the app registers for (its `paspor://` scheme).
pub(super) fn app_activation_link(token: &str) -> String {
    format!("paspor://activate?token={token}")
}

async fn activate_link(
    State(s): State<AppState>,
    Json(req): Json<ActivateLinkRequest>,
) -> Result<axum::Json<Accepted>> {
    activate_by_token(&s, req.token.trim()).await?;
    Ok(accepted("account activated"))
}

/// R-REG-5 by the e-mailed link's token, as [`activate_by_code`].
pub(super) async fn activate_by_token(s: &AppState, token: &str) -> Result<()> {
    let mut tx = s.db.begin().await?;
    let id = db::accounts::use_token(&mut tx, Purpose::Activate, &sha256(token))
        .await?
        .ok_or(ServerError::InvalidToken)?;
    db::accounts::activate(&mut tx, id).await?;
    Ok(tx.commit().await?)
}

async fn resend(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(req): Json<ResendRequest>,
) -> Result<impl IntoResponse> {
    send_new_code(&s, &addr, &req).await?;
    // Same reply either way: this endpoint says nothing about who exists.
    Ok((
        StatusCode::ACCEPTED,
        accepted("if the account awaits activation, a new code is on its way"),
    ))
}

async fn send_new_code(s: &AppState, addr: &str, req: &ResendRequest) -> Result<()> {
    let l = s.config.limits;
    let permit = rate_limit::acquire(
        &s.db,
        &[
            Limit::new(
                format!("resend:{}", req.email),
                l.resends_per_email,
                l.window,
            ),
            Limit::new(
                format!("resend-addr:{addr}"),
                l.activations_per_address,
                l.window,
            ),
        ],
    )
    .await?;
    drop(permit);
    let mut tx = s.db.begin().await?;
    let Some(account) = db::accounts::awaiting_activation(&mut tx, &req.email).await? else {
        return Ok(());
    };
    let letter = new_activation(s, &mut tx, account.id, &account.full_name).await?;
    mail::enqueue(&mut tx, &account.email, letter).await?;
    tx.commit().await?;
    s.mailer.kick();
    Ok(())
}

async fn login(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(req): Json<LoginRequest>,
) -> Result<axum::Json<LoginResponse>> {
    Ok(axum::Json(sign_in(&s, &addr, req).await?))
}

/// R-AUTH-1: every attempt is counted against the account and the address
/// before its password is checked, so parallel guesses can't all be
/// verified; a right password takes its attempt back.
async fn sign_in(s: &AppState, addr: &str, req: LoginRequest) -> Result<LoginResponse> {
    let l = s.config.limits;
    let permit = rate_limit::acquire(
        &s.db,
        &[
            Limit::new(format!("login:{}", req.login), l.login_failures, l.window),
            Limit::new(format!("login-addr:{addr}"), l.login_failures * 4, l.window),
        ],
    )
    .await?;
    let account = db::accounts::by_login(&mut *s.db.conn().await?, &req.login).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    match s.hasher.verify(req.password, hash).await {
        Ok(true) => permit.forgive(&s.db).await?,
        Ok(false) => return Err(ServerError::InvalidCredentials),
        // Not checked at all (busy): not a failure to hold against anyone.
        Err(e) => {
            permit.forgive(&s.db).await?;
            return Err(e);
        }
    }
    let account = account.ok_or(ServerError::InvalidCredentials)?;
    if !account.active {
        return Err(ServerError::AccountInactive);
    }
    let token = new_token();
    let expires = Timestamp::now()
        .checked_add((s.config.session_ttl.as_secs() as i64).seconds())
        .map_err(|e| ServerError::Internal(e.into()))?;
    let mut conn = s.db.conn().await?;
    db::accounts::insert_session(&mut conn, account.id, &sha256(&token), expires.as_second())
        .await?;
    Ok(LoginResponse {
        token,
        expires_at: expires,
        me: account.me,
    })
}

async fn logout(State(s): State<AppState>, account: Account) -> Result<StatusCode> {
    db::accounts::revoke_session(&mut *s.db.conn().await?, account.session_id).await?;
    s.sessions.forget_session(account.session_id);
    Ok(StatusCode::NO_CONTENT)
}

async fn forgot(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(req): Json<ForgotRequest>,
) -> Result<impl IntoResponse> {
    send_reset_link(&s, &addr, &req).await?;
    // Same words, same status, whether or not the account exists (R-PWD-1).
    Ok((
        StatusCode::ACCEPTED,
        accepted("if the account exists, a reset link is on its way"),
    ))
}

async fn send_reset_link(s: &AppState, addr: &str, req: &ForgotRequest) -> Result<()> {
    let l = s.config.limits;
    let bucket = format!("forgot:{addr}");
    rate_limit::hit(&s.db, &bucket, l.forgot_per_address, l.window).await?;
    let Ok(login) = LoginId::parse(&req.login) else {
        return Ok(());
    };
    // The same statements run whether or not the account exists; only the
    // rows they write differ, and the mail waits in the outbox either way.
    let mut tx = s.db.begin().await?;
    let account = db::accounts::active_by_login(&mut tx, &login).await?;
    let token = new_token();
    if let Some(account) = &account {
        db::accounts::insert_token(
            &mut tx,
            account.id,
            Purpose::Reset,
            &sha256(&token),
            None,
            now() + RESET_TTL,
        )
        .await?;
        let link = format!("{}/reset-password?token={token}", s.public_url);
        mail::enqueue(
            &mut tx,
            &account.email,
            mail::reset(&account.full_name, &link),
        )
        .await?;
    }
    tx.commit().await?;
    s.mailer.kick();
    Ok(())
}

async fn reset(
    State(s): State<AppState>,
    Json(req): Json<ResetRequest>,
) -> Result<axum::Json<Accepted>> {
    reset_password(&s, &req.token, &req.new_password).await?;
    Ok(accepted("password changed; every session was signed out"))
}

/// R-PWD-1: the token is used up, the password replaced and every session
/// ended together, or none of it.
pub(super) async fn reset_password(
    s: &AppState,
    token: &str,
    new_password: &Password,
) -> Result<()> {
    let token_hash = sha256(token);
    // Looked at first so a wrong token costs no argon2 run; it is used up
    // only inside the transaction.
    db::accounts::token_owner(&mut *s.db.conn().await?, Purpose::Reset, &token_hash)
        .await?
        .ok_or(ServerError::InvalidToken)?;
    let hash = s.hasher.hash(new_password.expose().to_owned()).await?;
    let mut tx = s.db.begin().await?;
    let id = db::accounts::use_token(&mut tx, Purpose::Reset, &token_hash)
        .await?
        .ok_or(ServerError::InvalidToken)?;
    db::accounts::set_password_hash(&mut tx, id, &hash).await?;
    db::accounts::revoke_sessions(&mut tx, id, None).await?;
    let changed = password_changed(s, tx, id).await;
    s.sessions.forget_account(id);
    changed
}

async fn me(State(s): State<AppState>, account: Account) -> Result<axum::Json<Me>> {
    let me = db::accounts::me_of(&mut *s.db.conn().await?, account.id).await?;
    Ok(axum::Json(me))
}

async fn update_me(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<UpdateProfileRequest>,
) -> Result<axum::Json<Me>> {
    let mut conn = s.db.conn().await?;
    db::accounts::update_profile(&mut conn, account.id, &req).await?;
    Ok(axum::Json(
        db::accounts::me_of(&mut conn, account.id).await?,
    ))
}

async fn change_password(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<axum::Json<Accepted>> {
    replace_password(&s, &account, req).await?;
    Ok(accepted("password changed"))
}

/// R-P-1: needs the current password. The new one and the end of the
/// account's other sessions (signed in with the old one) are one transaction.
async fn replace_password(
    s: &AppState,
    account: &Account,
    req: ChangePasswordRequest,
) -> Result<()> {
    let l = s.config.limits;
    let permit = rate_limit::acquire(
        &s.db,
        &[Limit::new(
            format!("password:{}", account.id),
            l.login_failures,
            l.window,
        )],
    )
    .await?;
    let current = db::accounts::password_hash(&mut *s.db.conn().await?, account.id).await?;
    match s.hasher.verify(req.current_password, Some(current)).await {
        Ok(true) => permit.forgive(&s.db).await?,
        Ok(false) => return Err(ServerError::WrongPassword),
        Err(e) => {
            permit.forgive(&s.db).await?;
            return Err(e);
        }
    }
    let hash = s.hasher.hash(req.new_password.expose().to_owned()).await?;
    let mut tx = s.db.begin().await?;
    db::accounts::set_password_hash(&mut tx, account.id, &hash).await?;
    db::accounts::revoke_sessions(&mut tx, account.id, Some(account.session_id)).await?;
    let changed = password_changed(s, tx, account.id).await;
    // This request's own session stays: it is the one that changed it.
    s.sessions.forget_account(account.id);
    changed
}

/// After a new password: every other reset link of the account stops
/// working and its owner is told, in the transaction of the change.
async fn password_changed(s: &AppState, mut tx: db::Tx, account_id: i64) -> Result<()> {
    db::accounts::retire_tokens(&mut tx, account_id, Purpose::Reset).await?;
    let owner = db::accounts::addressee_of(&mut tx, account_id).await?;
    mail::enqueue(
        &mut tx,
        &owner.email,
        mail::password_changed(&owner.full_name),
    )
    .await?;
    tx.commit().await?;
    s.mailer.kick();
    Ok(())
}

async fn upload_photo(
    State(s): State<AppState>,
    account: Account,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::Json<Me>> {
    let format = match headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        Some("image/jpeg") => image::ImageFormat::Jpeg,
        Some("image/png") => image::ImageFormat::Png,
        _ => return Err(ServerError::BadPhoto),
    };
    let jpeg = reencode(body, format).await?;
    let mut conn = s.db.conn().await?;
    db::accounts::set_photo(&mut conn, account.id, jpeg).await?;
    Ok(axum::Json(
        db::accounts::me_of(&mut conn, account.id).await?,
    ))
}

/// A JPEG of at most 512 px made from the upload's decoded pixels, so
/// whatever else it carried (metadata, trailing bytes) is dropped.
async fn reencode(upload: axum::body::Bytes, format: image::ImageFormat) -> Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || -> Option<Vec<u8>> {
        let img = image::load_from_memory_with_format(&upload, format).ok()?;
        let img = img.thumbnail(512, 512);
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img.to_rgb8())
            .ok()?;
        Some(out)
    })
    .await
    .map_err(|e| ServerError::Internal(e.into()))?
    .ok_or(ServerError::BadPhoto)
}

async fn photo(State(s): State<AppState>, account: Account) -> Result<impl IntoResponse> {
    let photo = db::accounts::photo(&mut *s.db.conn().await?, account.id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        photo,
    ))
}
