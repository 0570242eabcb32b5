use dioxus::prelude::*;
use paspor_client::ClientError;
use paspor_domain::ErrorCode;
use paspor_domain::api::LoginRequest;

use crate::components::{LangSwitch, PassportIcon, TextField};
use crate::route::Route;
use crate::state::account::{LoginForm, LoginFormStoreExt};
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{Session, use_api, use_session};
use crate::state::submit::use_submit;

/// The first screen (SPEC §1): username-or-e-mail and password.
#[component]
pub fn Login() -> Element {
    let t = use_t();
    let nav = use_navigator();
    let mut ctx = use_session();
    let api = use_api();
    let form = use_store(LoginForm::default);
    let mut feedback = use_signal(Feedback::default);
    let mut show_password = use_signal(|| false);
    // A restored session skips the login.
    use_effect(move || {
        if matches!(*ctx.session.read(), Session::SignedIn { .. }) {
            nav.replace(Route::Home {});
        }
    });
    let login = use_submit(move |req: LoginRequest| async move {
        let r = api().login(&req).await?;
        ctx.sign_in(&r.token, r.me);
        nav.replace(Route::Home {});
        Ok(())
    });

    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        if let Ok(req) = form.read().parse() {
            login.call(req);
        }
    };
    let (refused, message) = login.explained(t);
    let errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse().err().unwrap_or_default(),
        &refused,
    );
    let err = move |f: &str| error_for(&errors, f);
    let inactive = matches!(
        login.refusal(),
        Some(ClientError::Api {
            code: ErrorCode::AccountInactive,
            ..
        })
    );
    let password_kind = if show_password() { "text" } else { "password" };

    rsx! {
        main { class: "screen login",
            header { class: "brand",
                LangSwitch {}
                div { class: "brand-mark", "aria-hidden": "true", PassportIcon {} }
                h1 { {t(Msg::AppTitle)} }
                p { {t(Msg::AppSubtitle)} }
            }
            form { class: "card", onsubmit: submit, novalidate: true,
                h2 { {t(Msg::LoginTitle)} }
                TextField {
                    id: "login-id",
                    label: Msg::LoginId,
                    value: form.login(),
                    error: err("login"),
                    autocomplete: "username",
                }
                TextField {
                    id: "password",
                    label: Msg::Password,
                    value: form.password(),
                    error: err("password"),
                    kind: password_kind,
                    autocomplete: "current-password",
                    action: rsx! {
                        button {
                            class: "link small",
                            r#type: "button",
                            onclick: move |_| show_password.toggle(),
                            if show_password() { {t(Msg::HidePassword)} } else { {t(Msg::ShowPassword)} }
                        }
                    },
                }
                if let Some(message) = message {
                    div { id: "login-error", class: "notice error", role: "alert",
                        p { "{message}" }
                        if inactive {
                            Link {
                                to: Route::Activate { email: form.login().cloned() },
                                {t(Msg::ActivateNow)}
                            }
                        }
                    }
                }
                button { id: "login-submit", class: "primary", r#type: "submit", disabled: login.busy(),
                    if login.busy() { span { class: "spinner", "aria-hidden": "true" } }
                    {t(Msg::LoginButton)}
                }
                Link { id: "forgot-link", class: "link center", to: Route::Forgot {}, {t(Msg::ForgotPassword)} }
            }
            p { class: "footer-link",
                {t(Msg::NoAccount)}
                " "
                Link { id: "register-link", class: "link strong", to: Route::Register {}, {t(Msg::RegisterNow)} }
            }
        }
    }
}
