use dioxus::prelude::*;
use paspor_domain::api::ForgotRequest;

use crate::components::{AuthHeader, TextField};
use crate::route::Route;
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{explain, use_api};

/// Forgot password (SPEC §4). The reply is the same whether or not the
/// account exists (R-PWD-1); the e-mailed link leads to the reset page.
#[component]
pub fn Forgot() -> Element {
    let t = use_t();
    let api = use_api();
    let login = use_signal(String::new);
    let mut error = use_signal(|| None::<Msg>);
    let mut sent = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        let value = login.peek().trim().to_owned();
        if value.is_empty() {
            error.set(Some(Msg::Required));
            return;
        }
        error.set(None);
        busy.set(true);
        match api().forgot_password(&ForgotRequest { login: value }).await {
            Ok(_) => sent.set(true),
            Err(e) => failure.set(explain(&e, t).1),
        }
        busy.set(false);
    };

    rsx! {
        div { class: "screen forgot",
            AuthHeader { title: Msg::ForgotTitle, back: Route::Login {} }
            form { class: "card", onsubmit: submit, novalidate: true,
                if sent() {
                    div { id: "forgot-sent", class: "notice ok", role: "status",
                        p { strong { {t(Msg::ForgotSentTitle)} } }
                        p { {t(Msg::ForgotSentBody)} }
                    }
                    Link { class: "primary button", to: Route::Login {}, {t(Msg::BackToLogin)} }
                } else {
                    p { class: "muted", {t(Msg::ForgotBody)} }
                    TextField { id: "forgot-login", label: Msg::LoginId, value: login, error: error(), autocomplete: "username" }
                    if let Some(f) = failure() {
                        p { class: "notice error", role: "alert", "{f}" }
                    }
                    button { id: "forgot-submit", class: "primary", r#type: "submit", disabled: busy(), {t(Msg::Send)} }
                }
            }
        }
    }
}
