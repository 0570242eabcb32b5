use dioxus::prelude::*;
use paspor_domain::api::{LaporDiriRequest, PassportData};
use paspor_domain::{PassportNumber, Sex};

use crate::components::TextField;
use crate::route::Route;
use crate::state::forms::{FieldErrors, error_for, parse_date};
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
    let mut errors = use_signal(FieldErrors::new);
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);

    let submit = move |ev: FormEvent| async move {
        ev.prevent_default();
        let mut e = FieldErrors::new();
        let num = PassportNumber::parse(&number.peek())
            .map_err(|_| e.push(("number", Msg::ErrPassportNumber)))
            .ok();
        if given.peek().trim().is_empty() {
            e.push(("given_names", Msg::Required));
        }
        let nat = nationality.peek().trim().to_uppercase();
        if nat.len() != 3 || !nat.bytes().all(|b| b.is_ascii_uppercase()) {
            e.push(("nationality", Msg::ErrNationality));
        }
        let bd = parse_date(&birth_date.peek());
        let exp = parse_date(&expiry.peek());
        let from = parse_date(&stay_from.peek());
        let until = parse_date(&stay_until.peek());
        for (f, v) in [
            ("birth_date", bd),
            ("expiry", exp),
            ("stay_from", from),
            ("stay_until", until),
        ] {
            if v.is_none() {
                e.push((f, Msg::ErrDate));
            }
        }
        if let (Some(a), Some(b)) = (from, until)
            && b < a
        {
            e.push(("stay_until", Msg::ErrStayOrder));
        }
        if sex().is_none() {
            e.push(("sex", Msg::Required));
        }
        for (f, s) in [("country", country), ("city", city), ("address", address)] {
            if s.peek().trim().is_empty() {
                e.push((f, Msg::Required));
            }
        }
        if !confirmed() {
            e.push(("confirm", Msg::ConfirmData));
        }
        if !e.is_empty() {
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::new());
        let (
            Some(number),
            Some(birth_date),
            Some(expiry_date),
            Some(stay_from),
            Some(stay_until),
            Some(sex),
        ) = (num, bd, exp, from, until, sex())
        else {
            return;
        };
        let req = LaporDiriRequest {
            passport: PassportData {
                number,
                surname: surname.peek().trim().to_uppercase(),
                given_names: given.peek().trim().to_uppercase(),
                nationality: nat,
                birth_date,
                sex,
                expiry_date,
                // R-LD-1: a valid MRZ read the user left as it was.
                mrz_verified: scans.lapor.peek().mrz_verified(),
            },
            country: country.peek().trim().to_owned(),
            city: city.peek().trim().to_owned(),
            address: address.peek().trim().to_owned(),
            stay_from,
            stay_until,
        };
        busy.set(true);
        match api().submit_report(&req).await {
            Ok(_) => {
                scans.lapor.set(LaporDraft::default());
                nav.replace(Route::Home {});
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
        form { class: "card", onsubmit: submit, novalidate: true, id: "lapor-form",
            h2 { class: "step-title", {t(Msg::PassportData)} }
            button { id: "lapor-scan", class: "secondary scan-button", r#type: "button",
                onclick: move |_| { nav.push(Route::Scan { target: ScanTarget::LaporDiri }); },
                span { class: "scan-button-icon", "aria-hidden": true, "⧉" }
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
                p { class: "field-error", role: "alert", {t(m)} }
            }
            if let Some(f) = failure() {
                p { class: "notice error", role: "alert", "{f}" }
            }
            button { id: "lapor-submit", class: "primary", r#type: "submit", disabled: busy(), {t(Msg::LaporButton)} }
        }
    }
}
