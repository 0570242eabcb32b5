use dioxus::prelude::*;
use paspor_domain::Password;
use paspor_domain::api::ChangePasswordRequest;

use crate::components::TextField;
use crate::route::Route;
use crate::state::forms::{FieldErrors, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{explain, use_api};

/// UBAH PASSWORD: needs the current password (R-P-1).
#[component]
pub fn ChangePassword() -> Element {
    let t = use_t();
    let api = use_api();
    let current = use_signal(String::new);
    let new = use_signal(String::new);
    let confirm = use_signal(String::new);
    let mut errors = use_signal(FieldErrors::new);
    let mut message = use_signal(|| None::<(bool, String)>);
    let mut busy = use_signal(|| false);

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        let mut e = FieldErrors::new();
        if current.peek().is_empty() {
            e.push(("current_password", Msg::Required));
        }
        let new_password = Password::parse(&new.peek())
            .map_err(|_| e.push(("new_password", Msg::ErrPasswordShort)))
            .ok();
        if *confirm.peek() != *new.peek() {
            e.push(("password_confirm", Msg::ErrPasswordMismatch));
        }
        if !e.is_empty() {
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::new());
        let Some(new_password) = new_password else {
            return;
        };
        busy.set(true);
        let req = ChangePasswordRequest {
            current_password: current.peek().clone(),
            new_password,
        };
        message.set(match api().change_password(&req).await {
            Ok(_) => Some((true, t(Msg::PasswordChanged).to_owned())),
            Err(err) => {
                let (f, m) = explain(&err, t);
                errors.set(f);
                m.map(|m| (false, m))
            }
        });
        busy.set(false);
    };
    let err = move |f: &str| error_for(&errors.read(), f);

    rsx! {
        form { class: "card", onsubmit: submit, novalidate: true, id: "change-password-form",
            TextField { id: "current_password", label: Msg::CurrentPassword, value: current, error: err("current_password"), kind: "password", autocomplete: "current-password" }
            TextField { id: "new_password", label: Msg::NewPassword, value: new, error: err("new_password"), kind: "password", autocomplete: "new-password", hint: Msg::PasswordHint }
            TextField { id: "password_confirm", label: Msg::PasswordConfirm, value: confirm, error: err("password_confirm"), kind: "password", autocomplete: "new-password" }
            if let Some((ok, m)) = message() {
                p { id: "password-message", class: if ok { "notice ok" } else { "notice error" }, role: "alert", "{m}" }
            }
            div { class: "bottom-actions",
                Link { class: "secondary button", to: Route::Profile {}, {t(Msg::Back)} }
                button { id: "save-password", class: "primary", r#type: "submit", disabled: busy(), {t(Msg::SaveButton)} }
            }
        }
    }
}
