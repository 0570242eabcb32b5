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
    let permits = app.state.config.argon2_permits;
    assert!(
        app.state.hasher.peak() <= permits,
        "argon2 memory is bounded"
    );
    // Refused attempts took their count back: the bucket holds the
    // verified failures only, and the owner is held to the limit they left.
    let owner = app.login(&p.username, &p.password).await;
    match verified {
        5 => assert_eq!(refusal(&owner.unwrap_err()).0, 429),
        _ => assert!(owner.is_ok(), "{verified} failures left room"),
    }
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
    // The worker marks the row sent once the relay has answered, which is
    // a moment after the sink has the mail.
    use sqlx::Row;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let row = loop {
        let row = sqlx::query("SELECT attempts, sent_at, body FROM outbox WHERE recipient = $1")
            .bind(&p.email)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        if row.get::<Option<i64>, _>("sent_at").is_some() || std::time::Instant::now() > deadline {
            break row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
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

/// A bearer token for `p` (registered, activated), for raw requests.
async fn token_of(app: &TestApp, p: &Person) -> String {
    app.signed_in(p).await;
    app.client
        .login(&LoginRequest {
            login: p.username.parse().unwrap(),
            password: p.password.clone(),
        })
        .await
        .unwrap()
        .token
}

/// The JSON error of a raw reply, after checking its status and type.
async fn error_of(r: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(r.status().as_u16(), status, "{r:?}");
    let ct = r.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ct.starts_with("application/json"), "{ct}");
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"]["message"].is_string(), "{body}");
    body["error"].clone()
}

/// One error shape everywhere (13.4): axum's own rejections, unknown
/// routes, wrong methods and big bodies all answer with the JSON shape and
/// a stable code (they were text/plain or empty).
#[tokio::test]
async fn every_rejection_has_the_json_error_shape() {
    let app = spawn_app().await;
    let token = token_of(&app, &person(320)).await;
    let http = app.raw_http();
    let url = |p: &str| format!("{}{p}", app.base_url);
    let get = |p: &str| http.get(url(p)).bearer_auth(&token).send();

    let e = error_of(
        get("/api/v1/offices/abc/calendar?month=2026-12")
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(
        (e["code"].as_str(), e["fields"]["id"].as_str()),
        (Some("validation"), Some("invalid"))
    );
    let e = error_of(get("/api/v1/offices/1/calendar").await.unwrap(), 422).await;
    assert_eq!(e["fields"]["month"], "required");
    let e = error_of(get("/api/v1/no-such-thing").await.unwrap(), 404).await;
    assert_eq!(e["code"], "not_found");
    let e = error_of(get("/no-such-page").await.unwrap(), 404).await;
    assert_eq!(e["code"], "not_found");
    let r = http
        .delete(url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let e = error_of(r, 405).await;
    assert_eq!(e["code"], "method_not_allowed");
    let r = http.put(url("/health")).send().await.unwrap();
    assert_eq!(error_of(r, 405).await["code"], "method_not_allowed");
    let r = http
        .post(url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("x".repeat(200_000))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r, 413).await["code"], "body_too_large");
    let r = http
        .put(url("/api/v1/me/photo"))
        .bearer_auth(&token)
        .header("content-type", "image/png")
        .body(vec![0u8; 6 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r, 413).await["code"], "body_too_large");
    let r = http
        .post(url("/reset-password"))
        .header("content-type", "text/plain")
        .body("token=x")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    error_of(r, 415).await;
}

/// The link pages can't be framed, cached, or leak their token as a referrer.
#[tokio::test]
async fn the_link_pages_send_security_headers() {
    let app = spawn_app().await;
    let http = app.raw_http();
    for path in ["/activate?token=abc", "/reset-password?token=abc"] {
        let r = http
            .get(format!("{}{path}", app.base_url))
            .send()
            .await
            .unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"));
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["x-frame-options"], "DENY");
    }
}

/// R-PWD-1: a reset retires every other reset link of the account, a
/// password change does too, and both tell the owner by mail.
#[tokio::test]
async fn a_new_password_retires_every_reset_link_and_is_told_by_mail() {
    let app = spawn_app().await;
    let p = person(321);
    let c = app.signed_in(&p).await;
    for _ in 0..2 {
        app.client
            .forgot_password(&ForgotRequest {
                login: p.username.clone(),
            })
            .await
            .unwrap();
    }
    let first = token_in(&app.mail.wait_for_nth(&p.email, 1).await, "/reset-password");
    let second = token_in(&app.mail.wait_for_nth(&p.email, 2).await, "/reset-password");
    app.client
        .reset_password(&ResetRequest {
            token: second,
            new_password: "baru-rahasia-9".parse().unwrap(),
        })
        .await
        .unwrap();
    let told = app.mail.wait_for_nth(&p.email, 3).await;
    assert!(told.contains("baru saja diubah"), "{told}");
    let e = app
        .client
        .reset_password(&ResetRequest {
            token: first,
            new_password: "penyerang-123".parse().unwrap(),
        })
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (400, "invalid_token"));
    drop(c);
    // A change by the signed-in owner retires a link sent before it.
    let c = app.login(&p.username, "baru-rahasia-9").await.unwrap();
    app.client
        .forgot_password(&ForgotRequest {
            login: p.username.clone(),
        })
        .await
        .unwrap();
    let pending = token_in(&app.mail.wait_for_nth(&p.email, 4).await, "/reset-password");
    c.change_password(&ChangePasswordRequest {
        current_password: "baru-rahasia-9".into(),
        new_password: "baru-rahasia-10".parse().unwrap(),
    })
    .await
    .unwrap();
    assert!(
        app.mail
            .wait_for_nth(&p.email, 5)
            .await
            .contains("baru saja diubah")
    );
    let e = app
        .client
        .reset_password(&ResetRequest {
            token: pending,
            new_password: "penyerang-123".parse().unwrap(),
        })
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (400, "invalid_token"));
}

