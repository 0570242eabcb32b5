use dioxus::prelude::*;
use paspor_domain::api::{ActivateRequest, ResendRequest};
use paspor_domain::{ActivationCode, Email};

use crate::components::{AuthHeader, TextField};
use crate::route::Route;
use crate::state::forms::{FieldErrors, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{explain, use_api};

/// "Check your e-mail" and the activation code (SPEC §3, R-REG-5). The
/// e-mailed link activates too; this is for typing the code.
#[component]
pub fn Activate(email: String) -> Element {
    let t = use_t();
    let api = use_api();
    let email_value = use_signal(|| email.clone());
    let code = use_signal(String::new);
    let mut errors = use_signal(FieldErrors::new);
    let mut message = use_signal(|| None::<(bool, String)>);
    let mut busy = use_signal(|| false);
    let mut done = use_signal(|| false);

    let parse_email = move || Email::parse(&email_value.peek());

    let activate = move |ev: FormEvent| async move {
        ev.prevent_default();
        let mut e = FieldErrors::new();
        let email = parse_email()
            .map_err(|_| e.push(("email", Msg::ErrEmail)))
            .ok();
        let code = ActivationCode::parse(&code.peek())
            .map_err(|_| e.push(("code", Msg::ErrCodeFormat)))
            .ok();
        errors.set(e);
        let (Some(email), Some(code)) = (email, code) else {
            return;
        };
        busy.set(true);
        match api().activate(&ActivateRequest { email, code }).await {
            Ok(_) => done.set(true),
            Err(err) => {
                let (fields, m) = explain(&err, t);
                errors.set(fields);
                message.set(m.map(|m| (false, m)));
            }
        }
        busy.set(false);
    };

    let resend = move |_| async move {
        let Ok(email) = parse_email() else {
            errors.set(vec![("email", Msg::ErrEmail)]);
            return;
        };
        busy.set(true);
        message.set(
            match api().resend_activation(&ResendRequest { email }).await {
                Ok(_) => Some((true, t(Msg::CodeResent).to_owned())),
                Err(err) => explain(&err, t).1.map(|m| (false, m)),
            },
        );
        busy.set(false);
    };

    let err = move |f: &str| error_for(&errors.read(), f);

    rsx! {
        div { class: "screen activate",
            AuthHeader { title: Msg::ActivateTitle, back: Route::Login {} }
            if done() {
                div { class: "card", id: "activated",
                    div { class: "big-check", "aria-hidden": "true", "✓" }
                    h2 { {t(Msg::Activated)} }
                    p { {t(Msg::ActivatedBody)} }
                    Link { class: "primary button", to: Route::Login {}, {t(Msg::LoginButton)} }
                }
            } else {
                form { class: "card", onsubmit: activate, novalidate: true,
                    div { class: "notice info",
                        p { strong { {t(Msg::CheckEmail)} } }
                        p { {t(Msg::CheckEmailBody)} }
                    }
                    TextField { id: "email", label: Msg::Email, value: email_value, error: err("email"), kind: "email" }
                    TextField { id: "code", label: Msg::ActivationCode, value: code, error: err("code"), inputmode: "numeric", autocomplete: "one-time-code" }
                    if let Some((ok, m)) = message() {
                        p { class: if ok { "notice ok" } else { "notice error" }, role: "alert", "{m}" }
                    }
                    button { id: "activate-submit", class: "primary", r#type: "submit", disabled: busy(), {t(Msg::ActivateButton)} }
                    button { id: "resend", class: "link", r#type: "button", disabled: busy(), onclick: resend, {t(Msg::ResendCode)} }
                }
            }
        }
    }
}
