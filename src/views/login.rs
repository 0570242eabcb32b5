use dioxus::prelude::*;
use paspor_domain::LoginId;
use paspor_domain::api::LoginRequest;

use crate::components::{PassportIcon, TextField};
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::{Session, explain, use_api, use_session};

/// The first screen (SPEC §1): username-or-e-mail and password.
#[component]
pub fn Login() -> Element {
    let t = use_t();
    let mut lang = use_lang();
    let login_id = use_signal(String::new);
    let password = use_signal(String::new);
    let mut show_password = use_signal(|| false);
    let mut errors = use_signal(LoginErrors::default);

    let nav = use_navigator();
    let mut ctx = use_session();
    let api = use_api();
    let mut sending = use_signal(|| false);
    let mut failure = use_signal(|| None::<(String, bool)>);
    // A restored session skips the login.
    use_effect(move || {
        if matches!(*ctx.session.read(), Session::SignedIn { .. }) {
            nav.replace(Route::Home {});
        }
    });

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        let checked = LoginErrors::check(&login_id.read(), &password.read());
        let valid = checked == LoginErrors::default();
        errors.set(checked);
        if !valid {
            return;
        }
        let Ok(login) = LoginId::parse(&login_id.peek()) else {
            return;
        };
        sending.set(true);
        failure.set(None);
        let req = LoginRequest {
            login,
            password: password.peek().clone(),
        };
        match api().login(&req).await {
            Ok(r) => {
                ctx.sign_in(&r.token, r.me);
                nav.replace(Route::Home {});
            }
            Err(e) => {
                let inactive = e.code() == "account_inactive";
                let (_, message) = explain(&e, t);
                failure.set(message.map(|m| (m, inactive)));
            }
        }
        sending.set(false);
    };

    let password_kind = if show_password() { "text" } else { "password" };

    rsx! {
        div { class: "screen login",
            header { class: "brand",
                button {
                    class: "lang-switch",
                    r#type: "button",
                    "aria-label": "Language",
                    onclick: move |_| { let l = lang(); lang.set(l.other()) },
                    "{lang().other().code()}"
                }
                div { class: "brand-mark", "aria-hidden": "true", PassportIcon {} }
                h1 { {t(Msg::AppTitle)} }
                p { {t(Msg::AppSubtitle)} }
            }
            form { class: "card", onsubmit: submit, novalidate: true,
                h2 { {t(Msg::LoginTitle)} }
                TextField {
                    id: "login-id",
                    label: Msg::LoginId,
                    value: login_id,
                    error: errors.read().login_id,
                    autocomplete: "username",
                }
                TextField {
                    id: "password",
                    label: Msg::Password,
                    value: password,
                    error: errors.read().password,
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
                if let Some((message, inactive)) = failure() {
                    div { id: "login-error", class: "notice error", role: "alert",
                        p { "{message}" }
                        if inactive {
                            Link {
                                to: Route::Activate { email: login_id.peek().clone() },
                                {t(Msg::ActivateNow)}
                            }
                        }
                    }
                }
                button { id: "login-submit", class: "primary", r#type: "submit", disabled: sending(),
                    if sending() { span { class: "spinner", "aria-hidden": "true" } }
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

/// Per-field errors of the login form, decided by plain Rust so it is tested
/// without a webview.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LoginErrors {
    pub login_id: Option<Msg>,
    pub password: Option<Msg>,
}

impl LoginErrors {
    pub fn check(login_id: &str, password: &str) -> Self {
        LoginErrors {
            login_id: if login_id.trim().is_empty() {
                Some(Msg::Required)
            } else {
                LoginId::parse(login_id).err().map(|_| Msg::ErrLoginId)
            },
            // No policy check at login: an old password that predates the
            // policy must still work; the server decides.
            password: password.is_empty().then_some(Msg::Required),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_required() {
        let e = LoginErrors::check("  ", "");
        assert_eq!(
            (e.login_id, e.password),
            (Some(Msg::Required), Some(Msg::Required))
        );
    }

    #[test]
    fn login_id_must_be_a_username_or_an_email() {
        assert_eq!(
            LoginErrors::check("budi@", "x").login_id,
            Some(Msg::ErrLoginId)
        );
        assert_eq!(LoginErrors::check("budi90", "x"), LoginErrors::default());
        assert_eq!(
            LoginErrors::check("Budi@Mail.com", "x"),
            LoginErrors::default()
        );
    }
}