/// A reused Idempotency-Key with another body is refused, not answered with
/// the first booking as if it were this one.
#[tokio::test]
async fn an_idempotency_key_reused_for_another_request_is_refused() {
    let app = spawn_app().await;
    let (p, wife) = (person(322), person(323));
    let c = app.signed_in(&p).await;
    let (date, slot) = app.open_slot(&c, 2).await;
    let key = Client::new_idempotency_key();
    let one = request(2, date, &slot, vec![applicant(&p, None)]);
    let first = c.create_booking(&one, &key).await.unwrap();
    assert_eq!(c.create_booking(&one, &key).await.unwrap().code, first.code);
    let two = request(
        2,
        date,
        &slot,
        vec![applicant(&p, None), applicant(&wife, Some("wife"))],
    );
    let e = c.create_booking(&two, &key).await.unwrap_err();
    assert_eq!(refusal(&e), (422, "idempotency_mismatch"));
    assert_eq!(c.bookings().await.unwrap().len(), 1);
}

/// A production server with no SMTP relay would log codes and reset links:
/// it refuses to start unless development mail is asked for.
#[tokio::test]
async fn a_server_without_smtp_refuses_to_start_unless_dev_mail_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut config = paspor_server::Config::local(&url, dir.path());
    config.tls = paspor_server::config::Tls::Off;
    let e = paspor_server::Application::build(config.clone())
        .await
        .err()
        .expect("refused");
    assert!(e.to_string().contains("PASPOR_DEV_MAIL"), "{e}");
    config.dev_mail = true;
    paspor_server::Application::build(config).await.unwrap();
}

