use dioxus::prelude::*;
use paspor_domain::Sex;
use paspor_domain::api::LaporDiriRequest;

use crate::components::{Choice, DateField, ScanIcon, TextField};
use crate::route::Route;
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::lapor::{LaporDraft, LaporDraftStoreExt};
use crate::state::scan::{ScanTarget, use_scans};
use crate::state::session::{use_api, use_session};
use crate::state::submit::use_submit;

/// Lapor diri (SPEC §14, R-LD-1): the passport's data, checked by the user,
/// and where they stay abroad; then back to the main menu.
#[component]
pub fn LaporDiri() -> Element {
    let t = use_t();
    let api = use_api();
    let ctx = use_session();
    let nav = use_navigator();
    let scans = use_scans();
    let mut draft = scans.lapor;
    // The form lives in the app state while the user is on the scan screen;
    // a confirmed read waiting in the inbox fills the passport part.
    use_hook(move || {
        let read = scans.take_for(ScanTarget::LaporDiri);
        let mut d = draft.write();
        d.start(ctx.me().as_ref());
        if let Some(read) = read {
            d.fill(read);
        }
    });
    let mut feedback = use_signal(Feedback::default);
    let report = use_submit(move |req: LaporDiriRequest| async move {
        api().submit_report(&req).await?;
        draft.set(LaporDraft::default());
        nav.replace(Route::Home {});
        Ok(())
    });

    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*draft.read());
        if let Ok(req) = draft.read().parse() {
            report.call(req);
        }
    };
    let (refused, failure) = report.explained(t);
    let errors = feedback.read().errors(
        &*draft.read(),
        |d| d.parse().err().unwrap_or_default(),
        &refused,
    );
    let err = move |f: &str| error_for(&errors, f);
    let sex = draft.sex().cloned();
    let verified = draft.read().mrz_verified();

    rsx! {
        form { class: "card", onsubmit: submit, novalidate: true, id: "lapor-form",
            h2 { class: "step-title", {t(Msg::PassportData)} }
            button { id: "lapor-scan", class: "secondary scan-button", r#type: "button",
                onclick: move |_| { nav.push(Route::Scan { target: ScanTarget::LaporDiri }); },
                ScanIcon {}
                {t(Msg::ScanButton)}
            }
            if verified {
                p { class: "notice ok", id: "lapor-scanned", {t(Msg::ScanFilled)} }
            } else {
                p { class: "muted", {t(Msg::LaporManualHint)} }
            }
            TextField { id: "number", label: Msg::PassportNumber, value: draft.number(), error: err("number") }
            TextField { id: "surname", label: Msg::Surname, value: draft.surname(), hint: Msg::SurnameHint }
            TextField { id: "given_names", label: Msg::GivenNames, value: draft.given_names(), error: err("given_names") }
            div { class: "row-2",
                TextField { id: "nationality", label: Msg::Nationality, value: draft.nationality(), error: err("nationality") }
                DateField { id: "birth_date", label: Msg::BirthDate, value: draft.birth_date(), error: err("birth_date") }
            }
            Choice {
                id: "sex",
                label: Msg::Sex,
                options: vec![(Msg::Male, sex == Some(Sex::Male)), (Msg::Female, sex == Some(Sex::Female))],
                error: err("sex"),
                on_pick: move |i: usize| draft.sex().set(Some([Sex::Male, Sex::Female][i])),
            }
            DateField { id: "expiry", label: Msg::PassportExpiry, value: draft.expiry(), error: err("expiry") }
            h2 { class: "step-title", {t(Msg::StayAbroad)} }
            TextField { id: "country", label: Msg::Country, value: draft.country(), error: err("country") }
            TextField { id: "city", label: Msg::City, value: draft.city(), error: err("city") }
            TextField { id: "address", label: Msg::Address, value: draft.address(), error: err("address") }
            div { class: "row-2",
                DateField { id: "stay_from", label: Msg::StayFrom, value: draft.stay_from(), error: err("stay_from") }
                DateField { id: "stay_until", label: Msg::StayUntil, value: draft.stay_until(), error: err("stay_until") }
            }
            label { class: "check",
                input { id: "confirm", r#type: "checkbox", checked: draft.confirmed().cloned(), onchange: move |e| draft.confirmed().set(e.checked()) }
                {t(Msg::ConfirmData)}
            }
            if let Some(m) = err("confirm") {
                p { class: "field-error", id: "confirm-error", role: "alert", {t(m)} }
            }
            if let Some(f) = failure {
                p { class: "notice error", role: "alert", "{f}" }
            }
            button { id: "lapor-submit", class: "primary", r#type: "submit", disabled: report.busy(), {t(Msg::LaporButton)} }
        }
    }
}
