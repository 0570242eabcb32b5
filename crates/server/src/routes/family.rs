//! Family links (R-Q-9): an account asks to book for a NIK; if that NIK
//! belongs to an activated account, its owner is told by mail and accepts
//! or refuses in the app. Asking answers the same whether or not the NIK
//! has an account, so it reveals nothing about who is registered.

use axum::extract::State;
use axum::http::StatusCode;
use paspor_domain::api::{Accepted, FamilyLinkRequest, FamilyLinks};

use super::Endpoint;
use crate::auth::Account;
use crate::error::{Result, ServerError};
use crate::extract::Path;
use crate::json::Json;
use crate::openapi::Body::Json as JsonBody;
use crate::openapi::of;
use crate::{AppState, db, mail, rate_limit};

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/me/family-links", list)
            .summary("Family links this account asked for, and those asked of its NIK (R-Q-9)")
            .reply(200, JsonBody(of::<FamilyLinks>))
            .signed_in(),
        Endpoint::post("/me/family-links", request)
            .summary("Ask the owner of a NIK (if it has an account) to let this account book for it; same reply either way (R-Q-9)")
            .request(JsonBody(of::<FamilyLinkRequest>))
            .reply(202, JsonBody(of::<Accepted>))
            .refuses(&[429])
            .signed_in(),
        Endpoint::post("/me/family-links/{id}/accept", accept)
            .summary("The NIK's owner accepts a link asked of it (R-Q-9)")
            .reply(200, JsonBody(of::<FamilyLinks>))
            .refuses(&[404])
            .signed_in(),
        Endpoint::post("/me/family-links/{id}/remove", remove)
            .summary("Either side ends a link; bookings made with it stop holding the owner's NIK when the owner books (R-Q-9)")
            .reply(200, JsonBody(of::<FamilyLinks>))
            .refuses(&[404])
            .signed_in(),
    ]
}

async fn list(State(s): State<AppState>, account: Account) -> Result<axum::Json<FamilyLinks>> {
    let mut conn = s.db.conn().await?;
    let (nik, _) = db::accounts::family_of(&mut conn, account.id).await?;
    Ok(axum::Json(
        db::family::list(&mut conn, account.id, &nik).await?,
    ))
}

async fn request(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<FamilyLinkRequest>,
) -> Result<(StatusCode, axum::Json<Accepted>)> {
    ask(&s, account.id, &req).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            message: "if this NIK has its own account, its owner is asked to accept".into(),
        }),
    ))
}

/// The link and the owner's mail, in one transaction.
async fn ask(s: &AppState, account_id: i64, req: &FamilyLinkRequest) -> Result<()> {
    let l = s.config.limits;
    let bucket = format!("family:{account_id}");
    rate_limit::hit(&s.db, &bucket, l.bookings_per_account, l.window).await?;
    let mut tx = s.db.begin().await?;
    let requester = db::accounts::addressee_of(&mut tx, account_id).await?;
    let username = db::accounts::me_of(&mut tx, account_id).await?.username;
    if let Some(owner) = db::family::request(&mut tx, account_id, &req.nik).await? {
        let letter = mail::family_link_asked(&owner.full_name, &requester.full_name, &username);
        mail::enqueue(&mut tx, &owner.email, letter).await?;
    }
    tx.commit().await?;
    s.mailer.kick();
    Ok(())
}

async fn accept(
    State(s): State<AppState>,
    account: Account,
    Path(id): Path<i64>,
) -> Result<axum::Json<FamilyLinks>> {
    answer(&s, &account, id, Answer::Accept).await
}

async fn remove(
    State(s): State<AppState>,
    account: Account,
    Path(id): Path<i64>,
) -> Result<axum::Json<FamilyLinks>> {
    answer(&s, &account, id, Answer::Remove).await
}

enum Answer {
    Accept,
    Remove,
}

/// Applies the account's answer to link `id` and returns its links as they
/// are now; 404 when it has no link by that id to answer.
async fn answer(
    s: &AppState,
    account: &Account,
    id: i64,
    answer: Answer,
) -> Result<axum::Json<FamilyLinks>> {
    let mut conn = s.db.conn().await?;
    let (nik, _) = db::accounts::family_of(&mut conn, account.id).await?;
    let changed = match answer {
        Answer::Accept => db::family::accept(&mut conn, id, account.id, &nik).await?,
        Answer::Remove => db::family::remove(&mut conn, id, account.id, &nik).await?,
    };
    if !changed {
        return Err(ServerError::NotFound);
    }
    Ok(axum::Json(
        db::family::list(&mut conn, account.id, &nik).await?,
    ))
}