/// R-REG-6: an account never activated is deleted once its activation
/// window is over, and its NIK can be registered by its owner.
#[tokio::test]
async fn an_unactivated_account_is_purged_and_frees_its_nik() {
    let app = spawn_app().await;
    let squatter = person(324);
    app.client
        .register(&register_request(&squatter))
        .await
        .unwrap();
    app.mail.wait_for(&squatter.email).await;
    let mut owner = person(325);
    owner.nik = squatter.nik.clone();
    // Within the window the account stays.
    paspor_server::housekeeping::run_once(&app.state.db)
        .await
        .unwrap();
    let day_ago = jiff::Timestamp::now().as_second() - 25 * 3600;
    for sql in [
        "UPDATE accounts SET created_at = $1",
        "UPDATE email_tokens SET expires_at = $1",
    ] {
        sqlx::query(sql)
            .bind(day_ago)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    paspor_server::housekeeping::run_once(&app.state.db)
        .await
        .unwrap();
    app.signed_in(&owner).await.me().await.unwrap();
}

/// argon2's memory is bounded: with one permit, parallel logins (each for
/// another account, so no rate limit stops them) never run two hashes at
/// once, and those that can't get the permit in time get a clean 503 busy
/// with Retry-After instead of queueing without end.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_argon2_pool_answers_busy_with_retry_after() {
    let app = spawn_app_with(|c| {
        c.argon2 = paspor_server::config::Argon2Params {
            memory_kib: 8 * 1024,
            iterations: 4,
        };
        c.argon2_permits = 1;
        c.argon2_wait = std::time::Duration::from_millis(1);
    })
    .await;
    let http = app.raw_http();
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let (http, url) = (http.clone(), format!("{}/api/v1/auth/login", app.base_url));
            tokio::spawn(async move {
                http.post(url)
                    .json(&serde_json::json!({"login": format!("orang{i}"), "password": "tebakan-salah"}))
                    .send()
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut busy = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status().as_u16() {
            401 => {}
            503 => {
                assert!(r.headers().contains_key("retry-after"));
                assert_eq!(error_of(r, 503).await["code"], "busy");
                busy += 1;
            }
            other => panic!("{other}"),
        }
    }
    assert!(busy > 0, "12 at once with one permit");
    assert_eq!(app.state.hasher.peak(), 1);
}

/// The document is as strict as the server: parameters carry the patterns
/// the server parses by, optional ones are not required, the headers read
/// are listed, and each refusal status an endpoint gives is documented.
#[tokio::test]
async fn the_document_is_as_strict_as_the_server() {
    let app = spawn_app().await;
    let doc = app.openapi().await;
    let params = |path: &str, method: &str| doc["paths"][path][method]["parameters"].clone();
    let cal = params("/api/v1/offices/{id}/calendar", "get");
    assert_eq!(cal[0]["schema"]["type"], "integer");
    assert_eq!(cal[1]["name"], "month");
    assert_eq!(cal[1]["required"], true);
    assert!(cal[1]["schema"]["pattern"].is_string());
    let content = params("/api/v1/content/{page}", "get");
    assert_eq!(content[1]["name"], "lang");
    assert_eq!(content[1]["required"], false, "the server defaults it");
    let booking = params("/api/v1/bookings", "post");
    assert_eq!(booking[0]["name"], "Idempotency-Key");
    let statuses = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let login = statuses("/api/v1/auth/login", "post");
    for s in ["200", "401", "403", "413", "422", "429", "500", "503"] {
        assert!(login.contains(&s.to_owned()), "login lacks {s}: {login:?}");
    }
    let create = statuses("/api/v1/bookings", "post");
    for s in ["201", "401", "404", "409", "422", "429"] {
        assert!(
            create.contains(&s.to_owned()),
            "booking lacks {s}: {create:?}"
        );
    }
    let nik = &doc["components"]["schemas"]["Nik"];
    assert_eq!(nik["pattern"], "^[0-9]{16}$");
}

/// The first attack (R-Q-8, R-Q-9): a stranger who knows my NIK
/// adds me as their "child" with their own KK typed for mine. Now refused
/// without my consent, with a code that says nothing of whose account it is,
/// and I can book for myself.
#[tokio::test]
async fn a_stranger_cannot_book_my_nik_and_lock_me_out() {
    let app = spawn_app().await;
    let me = person(330);
    let mine = app.signed_in(&me).await;
    let mut stranger = person(331);
    stranger.kk = "3174010101090099".into();
    let theirs = app.signed_in(&stranger).await;
    let (date, slot) = app.open_slot(&theirs, 5).await;
    let mut as_child = applicant(&me, Some("child"));
    as_child.kk = stranger.kk.parse().unwrap();
    let e = theirs
        .create_booking(
            &request(5, date, &slot, vec![applicant(&stranger, None), as_child]),
            &Client::new_idempotency_key(),
        )
        .await
        .unwrap_err();
    match &e {
        ClientError::Api {
            status: 409,
            code,
            fields,
            message,
            ..
        } => {
            assert_eq!(code.as_str(), "consent_required");
            assert_eq!(fields.len(), 1);
            assert!(!message.contains("warga330"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    mine.create_booking(
        &request(5, date, &slot, vec![applicant(&me, None)]),
        &Client::new_idempotency_key(),
    )
    .await
    .expect("my own booking");
}

/// R-Q-9: a booking for my NIK made before I registered (so without my
/// consent) does not block me: my own booking takes the NIK.
#[tokio::test]
async fn a_booking_made_for_my_nik_before_i_registered_does_not_block_me() {
    let app = spawn_app().await;
    let mut stranger = person(332);
    stranger.kk = "3174010101090098".into();
    let theirs = app.signed_in(&stranger).await;
    let me = person(333);
    let (date, slot) = app.open_slot(&theirs, 6).await;
    let mut as_child = applicant(&me, Some("child"));
    as_child.kk = stranger.kk.parse().unwrap();
    theirs
        .create_booking(
            &request(6, date, &slot, vec![applicant(&stranger, None), as_child]),
            &Client::new_idempotency_key(),
        )
        .await
        .expect("nobody's NIK yet");
    let mine = app.signed_in(&me).await;
    mine.create_booking(
        &request(6, date, &slot, vec![applicant(&me, None)]),
        &Client::new_idempotency_key(),
    )
    .await
    .expect("the owner is never blocked by a booking without consent");
}

/// R-Q-9: the consent flow. Asking answers alike for a NIK with and without
/// an account; the owner is mailed, sees who asks, accepts; then the booking
/// goes through; after removal it is refused again.
#[tokio::test]
async fn a_family_link_the_owner_accepts_lets_the_family_book() {
    let app = spawn_app().await;
    let (head, wife) = (person(334), person(335));
    let c_head = app.signed_in(&head).await;
    let c_wife = app.signed_in(&wife).await;
    let ask = |nik: &str| FamilyLinkRequest {
        nik: nik.parse().unwrap(),
    };
    let registered = c_head.request_family_link(&ask(&wife.nik)).await.unwrap();
    let nobody = c_head
        .request_family_link(&ask(&person(336).nik))
        .await
        .unwrap();
    assert_eq!(registered, nobody, "asking reveals nothing");
    let notice = app
        .mail
        .wait_for_containing(&wife.email, "tautan keluarga")
        .await;
    assert!(notice.contains("warga334"), "{notice}");
    let (date, slot) = app.open_slot_after(&c_head, 7, 4).await;
    let family = request(
        7,
        date,
        &slot,
        vec![applicant(&head, None), applicant(&wife, Some("wife"))],
    );
    let e = c_head
        .create_booking(&family, &Client::new_idempotency_key())
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (409, "consent_required"));
    let links = c_wife.family_links().await.unwrap();
    assert_eq!(links.incoming.len(), 1);
    assert_eq!(links.incoming[0].from_username.as_str(), "warga334");
    // The asker can't accept for the owner.
    let id = links.incoming[0].id;
    assert_eq!(
        refusal(&c_head.accept_family_link(id).await.unwrap_err()).0,
        404
    );
    let links = c_wife.accept_family_link(id).await.unwrap();
    assert!(links.incoming[0].accepted);
    let outgoing = c_head.family_links().await.unwrap().outgoing;
    assert_eq!(outgoing.iter().filter(|l| l.accepted).count(), 1);
    let booking = c_head
        .create_booking(&family, &Client::new_idempotency_key())
        .await
        .expect("with consent");
    c_head.cancel_booking(&booking.code).await.unwrap();
    c_wife.remove_family_link(id).await.unwrap();
    let e = c_head
        .create_booking(&family, &Client::new_idempotency_key())
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (409, "consent_required"));
}

/// The Dukcapil seam: a registry the deployment provides can refute a
/// registration and a family member; the default has none and confirms
/// nothing (every other test runs without one).
#[tokio::test]
async fn a_configured_registry_can_refute_what_was_typed() {
    use paspor_server::registry::{Answer, PopulationRegistry, Registry, Verdict};
    struct Knows(String);
    impl Knows {
        fn about(&self, nik: &paspor_domain::Nik) -> Answer<'static> {
            let v = if nik.as_str() == self.0 {
                Verdict::Refuted
            } else {
                Verdict::Confirmed
            };
            Box::pin(std::future::ready(v))
        }
    }
    impl PopulationRegistry for Knows {
        fn person<'a>(
            &'a self,
            nik: &'a paspor_domain::Nik,
            _: &'a paspor_domain::PersonName,
            _: jiff::civil::Date,
        ) -> Answer<'a> {
            self.about(nik)
        }
        fn on_family_card<'a>(
            &'a self,
            nik: &'a paspor_domain::Nik,
            _: &'a paspor_domain::KkNumber,
        ) -> Answer<'a> {
            self.about(nik)
        }
    }
    let liar = person(340);
    let refuted = liar.nik.clone();
    let app =
        spawn_app_with(move |c| c.registry = Registry(std::sync::Arc::new(Knows(refuted)))).await;
    let e = app
        .client
        .register(&register_request(&liar))
        .await
        .unwrap_err();
    match &e {
        ClientError::Api {
            status: 422,
            fields,
            ..
        } => {
            assert_eq!(fields.values().next().unwrap().as_str(), "not_in_registry")
        }
        other => panic!("{other:?}"),
    }
    let owner = person(341);
    let c = app.signed_in(&owner).await;
    let (date, slot) = app.open_slot(&c, 8).await;
    let e = c
        .create_booking(
            &request(
                8,
                date,
                &slot,
                vec![applicant(&owner, None), applicant(&liar, Some("child"))],
            ),
            &Client::new_idempotency_key(),
        )
        .await
        .unwrap_err();
    assert_eq!(refusal(&e).1, "not_same_family_card");
}

