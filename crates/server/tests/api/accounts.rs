use paspor_domain::api::*;

use crate::support::*;

#[tokio::test]
async fn register_activate_by_code_login_and_see_me() {
    let app = spawn_app().await;
    let p = person(1);
    let c = app.signed_in(&p).await;
    let me = c.me().await.unwrap();
    assert_eq!(
        (me.username.as_str(), me.email.as_str(), me.nik.as_str()),
        ("warga1", "warga1@example.com", p.nik.as_str())
    );
    assert_eq!(me.phone.as_str(), "+6281234567890");
    assert!(!me.has_photo);
}

#[tokio::test]
async fn an_account_cannot_log_in_before_activation() {
    let app = spawn_app().await;
    let p = person(2);
    app.client.register(&register_request(&p)).await.unwrap();
    let e = app.login(&p.username, &p.password).await.unwrap_err();
    assert_eq!(refusal(&e), (403, "account_inactive"));
}

#[tokio::test]
async fn the_emailed_link_activates_once_through_its_page() {
    let app = spawn_app().await;
    let p = person(3);
    app.client.register(&register_request(&p)).await.unwrap();
    let mail = app.mail.wait_for(&p.email).await;
    let token = token_in(&mail, "/activate");
    let http = app.raw_http();
    // Opening the link shows a button; it does not activate by itself.
    let page = http
        .get(format!("{}/activate?token={token}", app.base_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("AKTIFKAN"));
    assert!(app.login(&p.username, &p.password).await.is_err());
    let post = |t: String| {
        http.post(format!("{}/activate", app.base_url))
            .form(&[("token", t)])
            .send()
    };
    let done = post(token.clone()).await.unwrap().text().await.unwrap();
    assert!(done.contains("Akun aktif"), "{done}");
    assert!(app.login(&p.username, &p.password).await.is_ok());
    let again = post(token).await.unwrap().text().await.unwrap();
    assert!(again.contains("Tautan tidak berlaku"), "single use");
}

#[tokio::test]
async fn the_app_link_in_the_mail_activates_once_through_the_api() {
    let app = spawn_app().await;
    let p = person(23);
    app.client.register(&register_request(&p)).await.unwrap();
    let mail = app.mail.wait_for(&p.email).await;
    // The mail and the web page both carry the link the app registers for,
    // with the same token as the web link.
    let token = token_in(&mail, "paspor://activate");
    assert_eq!(token, token_in(&mail, "/activate"));
    let page = app
        .raw_http()
        .get(format!("{}/activate?token={token}", app.base_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("href=\"paspor://activate?token={token}\"")),
        "{page}"
    );

    let activate = |token: String| async {
        app.client
            .activate_link(&ActivateLinkRequest { token })
            .await
    };
    assert!(app.login(&p.username, &p.password).await.is_err());
    activate(token.clone()).await.unwrap();
    assert!(app.login(&p.username, &p.password).await.is_ok());
    let again = activate(token).await.unwrap_err();
    assert_eq!(refusal(&again).1, "invalid_token", "single use");
    let guessed = activate("A".repeat(43)).await.unwrap_err();
    assert_eq!(refusal(&guessed).1, "invalid_token");
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_resend_replaces_the_old_one() {
    let app = spawn_app().await;
    let p = person(4);
    app.client.register(&register_request(&p)).await.unwrap();
    let first = code_in(&app.mail.wait_for(&p.email).await);
    let wrong = if first.as_str() == "000000" {
        "000001"
    } else {
        "000000"
    };
    let e = app
        .client
        .activate(&ActivateRequest {
            email: p.email.parse().unwrap(),
            code: wrong.parse().unwrap(),
        })
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (400, "invalid_token"));
    app.client
        .resend_activation(&ResendRequest {
            email: p.email.parse().unwrap(),
        })
        .await
        .unwrap();
    let second = code_in(&app.mail.wait_for_nth(&p.email, 1).await);
    if first != second {
        let e = app
            .client
            .activate(&ActivateRequest {
                email: p.email.parse().unwrap(),
                code: first,
            })
            .await
            .unwrap_err();
        assert_eq!(
            refusal(&e).1,
            "invalid_token",
            "the old code stopped working"
        );
    }
    app.client
        .activate(&ActivateRequest {
            email: p.email.parse().unwrap(),
            code: second,
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn resend_is_rate_limited_and_says_nothing_about_who_exists() {
    let app = spawn_app().await;
    let unknown = ResendRequest {
        email: "nobody@example.com".parse().unwrap(),
    };
    for _ in 0..3 {
        app.client.resend_activation(&unknown).await.unwrap();
    }
    let e = app.client.resend_activation(&unknown).await.unwrap_err();
    assert_eq!(refusal(&e), (429, "rate_limited"));
    assert_eq!(app.mail.count("nobody@example.com"), 0);
}

/// R-REG-4 without enumeration: a taken e-mail, username or NIK gets the
/// reply any registration gets; the owner is told by mail, and nothing is created.
#[tokio::test]
async fn taken_email_username_and_nik_get_the_same_reply_and_the_owner_is_told() {
    let app = spawn_app().await;
    let p = person(5);
    let fresh = app.client.register(&register_request(&p)).await.unwrap();
    app.mail.wait_for(&p.email).await;
    let mut same_email = register_request(&person(6));
    same_email.email = "WARGA5@example.com".parse().unwrap();
    let mut same_user = register_request(&person(7));
    same_user.username = "Warga5".parse().unwrap();
    let mut same_nik = register_request(&person(8));
    same_nik.nik = p.nik.parse().unwrap();
    for (n, req) in [same_email, same_user, same_nik].iter().enumerate() {
        let reply = app.client.register(req).await.unwrap();
        assert_eq!(reply, fresh, "the same 202 for everyone");
        let notice = app.mail.wait_for_nth(&p.email, n + 1).await;
        assert!(notice.contains("mencoba mendaftar"), "{notice}");
    }
    // The other addresses learn only that it could not be done, not why.
    for n in [7, 8] {
        let refused = app.mail.wait_for(&person(n).email).await;
        assert!(refused.contains("tidak dapat diproses"), "{refused}");
        assert!(!refused.contains("aktivasi akun Layanan Paspor Anda"));
    }
    let accounts: i64 = sqlx::Row::get(
        &sqlx::query("SELECT COUNT(*) AS n FROM accounts")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "n",
    );
    assert_eq!(accounts, 1);
}

#[tokio::test]
async fn bad_fields_come_back_per_field_with_domain_codes() {
    let app = spawn_app().await;
    let http = app.raw_http();
    let mut body = serde_json::to_value(register_request(&person(7))).unwrap();
    body["nik"] = "3174014005900001".into();
    let r = http
        .post(format!("{}/api/v1/auth/register", app.base_url))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "validation");
    assert_eq!(e["error"]["fields"]["nik"], "nik_birth_date");
    let r = http
        .post(format!("{}/api/v1/auth/register", app.base_url))
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "bad_body");
    let huge = "x".repeat(200_000);
    let r = http
        .post(format!("{}/api/v1/auth/register", app.base_url))
        .body(huge)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "body limit: {}", r.status());
}

#[tokio::test]
async fn one_device_registers_one_account_when_configured() {
    let app = spawn_app_with(|c| c.one_account_per_device = true).await;
    app.client
        .register(&register_request(&person(8)))
        .await
        .unwrap();
    let e = app
        .client
        .register(&register_request(&person(9)))
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (409, "device_already_registered"));
}

