use dioxus::prelude::*;
use paspor_domain::Email;
use paspor_domain::api::{ActivateRequest, ResendRequest};

use crate::components::{AuthHeader, TextField};
use crate::route::Route;
use crate::state::account::{ActivateForm, ActivateFormStoreExt};
use crate::state::form::{Check, Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_api;
use crate::state::submit::use_submit;

/// "Check your e-mail" and the activation code (SPEC §3, R-REG-5). The
/// e-mailed link activates too; this is for typing the code.
#[component]
pub fn Activate(email: String) -> Element {
    let t = use_t();
    let api = use_api();
    let form = use_store(|| ActivateForm {
        email,
        code: String::new(),
    });
    let mut feedback = use_signal(Feedback::default);
    // RESEND needs only the e-mail, checked once it was pressed.
    let mut resend_tried = use_signal(|| false);
    let activate =
        use_submit(move |req: ActivateRequest| async move { api().activate(&req).await });
    let resend =
        use_submit(move |req: ResendRequest| async move { api().resend_activation(&req).await });

    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        if let Ok(req) = form.read().parse() {
            resend.reset();
            activate.call(req);
        }
    };
    let send_again = move |_| {
        resend_tried.set(true);
        if let Ok(email) = Email::parse(&form.email().read()) {
            activate.reset();
            resend.call(ResendRequest { email });
        }
    };

    let (mut refused, activate_failure) = activate.explained(t);
    let (resend_refused, resend_failure) = resend.explained(t);
    refused.extend(resend_refused);
    let mut errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse().err().unwrap_or_default(),
        &refused,
    );
    if resend_tried() && error_for(&errors, "email").is_none() {
        let mut c = Check::new();
        c.parse("email", &form.email().read(), Email::parse);
        errors.extend(c.finish(|| Some(())).err().unwrap_or_default());
    }
    let err = move |f: &str| error_for(&errors, f);
    let message = match (activate_failure.or(resend_failure), resend.done()) {
        (Some(m), _) => Some((false, m)),
        (None, Some(_)) => Some((true, t(Msg::CodeResent).to_owned())),
        (None, None) => None,
    };
    let busy = activate.busy() || resend.busy();

    rsx! {
        main { class: "screen activate",
            AuthHeader { title: Msg::ActivateTitle, back: Route::Login {} }
            if activate.done().is_some() {
                div { class: "card", id: "activated",
                    div { class: "big-check", "aria-hidden": "true", "✓" }
                    h2 { {t(Msg::Activated)} }
                    p { {t(Msg::ActivatedBody)} }
                    Link { class: "primary button", to: Route::Login {}, {t(Msg::LoginButton)} }
                }
            } else {
                form { class: "card", onsubmit: submit, novalidate: true,
                    div { class: "notice info",
                        p { strong { {t(Msg::CheckEmail)} } }
                        p { {t(Msg::CheckEmailBody)} }
                    }
                    TextField { id: "email", label: Msg::Email, value: form.email(), error: err("email"), kind: "email" }
                    TextField { id: "code", label: Msg::ActivationCode, value: form.code(), error: err("code"), inputmode: "numeric", autocomplete: "one-time-code" }
                    if let Some((ok, m)) = message {
                        p { class: if ok { "notice ok" } else { "notice error" }, role: "alert", "{m}" }
                    }
                    button { id: "activate-submit", class: "primary", r#type: "submit", disabled: busy, {t(Msg::ActivateButton)} }
                    button { id: "resend", class: "link", r#type: "button", disabled: busy, onclick: send_again, {t(Msg::ResendCode)} }
                }
            }
        }
    }
}
