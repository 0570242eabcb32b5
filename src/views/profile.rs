use dioxus::prelude::*;

use crate::components::{Avatar, long_date};
use crate::platform::secrets::SecretStore;
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::{explain, use_api, use_session};

/// My account (SPEC §11): biodata, photo, UBAH PASSWORD, UBAH.
#[component]
pub fn Profile() -> Element {
    let t = use_t();
    let lang = use_lang();
    let mut ctx = use_session();
    let api = use_api();
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let mut photo_version = use_signal(|| 0u32);
    let Some(me) = ctx.me() else { return rsx! {} };

    // Desktop: a file picker. On phones the same input offers the front
    // camera (capture="user") or the gallery; either is scaled down on the
    // device before upload (R-P-1).
    let upload = move |e: FormEvent| async move {
        let Some(file) = e.files().into_iter().next() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        let result = match file.read_bytes().await {
            Ok(bytes) => match crate::platform::photo::scale_for_upload(&bytes) {
                Ok(jpeg) => api()
                    .upload_photo(jpeg, "image/jpeg")
                    .await
                    .map_err(|e| explain(&e, t).1.unwrap_or_default()),
                Err(_) => Err(t(Msg::ErrPhoto).to_owned()),
            },
            Err(_) => Err(t(Msg::ErrPhoto).to_owned()),
        };
        match result {
            Ok(me) => {
                ctx.update_me(me);
                photo_version += 1;
            }
            Err(m) => failure.set(Some(m)),
        }
        busy.set(false);
    };

    rsx! {
        div { class: "card profile", id: "profile",
            label { class: "photo-picker", r#for: "photo-input", "aria-label": t(Msg::ChangePhoto),
                Avatar { key: "{photo_version}", has_photo: me.has_photo, name: me.full_name.to_string(), large: true }
                span { class: "photo-hint", {t(Msg::ChangePhoto)} }
            }
            input { id: "photo-input", class: "visually-hidden", r#type: "file", accept: "image/jpeg,image/png", capture: "user", onchange: upload, disabled: busy() }
            if let Some(f) = failure() {
                p { class: "notice error", role: "alert", "{f}" }
            }
            dl { class: "summary",
                dt { {t(Msg::FullName)} } dd { id: "profile-name", "{me.full_name}" }
                dt { "NIK" } dd { "{me.nik}" }
                dt { {t(Msg::Kk)} } dd { "{me.kk}" }
                dt { {t(Msg::BirthPlaceDate)} } dd { "{me.birth_place}, {long_date(lang(), me.birth_date)}" }
                dt { {t(Msg::Sex)} } dd { {t(if me.sex == paspor_domain::Sex::Male { Msg::Male } else { Msg::Female })} }
                dt { {t(Msg::Email)} } dd { "{me.email}" }
                dt { {t(Msg::Username)} } dd { "{me.username}" }
                dt { {t(Msg::Phone)} } dd { "{me.phone}" }
            }
            if matches!(*ctx.secrets.read(), SecretStore::SessionOnly { .. }) {
                p { class: "notice warn", id: "insecure-store", {t(Msg::InsecureStore)} }
            }
            div { class: "bottom-actions",
                Link { id: "change-password", class: "secondary button", to: Route::ChangePassword {}, {t(Msg::ChangePasswordButton)} }
                Link { id: "edit-profile", class: "primary button", to: Route::EditProfile {}, {t(Msg::EditButton)} }
                Link { id: "family-links", class: "secondary button", to: Route::Family {}, {t(Msg::FamilyButton)} }
            }
        }
    }
}
