//! Issue 13's attacks, tried as an outsider would on the running server:
//! parallel guesses, loops, probes. Each test here failed on the code
//! before its fix.

use paspor_client::{Client, ClientConfig, ClientError};
use paspor_domain::api::*;

use crate::support::*;

/// A client of its own (own connection pool), as a separate attacker
/// process would be.
fn fresh_client(app: &TestApp, n: usize) -> Client {
    let mut cc = ClientConfig::new(&app.base_url, format!("attacker-{n}"));
    cc.pinned_certificate = Some(app.cert_pem.clone());
    Client::new(cc).unwrap()
}

/// R-AUTH-1 under parallel requests: of 50 wrong passwords sent at once,
/// at most 5 are verified (401); the rest are refused before argon2 (429).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_wrong_logins_verify_at_most_five() {
    let app = spawn_app().await;
    let p = person(300);
    app.signed_in(&p).await;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(50));
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let c = fresh_client(&app, i);
            let barrier = barrier.clone();
            let login = p.username.clone();
            tokio::spawn(async move {
                let req = LoginRequest {
                    login: login.parse().unwrap(),
                    password: format!("salah-{i}-password"),
                };
                barrier.wait().await;
                c.login(&req).await
            })
        })
        .collect();
    let (mut verified, mut limited) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Err(ClientError::Api { status: 401, .. }) => verified += 1,
            Err(ClientError::Api {
                status: 429, code, ..
            }) => {
                assert_eq!(code.as_str(), "rate_limited");
                limited += 1;
            }
            other => panic!("neither 401 nor 429: {other:?}"),
        }
    }
    assert!(verified <= 5, "{verified} wrong passwords were verified");
    assert_eq!(verified + limited, 50);
    // And the account's owner is held to the same limit for now.
    let e = app.login(&p.username, &p.password).await.unwrap_err();
    assert_eq!(refusal(&e).0, 429);
}

/// The same race on change-password: a stolen session can't verify more
/// than 5 guesses of the current password by sending them at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_current_password_guesses_verify_at_most_five() {
    let app = spawn_app().await;
    let c = app.signed_in(&person(301)).await;
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let c = c.clone();
            tokio::spawn(async move {
                c.change_password(&ChangePasswordRequest {
                    current_password: format!("tebakan-{i}-salah"),
                    new_password: "rahasia-baru-123".parse().unwrap(),
                })
                .await
            })
        })
        .collect();
    let mut wrong = 0;
    for t in tasks {
        match t.await.unwrap() {
            Err(ClientError::Api { status: 403, .. }) => wrong += 1,
            Err(ClientError::Api { status: 429, .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert!(wrong <= 5, "{wrong} guesses verified");
}

/// Quota hoarding: booking and cancelling in a loop is stopped per account.
#[tokio::test]
async fn book_and_cancel_loops_are_limited_per_account() {
    let app = spawn_app().await;
    let p = person(302);
    let c = app.signed_in(&p).await;
    let (date, slot) = app.open_slot_after(&c, 3, 4).await;
    let req = request(3, date, &slot, vec![applicant(&p, None)]);
    let mut outcome = None;
    for _ in 0..12 {
        let b = match c.create_booking(&req, &Client::new_idempotency_key()).await {
            Ok(b) => b,
            Err(e) => {
                outcome = Some(refusal(&e).1.to_owned());
                break;
            }
        };
        if let Err(e) = c.cancel_booking(&b.code).await {
            outcome = Some(refusal(&e).1.to_owned());
            break;
        }
    }
    assert_eq!(outcome.as_deref(), Some("rate_limited"));
}

/// Six-digit codes across many accounts from one address: the address is
/// limited too, not only each e-mail.
#[tokio::test]
async fn activation_codes_are_limited_per_address_across_accounts() {
    let app = spawn_app().await;
    let mut limited = false;
    for i in 0..40 {
        let req = ActivateRequest {
            email: format!("korban{i}@example.com").parse().unwrap(),
            code: "123456".parse().unwrap(),
        };
        match app.client.activate(&req).await {
            Err(ClientError::Api { status: 429, .. }) => {
                limited = true;
                break;
            }
            Err(ClientError::Api { status: 400, .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert!(limited, "40 guesses on 40 accounts from one address");
}

/// Mail goes through the outbox: a relay that refuses (451) is retried
/// with backoff until the mail is delivered, and the attempts are recorded.
#[tokio::test]
async fn a_failing_relay_is_retried_until_the_mail_arrives() {
    let app = spawn_app().await;
    app.mail.refuse_next(2);
    let p = person(310);
    app.client.register(&register_request(&p)).await.unwrap();
    let mail = app.mail.wait_for(&p.email).await;
    code_in(&mail);
    let row = sqlx::query("SELECT attempts, sent_at, body FROM outbox WHERE recipient = $1")
        .bind(&p.email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    use sqlx::Row;
    assert_eq!(row.get::<i64, _>("attempts"), 3);
    assert!(row.get::<Option<i64>, _>("sent_at").is_some());
    assert_eq!(row.get::<String, _>("body"), "", "no code kept once sent");
}

/// A slow relay shows in no reply: forgot-password and resend answer as
/// fast for an account that exists (and gets mail) as for one that does not.
#[tokio::test]
async fn replies_do_not_wait_on_the_relay_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    let p = person(311);
    app.signed_in(&p).await;
    let waiting = person(312);
    app.client
        .register(&register_request(&waiting))
        .await
        .unwrap();
    app.mail.wait_for(&waiting.email).await;
    app.mail.slow_down(2000);
    let forgot = |login: &str| {
        let req = ForgotRequest {
            login: login.into(),
        };
        let c = app.client.clone();
        async move {
            let t = std::time::Instant::now();
            (c.forgot_password(&req).await.unwrap(), t.elapsed())
        }
    };
    let (known, t_known) = forgot(&p.username).await;
    let (unknown, t_unknown) = forgot("nobody").await;
    assert_eq!(known, unknown);
    assert!(
        t_known.as_millis() < 1000 && t_unknown.as_millis() < 1000,
        "{t_known:?} / {t_unknown:?} with a 2 s relay"
    );
    let resend = |email: &str| {
        let req = ResendRequest {
            email: email.parse().unwrap(),
        };
        let c = app.client.clone();
        async move {
            let t = std::time::Instant::now();
            (c.resend_activation(&req).await.unwrap(), t.elapsed())
        }
    };
    let (known, t_known) = resend(&waiting.email).await;
    let (unknown, t_unknown) = resend("nobody@example.com").await;
    assert_eq!(known, unknown);
    assert!(
        t_known.as_millis() < 1000 && t_unknown.as_millis() < 1000,
        "{t_known:?} / {t_unknown:?} with a 2 s relay"
    );
    // And the mail still goes out.
    let reset = app.mail.wait_for_nth(&p.email, 1).await;
    token_in(&reset, "/reset-password");
}
