use dioxus::prelude::*;
use paspor_domain::Sex;

use crate::components::TextField;
use crate::route::Route;
use crate::state::forms::{FieldErrors, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::scan::{LaporDraft, ScanTarget, use_scans};
use crate::state::session::{explain, use_api, use_session};
use crate::views::booking::Choice;

/// Lapor diri (SPEC §14, R-LD-1): the passport's data, checked by the user,
/// and where they stay abroad; then back to the main menu.
#[component]
pub fn LaporDiri() -> Element {
    let t = use_t();
    let api = use_api();
    let ctx = use_session();
    let nav = use_navigator();
    let me = ctx.me();
    let mut scans = use_scans();
    // The form lives in the app state while the user is on the scan screen;
    // a confirmed read waiting in the inbox fills the passport part.
    let draft = use_hook(move || {
        let read = scans.take_for(ScanTarget::LaporDiri);
        let mut d = scans.lapor.write();
        if !d.started {
            d.started = true;
            if let Some(me) = &me {
                d.given_names = me.full_name.to_string();
                d.birth_date = me.birth_date.to_string();
                d.sex = Some(me.sex);
            }
            d.nationality = "IDN".to_owned();
        }
        if let Some(read) = read {
            d.fill(read);
        }
        d.clone()
    });
    let number = use_signal(|| draft.number.clone());
    let surname = use_signal(|| draft.surname.clone());
    let given = use_signal(|| draft.given_names.clone());
    let nationality = use_signal(|| draft.nationality.clone());
    let birth_date = use_signal(|| draft.birth_date.clone());
    let mut sex = use_signal(|| draft.sex);
    let expiry = use_signal(|| draft.expiry.clone());
    let country = use_signal(|| draft.country.clone());
    let city = use_signal(|| draft.city.clone());
    let address = use_signal(|| draft.address.clone());
    let stay_from = use_signal(|| draft.stay_from.clone());
    let stay_until = use_signal(|| draft.stay_until.clone());
    let filled_by_scan = draft.scanned.is_some();
    // What is typed goes back to the app state as it is typed.
    use_effect(move || {
        let mut d = scans.lapor.write();
        d.number = number();
        d.surname = surname();
        d.given_names = given();
        d.nationality = nationality();
        d.birth_date = birth_date();
        d.sex = sex();
        d.expiry = expiry();
        d.country = country();
        d.city = city();
        d.address = address();
        d.stay_from = stay_from();
        d.stay_until = stay_until();
    });
    let mut confirmed = use_signal(|| false);
    // Errors are not a snapshot of the last submit: once a submit failed,
    // the form is checked again on every edit, so a field the user has put
    // right loses its error at once. The server's own field errors stay only
    // on fields unchanged since it refused them.
    let mut tried = use_signal(|| false);
    let mut refused = use_signal(|| (FieldErrors::new(), LaporDraft::default()));
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let current = move || LaporDraft {
        number: number(),
        surname: surname(),
        given_names: given(),
        nationality: nationality(),
        birth_date: birth_date(),
        sex: sex(),
        expiry: expiry(),
        country: country(),
        city: city(),
        address: address(),
        stay_from: stay_from(),
        stay_until: stay_until(),
        scanned: scans.lapor.peek().scanned.clone(),
        started: true,
    };

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        tried.set(true);
        let snapshot = current();
        let Ok(req) = snapshot.parse(confirmed()) else {
            return;
        };
        busy.set(true);
        failure.set(None);
        match api().submit_report(&req).await {
            Ok(_) => {
                scans.lapor.set(LaporDraft::default());
                nav.replace(Route::Home {});
            }
            Err(err) => {
                let (f, m) = explain(&err, t);
                refused.set((f, snapshot));
                failure.set(m);
            }
        }
        busy.set(false);
    };
    let now = current();
    let mut errors = if tried() {
        now.parse(confirmed()).err().unwrap_or_default()
    } else {
        FieldErrors::new()
    };
    {
        let (server, then) = &*refused.read();
        errors.extend(
            server
                .iter()
                .filter(|(f, _)| now.field(f).is_some_and(|v| then.field(f) == Some(v))),
        );
    }
    let err = move |f: &str| error_for(&errors, f);

    rsx! {
        form { class: "card", onsubmit: submit, novalidate: true, id: "lapor-form",
            h2 { class: "step-title", {t(Msg::PassportData)} }
            button { id: "lapor-scan", class: "secondary scan-button", r#type: "button",
                onclick: move |_| { nav.push(Route::Scan { target: ScanTarget::LaporDiri }); },
                crate::views::scan::ScanIcon {}
                {t(Msg::ScanButton)}
            }
            if filled_by_scan && scans.lapor.read().mrz_verified() {
                p { class: "notice ok", id: "lapor-scanned", {t(Msg::ScanFilled)} }
            } else {
                p { class: "muted", {t(Msg::LaporManualHint)} }
            }
            TextField { id: "number", label: Msg::PassportNumber, value: number, error: err("number") }
            TextField { id: "surname", label: Msg::Surname, value: surname, hint: Msg::SurnameHint }
            TextField { id: "given_names", label: Msg::GivenNames, value: given, error: err("given_names") }
            div { class: "row-2",
                TextField { id: "nationality", label: Msg::Nationality, value: nationality, error: err("nationality") }
                TextField { id: "birth_date", label: Msg::BirthDate, value: birth_date, error: err("birth_date"), kind: "date" }
            }
            Choice {
                id: "sex",
                label: Msg::Sex,
                options: vec![(Msg::Male, sex() == Some(Sex::Male)), (Msg::Female, sex() == Some(Sex::Female))],
                error: err("sex"),
                on_pick: move |i: usize| sex.set(Some([Sex::Male, Sex::Female][i])),
            }
            TextField { id: "expiry", label: Msg::PassportExpiry, value: expiry, error: err("expiry"), kind: "date" }
            h2 { class: "step-title", {t(Msg::StayAbroad)} }
            TextField { id: "country", label: Msg::Country, value: country, error: err("country") }
            TextField { id: "city", label: Msg::City, value: city, error: err("city") }
            TextField { id: "address", label: Msg::Address, value: address, error: err("address") }
            div { class: "row-2",
                TextField { id: "stay_from", label: Msg::StayFrom, value: stay_from, error: err("stay_from"), kind: "date" }
                TextField { id: "stay_until", label: Msg::StayUntil, value: stay_until, error: err("stay_until"), kind: "date" }
            }
            label { class: "check",
                input { id: "confirm", r#type: "checkbox", checked: confirmed(), onchange: move |e| confirmed.set(e.checked()) }
                {t(Msg::ConfirmData)}
            }
            if let Some(m) = err("confirm") {
                p { class: "field-error", id: "confirm-error", role: "alert", {t(m)} }
            }
            if let Some(f) = failure() {
                p { class: "notice error", role: "alert", "{f}" }
            }
            button { id: "lapor-submit", class: "primary", r#type: "submit", disabled: busy(), {t(Msg::LaporButton)} }
        }
    }
}
