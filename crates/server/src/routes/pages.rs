//! The small HTML pages behind the e-mailed links (R-REG-5, R-PWD-1). Opening
//! a link only shows a button: mail scanners that prefetch links must not
//! use up a single-use token, so the action is a POST.

use axum::Form;
use axum::extract::{Query, State};
use axum::response::Html;
use paspor_domain::Password;
use serde::Deserialize;

use super::accounts::{activate_by_token, reset_password};
use crate::AppState;
use crate::error::ServerError;

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// The link pages hold single-use tokens and a password form: nothing
/// frames them (clickjacking), loads from elsewhere, keeps them in a cache,
/// or sends their address (with its token) on as a referrer.
pub async fn security_headers(mut resp: axum::response::Response) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&#39;".into(),
            c => c.to_string(),
        })
        .collect()
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title><style>
body{{margin:0;font-family:system-ui,sans-serif;background:#eef2f8;color:#1b2533}}
header{{background:#0b2e6b;color:#fff;padding:28px 20px;text-align:center}}
main{{max-width:420px;margin:-16px auto 24px;background:#fff;border-radius:14px;padding:24px;box-shadow:0 8px 24px rgba(11,46,107,.12)}}
label{{display:block;font-weight:600;margin:12px 0 6px}} input{{width:100%;box-sizing:border-box;min-height:48px;padding:10px;border:1.5px solid #d5dce8;border-radius:10px;font:inherit}}
button{{margin-top:16px;width:100%;min-height:52px;border:0;border-radius:12px;background:#0b2e6b;color:#fff;font-weight:700;font:inherit;font-weight:700}}
.ok{{color:#16794c}} .err{{color:#b42318}} a.app{{display:block;margin-top:14px;text-align:center;color:#0b2e6b;font-weight:600}}</style></head>
<body><header><strong>Layanan Paspor Online</strong></header><main><h1 style="font-size:20px">{title}</h1>{body}</main></body></html>"#
    ))
}

pub async fn activate_page(Query(q): Query<TokenQuery>) -> Html<String> {
    page(
        "Aktivasi akun",
        &format!(
            r#"<p>Ketuk tombol di bawah untuk mengaktifkan akun Anda. / Tap the button to activate your account.</p>
<form method="post" action="/activate"><input type="hidden" name="token" value="{}"><button type="submit">AKTIFKAN</button></form>
<p><a class="app" href="{}">Buka di aplikasi Paspor / Open in the Paspor app</a></p>"#,
            escape(&q.token),
            escape(&super::accounts::app_activation_link(&q.token)),
        ),
    )
}

pub async fn activate_submit(State(s): State<AppState>, Form(q): Form<TokenQuery>) -> Html<String> {
    match activate_by_token(&s, q.token.trim()).await {
        Ok(()) => page(
            "Akun aktif",
            r#"<p class="ok">Akun Anda sudah aktif. Silakan login di aplikasi. / Your account is active; log in in the app.</p>"#,
        ),
        Err(ServerError::InvalidToken) => page(
            "Tautan tidak berlaku",
            r#"<p class="err">Tautan salah, sudah dipakai, atau kedaluwarsa. Minta kode baru di aplikasi. / The link is wrong, used or expired.</p>"#,
        ),
        Err(e) => {
            tracing::error!(error = %e, "activation page");
            page(
                "Terjadi kesalahan",
                r#"<p class="err">Coba lagi nanti. / Please try again later.</p>"#,
            )
        }
    }
}

pub async fn reset_page(Query(q): Query<TokenQuery>) -> Html<String> {
    reset_form(&q.token, None)
}

fn reset_form(token: &str, error: Option<&str>) -> Html<String> {
    let error = error
        .map(|e| format!(r#"<p class="err">{}</p>"#, escape(e)))
        .unwrap_or_default();
    page(
        "Password baru",
        &format!(
            r#"{error}<form method="post" action="/reset-password"><input type="hidden" name="token" value="{}">
<label for="password">Password baru (min. 8 karakter)</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="8">
<label for="confirm">Ulangi password</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit">SIMPAN</button></form>"#,
            escape(token)
        ),
    )
}

pub async fn reset_submit(State(s): State<AppState>, Form(f): Form<ResetForm>) -> Html<String> {
    if f.password != f.confirm {
        return reset_form(
            &f.token,
            Some("Konfirmasi password tidak sama. / The passwords do not match."),
        );
    }
    let password = match Password::parse(&f.password) {
        Ok(p) => p,
        Err(e) => {
            return reset_form(
                &f.token,
                Some(&format!("Password minimal 8 karakter. / {e}.")),
            );
        }
    };
    match reset_password(&s, f.token.trim(), &password).await {
        Ok(()) => page(
            "Password diubah",
            r#"<p class="ok">Password baru tersimpan. Silakan login di aplikasi. / Your new password is saved.</p>"#,
        ),
        Err(ServerError::InvalidToken) => page(
            "Tautan tidak berlaku",
            r#"<p class="err">Tautan salah, sudah dipakai, atau kedaluwarsa (1 jam). / The link is wrong, used or expired.</p>"#,
        ),
        Err(e) => {
            tracing::error!(error = %e, "reset page");
            page(
                "Terjadi kesalahan",
                r#"<p class="err">Coba lagi nanti. / Please try again later.</p>"#,
            )
        }
    }
}
