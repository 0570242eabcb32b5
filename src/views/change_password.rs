use dioxus::prelude::*;
use paspor_domain::api::ChangePasswordRequest;

use crate::components::TextField;
use crate::route::Route;
use crate::state::account::{PasswordForm, PasswordFormStoreExt};
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_api;
use crate::state::submit::use_submit;

/// UBAH PASSWORD: needs the current password (R-P-1).
#[component]
pub fn ChangePassword() -> Element {
    let t = use_t();
    let api = use_api();
    let form = use_store(PasswordForm::default);
    let mut feedback = use_signal(Feedback::default);
    let change =
        use_submit(
            move |req: ChangePasswordRequest| async move { api().change_password(&req).await },
        );

    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        if let Ok(req) = form.read().parse() {
            change.call(req);
        }
    };
    let (refused, failure) = change.explained(t);
    let errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse().err().unwrap_or_default(),
        &refused,
    );
    let err = move |f: &str| error_for(&errors, f);
    let message = match (failure, change.done()) {
        (Some(m), _) => Some((false, m)),
        (None, Some(_)) => Some((true, t(Msg::PasswordChanged).to_owned())),
        (None, None) => None,
    };

    rsx! {
        form { class: "card", onsubmit: submit, novalidate: true, id: "change-password-form",
            TextField { id: "current_password", label: Msg::CurrentPassword, value: form.current_password(), error: err("current_password"), kind: "password", autocomplete: "current-password" }
            TextField { id: "new_password", label: Msg::NewPassword, value: form.new_password(), error: err("new_password"), kind: "password", autocomplete: "new-password", hint: Msg::PasswordHint }
            TextField { id: "password_confirm", label: Msg::PasswordConfirm, value: form.password_confirm(), error: err("password_confirm"), kind: "password", autocomplete: "new-password" }
            if let Some((ok, m)) = message {
                p { id: "password-message", class: if ok { "notice ok" } else { "notice error" }, role: "alert", "{m}" }
            }
            div { class: "bottom-actions",
                Link { class: "secondary button", to: Route::Profile {}, {t(Msg::Back)} }
                button { id: "save-password", class: "primary", r#type: "submit", disabled: change.busy(), {t(Msg::SaveButton)} }
            }
        }
    }
}
