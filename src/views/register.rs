use dioxus::prelude::*;
use paspor_domain::{NikWarning, Sex};

use crate::components::{AuthHeader, TextField};
use crate::route::Route;
use crate::state::forms::{FieldErrors, RegisterForm, error_for};
use crate::state::i18n::{Msg, use_t};

/// Registration (SPEC §2): every field required, errors per field (R-REG-1),
/// NIK date/sex mismatches shown as a warning to confirm (R-REG-2).
#[component]
pub fn Register() -> Element {
    let t = use_t();
    let nav = use_navigator();
    let full_name = use_signal(String::new);
    let nik = use_signal(String::new);
    let kk = use_signal(String::new);
    let birth_place = use_signal(String::new);
    let birth_date = use_signal(String::new);
    let mut sex = use_signal(|| None::<Sex>);
    let email = use_signal(String::new);
    let username = use_signal(String::new);
    let phone = use_signal(String::new);
    let password = use_signal(String::new);
    let password_confirm = use_signal(String::new);
    let mut errors = use_signal(FieldErrors::new);
    let mut warnings = use_signal(Vec::<NikWarning>::new);
    let mut confirmed_warnings = use_signal(|| false);
    let api = crate::state::session::use_api();
    let mut sending = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);

    let form = move || RegisterForm {
        full_name: full_name(),
        nik: nik(),
        kk: kk(),
        birth_place: birth_place(),
        birth_date: birth_date(),
        sex: sex(),
        email: email(),
        username: username(),
        phone: phone(),
        password: password(),
        password_confirm: password_confirm(),
    };

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        let reg = match form().parse(crate::state::today()) {
            Ok(r) => r,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        errors.set(FieldErrors::new());
        if !reg.warnings.is_empty() && !confirmed_warnings() {
            warnings.set(reg.warnings.clone());
            return;
        }
        sending.set(true);
        failure.set(None);
        let email = reg.request.email.clone();
        match api().register(&reg.request).await {
            Ok(_) => {
                nav.push(Route::Activate {
                    email: email.to_string(),
                });
            }
            Err(e) => {
                let (fields, message) = crate::state::session::explain(&e, t);
                errors.set(fields);
                failure.set(message);
            }
        }
        sending.set(false);
    };

    let err = move |f: &str| error_for(&errors.read(), f);

    rsx! {
        div { class: "screen register",
            AuthHeader { title: Msg::RegisterTitle, back: Route::Login {} }
            form { class: "card", onsubmit: submit, novalidate: true,
                TextField { id: "full_name", label: Msg::FullName, value: full_name, error: err("full_name"), autocomplete: "name" }
                TextField { id: "nik", label: Msg::Nik, value: nik, error: err("nik"), inputmode: "numeric", hint: Msg::NikHint }
                TextField { id: "kk", label: Msg::Kk, value: kk, error: err("kk"), inputmode: "numeric" }
                div { class: "row-2",
                    TextField { id: "birth_place", label: Msg::BirthPlace, value: birth_place, error: err("birth_place") }
                    TextField { id: "birth_date", label: Msg::BirthDate, value: birth_date, error: err("birth_date"), kind: "date" }
                }
                fieldset { class: "field choice",
                    legend { {t(Msg::Sex)} }
                    div { class: "segmented",
                        for (value, label, id) in [(Sex::Male, Msg::Male, "sex-male"), (Sex::Female, Msg::Female, "sex-female")] {
                            label { r#for: id, class: if sex() == Some(value) { "chosen" },
                                input {
                                    id,
                                    r#type: "radio",
                                    name: "sex",
                                    checked: sex() == Some(value),
                                    onchange: move |_| sex.set(Some(value)),
                                }
                                {t(label)}
                            }
                        }
                    }
                    if let Some(m) = err("sex") {
                        p { class: "field-error", role: "alert", {t(m)} }
                    }
                }
                TextField { id: "email", label: Msg::Email, value: email, error: err("email"), kind: "email", autocomplete: "email" }
                TextField { id: "username", label: Msg::Username, value: username, error: err("username"), autocomplete: "username" }
                TextField { id: "phone", label: Msg::Phone, value: phone, error: err("phone"), kind: "tel", autocomplete: "tel" }
                TextField { id: "password", label: Msg::Password, value: password, error: err("password"), kind: "password", autocomplete: "new-password", hint: Msg::PasswordHint }
                TextField { id: "password_confirm", label: Msg::PasswordConfirm, value: password_confirm, error: err("password_confirm"), kind: "password", autocomplete: "new-password" }
                if !warnings.read().is_empty() {
                    div { class: "notice warn", role: "alert", id: "nik-warning",
                        p { strong { {t(Msg::NikMismatchTitle)} } }
                        for w in warnings.read().iter() {
                            p { {t(match w { NikWarning::BirthDate { .. } => Msg::NikDateMismatch, NikWarning::Sex { .. } => Msg::NikSexMismatch })} }
                        }
                        label { class: "check",
                            input {
                                id: "confirm-nik",
                                r#type: "checkbox",
                                checked: confirmed_warnings(),
                                onchange: move |e| confirmed_warnings.set(e.checked()),
                            }
                            {t(Msg::NikMismatchConfirm)}
                        }
                    }
                }
                if let Some(f) = failure() {
                    p { class: "notice error", role: "alert", "{f}" }
                }
                button { id: "register-submit", class: "primary", r#type: "submit", disabled: sending(),
                    if sending() { span { class: "spinner", "aria-hidden": "true" } }
                    {t(Msg::RegisterButton)}
                }
            }
        }
    }
}
