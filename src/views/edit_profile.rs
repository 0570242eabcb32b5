use dioxus::prelude::*;
use paspor_domain::api::UpdateProfileRequest;
use paspor_domain::{FreeText, KkNumber, PersonName, PhoneNumber, Sex};

use crate::components::TextField;
use crate::route::Route;
use crate::state::forms::{FieldErrors, error_for, parse_date};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{explain, msg_for_code, use_api, use_session};
use crate::views::booking::Choice;

/// UBAH: edit the biodata. The NIK is shown, never editable (R-P-1).
#[component]
pub fn EditProfile() -> Element {
    let t = use_t();
    let mut ctx = use_session();
    let api = use_api();
    let nav = use_navigator();
    let Some(me) = ctx.me() else { return rsx! {} };
    let full_name = use_signal(|| me.full_name.to_string());
    let kk = use_signal(|| me.kk.to_string());
    let birth_place = use_signal(|| me.birth_place.to_string());
    let birth_date = use_signal(|| me.birth_date.to_string());
    let phone = use_signal(|| me.phone.to_string());
    let mut sex = use_signal(|| me.sex);
    let mut errors = use_signal(FieldErrors::new);
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        let mut e = FieldErrors::new();
        let name = PersonName::parse(&full_name.peek())
            .map_err(|_| e.push(("full_name", Msg::ErrName)))
            .ok();
        let kk_v = KkNumber::parse(&kk.peek())
            .map_err(|_| e.push(("kk", Msg::ErrKk)))
            .ok();
        let place = FreeText::parse(&birth_place.peek())
            .map_err(|err| e.push(("birth_place", msg_for_code(&err.code()))))
            .ok();
        let date = parse_date(&birth_date.peek()).filter(|d| *d <= crate::state::today());
        if date.is_none() {
            e.push(("birth_date", Msg::ErrDate));
        }
        let phone_v = PhoneNumber::parse(&phone.peek())
            .map_err(|_| e.push(("phone", Msg::ErrPhone)))
            .ok();
        if !e.is_empty() {
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::new());
        let (Some(full_name), Some(kk), Some(birth_place), Some(birth_date), Some(phone)) =
            (name, kk_v, place, date, phone_v)
        else {
            return;
        };
        busy.set(true);
        let req = UpdateProfileRequest {
            full_name,
            kk,
            birth_place,
            birth_date,
            sex: sex(),
            phone,
        };
        match api().update_me(&req).await {
            Ok(me) => {
                ctx.update_me(me);
                nav.replace(Route::Profile {});
            }
            Err(err) => {
                let (f, m) = explain(&err, t);
                errors.set(f);
                failure.set(m);
            }
        }
        busy.set(false);
    };
    let err = move |f: &str| error_for(&errors.read(), f);

    rsx! {
        form { class: "card", onsubmit: submit, novalidate: true, id: "edit-profile-form",
            div { class: "field",
                label { "NIK" }
                input { id: "nik-readonly", value: "{me.nik}", readonly: true, disabled: true }
                p { class: "field-hint", {t(Msg::NikImmutable)} }
            }
            TextField { id: "full_name", label: Msg::FullName, value: full_name, error: err("full_name") }
            TextField { id: "kk", label: Msg::Kk, value: kk, error: err("kk"), inputmode: "numeric" }
            div { class: "row-2",
                TextField { id: "birth_place", label: Msg::BirthPlace, value: birth_place, error: err("birth_place") }
                TextField { id: "birth_date", label: Msg::BirthDate, value: birth_date, error: err("birth_date"), kind: "date" }
            }
            Choice {
                id: "sex",
                label: Msg::Sex,
                options: vec![(Msg::Male, sex() == Sex::Male), (Msg::Female, sex() == Sex::Female)],
                error: None,
                on_pick: move |i: usize| sex.set([Sex::Male, Sex::Female][i]),
            }
            TextField { id: "phone", label: Msg::Phone, value: phone, error: err("phone"), kind: "tel" }
            if let Some(f) = failure() {
                p { class: "notice error", role: "alert", "{f}" }
            }
            div { class: "bottom-actions",
                Link { class: "secondary button", to: Route::Profile {}, {t(Msg::Back)} }
                button { id: "save-profile", class: "primary", r#type: "submit", disabled: busy(), {t(Msg::SaveButton)} }
            }
        }
    }
}
