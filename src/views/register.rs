use dioxus::prelude::*;
use paspor_domain::api::RegisterRequest;
use paspor_domain::{NikWarning, Sex};

use crate::components::{AuthHeader, DateField, TextField};
use crate::route::Route;
use crate::state::account::{RegisterForm, RegisterFormStoreExt};
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_api;
use crate::state::submit::use_submit;

/// Registration (SPEC §2): every field required, errors per field (R-REG-1),
/// NIK date/sex mismatches shown as a warning to confirm (R-REG-2).
#[component]
pub fn Register() -> Element {
    let t = use_t();
    let nav = use_navigator();
    let api = use_api();
    let form = use_store(RegisterForm::default);
    let mut feedback = use_signal(Feedback::default);
    let mut warnings = use_signal(Vec::<NikWarning>::new);
    let mut confirmed_warnings = use_signal(|| false);
    let register = use_submit(move |req: RegisterRequest| async move {
        let email = req.email.to_string();
        api().register(&req).await?;
        nav.push(Route::Activate { email });
        Ok(())
    });

    let today = crate::state::today();
    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        let Ok(reg) = form.read().parse(today) else {
            return;
        };
        if !reg.warnings.is_empty() && !confirmed_warnings() {
            warnings.set(reg.warnings);
            return;
        }
        register.call(reg.request);
    };
    let (refused, failure) = register.explained(t);
    let errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse(today).err().unwrap_or_default(),
        &refused,
    );
    let err = move |f: &str| error_for(&errors, f);
    let sex = form.sex().cloned();

    rsx! {
        main { class: "screen register",
            AuthHeader { title: Msg::RegisterTitle, back: Route::Login {} }
            form { class: "card", onsubmit: submit, novalidate: true,
                TextField { id: "full_name", label: Msg::FullName, value: form.full_name(), error: err("full_name"), autocomplete: "name" }
                TextField { id: "nik", label: Msg::Nik, value: form.nik(), error: err("nik"), inputmode: "numeric", hint: Msg::NikHint }
                TextField { id: "kk", label: Msg::Kk, value: form.kk(), error: err("kk"), inputmode: "numeric" }
                div { class: "row-2",
                    TextField { id: "birth_place", label: Msg::BirthPlace, value: form.birth_place(), error: err("birth_place") }
                    DateField { id: "birth_date", label: Msg::BirthDate, value: form.birth_date(), error: err("birth_date") }
                }
                fieldset { class: "field choice",
                    legend { {t(Msg::Sex)} }
                    div { class: "segmented",
                        for (value, label, id) in [(Sex::Male, Msg::Male, "sex-male"), (Sex::Female, Msg::Female, "sex-female")] {
                            label { r#for: id, class: if sex == Some(value) { "chosen" },
                                input {
                                    id,
                                    r#type: "radio",
                                    name: "sex",
                                    checked: sex == Some(value),
                                    onchange: move |_| form.sex().set(Some(value)),
                                }
                                {t(label)}
                            }
                        }
                    }
                    if let Some(m) = err("sex") {
                        p { class: "field-error", role: "alert", {t(m)} }
                    }
                }
                TextField { id: "email", label: Msg::Email, value: form.email(), error: err("email"), kind: "email", autocomplete: "email" }
                TextField { id: "username", label: Msg::Username, value: form.username(), error: err("username"), autocomplete: "username" }
                TextField { id: "phone", label: Msg::Phone, value: form.phone(), error: err("phone"), kind: "tel", autocomplete: "tel" }
                TextField { id: "password", label: Msg::Password, value: form.password(), error: err("password"), kind: "password", autocomplete: "new-password", hint: Msg::PasswordHint }
                TextField { id: "password_confirm", label: Msg::PasswordConfirm, value: form.password_confirm(), error: err("password_confirm"), kind: "password", autocomplete: "new-password" }
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
                if let Some(f) = failure {
                    p { class: "notice error", role: "alert", "{f}" }
                }
                button { id: "register-submit", class: "primary", r#type: "submit", disabled: register.busy(),
                    if register.busy() { span { class: "spinner", "aria-hidden": "true" } }
                    {t(Msg::RegisterButton)}
                }
            }
        }
    }
}