/// Per-address limits see through a trusted proxy only: a forged
/// `X-Forwarded-For` from anyone else changes nothing, while behind
/// `PASPOR_TRUSTED_PROXIES` each forwarded client has its own bucket.
#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    async fn limited_after(app: &TestApp) -> Option<usize> {
        let http = app.raw_http();
        for i in 0..25 {
            let r = http
                .post(format!("{}/api/v1/auth/login", app.base_url))
                .header("x-forwarded-for", format!("198.51.100.{i}"))
                .json(
                    &serde_json::json!({"login": format!("orang{i}"), "password": "tebakan-salah"}),
                )
                .send()
                .await
                .unwrap();
            if r.status() == 429 {
                return Some(i);
            }
        }
        None
    }
    let direct = spawn_app().await;
    assert_eq!(
        limited_after(&direct).await,
        Some(20),
        "forged hops are ignored"
    );
    let proxied = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    assert_eq!(
        limited_after(&proxied).await,
        None,
        "one bucket per forwarded client"
    );
}

/// R-REG-4 under a race: parallel registrations of one NIK all get the same
/// 202, and exactly one account is made (the others lose at the unique
/// constraint and are told by mail, in a transaction of their own).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_registrations_of_one_nik_make_one_account() {
    let app = spawn_app().await;
    let nik = person(350).nik;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let c = fresh_client(&app, i);
            let mut p = person(351 + i as u32);
            p.nik = nik.clone();
            tokio::spawn(async move { c.register(&register_request(&p)).await })
        })
        .collect();
    let mut replies = Vec::new();
    for t in tasks {
        replies.push(t.await.unwrap().expect("202 for every one"));
    }
    assert!(replies.windows(2).all(|w| w[0] == w[1]));
    let row = sqlx::query("SELECT COUNT(*) AS n FROM accounts WHERE nik = $1")
        .bind(&nik)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(sqlx::Row::get::<i64, _>(&row, "n"), 1);
}