#[tokio::test]
async fn login_by_email_or_username_and_failures_are_rate_limited() {
    let app = spawn_app().await;
    let p = person(10);
    app.signed_in(&p).await;
    assert!(app.login("WARGA10@example.com", &p.password).await.is_ok());
    for _ in 0..5 {
        let e = app.login(&p.username, "salah-password").await.unwrap_err();
        assert_eq!(refusal(&e), (401, "invalid_credentials"));
    }
    let e = app.login(&p.username, &p.password).await.unwrap_err();
    assert_eq!(
        refusal(&e),
        (429, "rate_limited"),
        "even the right password waits"
    );
    let e = app.login("nobody", "whatever1").await.unwrap_err();
    assert_eq!(
        refusal(&e),
        (401, "invalid_credentials"),
        "unknown users look the same"
    );
}

#[tokio::test]
async fn logout_revokes_the_token() {
    let app = spawn_app().await;
    let c = app.signed_in(&person(11)).await;
    c.logout().await.unwrap();
    assert_eq!(refusal(&c.me().await.unwrap_err()), (401, "unauthorized"));
    assert_eq!(
        refusal(&app.client.me().await.unwrap_err()),
        (401, "unauthorized")
    );
}

#[tokio::test]
async fn forgot_password_does_not_enumerate_and_the_link_works_once() {
    let app = spawn_app().await;
    let p = person(12);
    let old_session = app.signed_in(&p).await;
    let a = app
        .client
        .forgot_password(&ForgotRequest {
            login: p.username.clone(),
        })
        .await
        .unwrap();
    let b = app
        .client
        .forgot_password(&ForgotRequest {
            login: "nobody".into(),
        })
        .await
        .unwrap();
    assert_eq!(a, b, "same answer for unknown accounts");
    let mail = app.mail.wait_for_nth(&p.email, 1).await;
    let token = token_in(&mail, "/reset-password");
    let req = ResetRequest {
        token: token.clone(),
        new_password: "baru-rahasia-1".parse().unwrap(),
    };
    app.client.reset_password(&req).await.unwrap();
    assert_eq!(
        refusal(&app.client.reset_password(&req).await.unwrap_err()).1,
        "invalid_token"
    );
    assert_eq!(
        refusal(&old_session.me().await.unwrap_err()).1,
        "unauthorized",
        "a reset ends all sessions"
    );
    assert!(app.login(&p.username, &p.password).await.is_err());
    assert!(app.login(&p.username, "baru-rahasia-1").await.is_ok());
}

