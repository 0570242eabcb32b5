use dioxus::prelude::*;
use paspor_domain::Sex;
use paspor_domain::api::UpdateProfileRequest;

use crate::components::{Choice, DateField, TextField};
use crate::route::Route;
use crate::state::account::{ProfileForm, ProfileFormStoreExt};
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{use_api, use_session};
use crate::state::submit::use_submit;

/// UBAH: edit the biodata. The NIK is shown, never editable (R-P-1).
#[component]
pub fn EditProfile() -> Element {
    let ctx = use_session();
    let Some(me) = ctx.me() else { return rsx! {} };
    rsx! { ProfileEditor { me } }
}

#[component]
fn ProfileEditor(me: paspor_domain::api::Me) -> Element {
    let t = use_t();
    let mut ctx = use_session();
    let api = use_api();
    let nav = use_navigator();
    let form = use_store({
        let me = me.clone();
        move || ProfileForm::of(&me)
    });
    let mut feedback = use_signal(Feedback::default);
    let save = use_submit(move |req: UpdateProfileRequest| async move {
        let me = api().update_me(&req).await?;
        ctx.update_me(me);
        nav.replace(Route::Profile {});
        Ok(())
    });

    let today = crate::state::today();
    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        if let Ok(req) = form.read().parse(today) {
            save.call(req);
        }
    };
    let (refused, failure) = save.explained(t);
    let errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse(today).err().unwrap_or_default(),
        &refused,
    );
    let err = move |f: &str| error_for(&errors, f);
    let sex = form.sex().cloned();

    rsx! {
        form { class: "card", onsubmit: submit, novalidate: true, id: "edit-profile-form",
            div { class: "field",
                label { r#for: "nik-readonly", "NIK" }
                input { id: "nik-readonly", value: "{me.nik}", readonly: true, disabled: true }
                p { class: "field-hint", {t(Msg::NikImmutable)} }
            }
            TextField { id: "full_name", label: Msg::FullName, value: form.full_name(), error: err("full_name") }
            TextField { id: "kk", label: Msg::Kk, value: form.kk(), error: err("kk"), inputmode: "numeric" }
            div { class: "row-2",
                TextField { id: "birth_place", label: Msg::BirthPlace, value: form.birth_place(), error: err("birth_place") }
                DateField { id: "birth_date", label: Msg::BirthDate, value: form.birth_date(), error: err("birth_date") }
            }
            Choice {
                id: "sex",
                label: Msg::Sex,
                options: vec![(Msg::Male, sex == Sex::Male), (Msg::Female, sex == Sex::Female)],
                error: None,
                on_pick: move |i: usize| form.sex().set([Sex::Male, Sex::Female][i]),
            }
            TextField { id: "phone", label: Msg::Phone, value: form.phone(), error: err("phone"), kind: "tel" }
            if let Some(f) = failure {
                p { class: "notice error", role: "alert", "{f}" }
            }
            div { class: "bottom-actions",
                Link { class: "secondary button", to: Route::Profile {}, {t(Msg::Back)} }
                button { id: "save-profile", class: "primary", r#type: "submit", disabled: save.busy(), {t(Msg::SaveButton)} }
            }
        }
    }
}