/// Sessions are believed for a moment per process (auth::SESSION_TRUST), so
/// a calendar poll costs no lookup. A thief's session used a second ago
/// must still die the moment the owner changes the password or logs out.
#[tokio::test]
async fn a_session_used_a_moment_ago_dies_at_once_when_the_owner_changes_the_password() {
    let app = spawn_app().await;
    let p = person(41);
    let owner = app.signed_in(&p).await;
    let thief = app.login(&p.username, &p.password).await.unwrap();
    let spare = app.login(&p.username, &p.password).await.unwrap();
    // Both just seen by this process.
    thief.me().await.unwrap();
    spare.me().await.unwrap();
    let change = ChangePasswordRequest {
        current_password: p.password.clone(),
        new_password: "baru-rahasia-2".parse().unwrap(),
    };
    owner.change_password(&change).await.unwrap();
    assert_eq!(
        refusal(&thief.me().await.unwrap_err()),
        (401, "unauthorized")
    );
    assert!(
        owner.me().await.is_ok(),
        "the session that changed it stays"
    );
    // Logged in again with the new password, then out: refused at once too.
    let again = app.login(&p.username, "baru-rahasia-2").await.unwrap();
    again.me().await.unwrap();
    again.logout().await.unwrap();
    assert_eq!(
        refusal(&again.me().await.unwrap_err()),
        (401, "unauthorized")
    );
    assert_eq!(
        refusal(&spare.me().await.unwrap_err()),
        (401, "unauthorized")
    );
}