#[tokio::test]
async fn change_password_needs_the_current_one_and_profile_edits_keep_the_nik() {
    let app = spawn_app().await;
    let p = person(13);
    let c = app.signed_in(&p).await;
    let wrong = ChangePasswordRequest {
        current_password: "nope".into(),
        new_password: "baru-rahasia-2".parse().unwrap(),
    };
    assert_eq!(
        refusal(&c.change_password(&wrong).await.unwrap_err()),
        (403, "wrong_password")
    );
    let right = ChangePasswordRequest {
        current_password: p.password.clone(),
        new_password: "baru-rahasia-2".parse().unwrap(),
    };
    c.change_password(&right).await.unwrap();
    assert!(c.me().await.is_ok(), "this session stays");
    let update: UpdateProfileRequest = serde_json::from_value(serde_json::json!({
        "full_name": "Budi S", "kk": "3174010101090001", "birth_place": "Bogor", "birth_date": "1990-05-15",
        "sex": "male", "phone": "+62 811 111 222"
    })).unwrap();
    let me = c.update_me(&update).await.unwrap();
    assert_eq!(
        (
            me.full_name.as_str(),
            me.birth_place.as_str(),
            me.nik.as_str()
        ),
        ("Budi S", "Bogor", p.nik.as_str())
    );
}

#[tokio::test]
async fn photos_are_checked_and_re_encoded() {
    let app = spawn_app().await;
    let c = app.signed_in(&person(14)).await;
    let e = c
        .upload_photo(b"not an image".to_vec(), "image/png")
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (422, "bad_photo"));
    let e = c.upload_photo(vec![0; 10], "text/plain").await.unwrap_err();
    assert_eq!(refusal(&e).1, "bad_photo");
    let img = image::RgbImage::from_fn(1200, 900, |x, y| {
        image::Rgb([(x % 250) as u8, (y % 250) as u8, 100])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let me = c.upload_photo(png, "image/png").await.unwrap();
    assert!(me.has_photo);
    let jpeg = c.photo().await.unwrap();
    let back = image::load_from_memory(&jpeg).unwrap();
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    assert!(back.width() <= 512 && back.height() <= 512);
}
