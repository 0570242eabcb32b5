use dioxus::prelude::*;
use paspor_domain::api::ForgotRequest;

use crate::components::{AuthHeader, TextField};
use crate::route::Route;
use crate::state::account::{ForgotForm, ForgotFormStoreExt};
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_api;
use crate::state::submit::use_submit;

/// Forgot password (SPEC §4). The reply is the same whether or not the
/// account exists (R-PWD-1); the e-mailed link leads to the reset page.
#[component]
pub fn Forgot() -> Element {
    let t = use_t();
    let api = use_api();
    let form = use_store(ForgotForm::default);
    let mut feedback = use_signal(Feedback::default);
    let forgot =
        use_submit(move |req: ForgotRequest| async move { api().forgot_password(&req).await });

    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        if let Ok(req) = form.read().parse() {
            forgot.call(req);
        }
    };
    let (refused, failure) = forgot.explained(t);
    let errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse().err().unwrap_or_default(),
        &refused,
    );

    rsx! {
        main { class: "screen forgot",
            AuthHeader { title: Msg::ForgotTitle, back: Route::Login {} }
            form { class: "card", onsubmit: submit, novalidate: true,
                if forgot.done().is_some() {
                    div { id: "forgot-sent", class: "notice ok", role: "status",
                        p { strong { {t(Msg::ForgotSentTitle)} } }
                        p { {t(Msg::ForgotSentBody)} }
                    }
                    Link { class: "primary button", to: Route::Login {}, {t(Msg::BackToLogin)} }
                } else {
                    p { class: "muted", {t(Msg::ForgotBody)} }
                    TextField { id: "forgot-login", label: Msg::LoginId, value: form.login(), error: error_for(&errors, "login"), autocomplete: "username" }
                    if let Some(f) = failure {
                        p { class: "notice error", role: "alert", "{f}" }
                    }
                    button { id: "forgot-submit", class: "primary", r#type: "submit", disabled: forgot.busy(), {t(Msg::Send)} }
                }
            }
        }
    }
}
