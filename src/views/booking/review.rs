use dioxus::prelude::*;
use paspor_domain::api::CreateBookingRequest;

use super::applicants::relation_msg;
use crate::components::long_date;
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::use_api;
use crate::state::submit::use_submit;
use crate::state::wizard::{BookingDraft, use_booking_draft};

/// Step 4: everything once more, then LANJUT issues the schedule.
#[component]
pub fn ReviewStep() -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let nav = use_navigator();
    let mut draft = use_booking_draft();
    let book = use_submit(
        move |(req, key): (CreateBookingRequest, String)| async move {
            match api().create_booking(&req, &key).await {
                Ok(b) => {
                    draft.set(BookingDraft::default());
                    nav.replace(Route::ScheduleDetail { code: b.code });
                    Ok(())
                }
                Err(e) => {
                    // A request shed for load did nothing: its key stays for the retry.
                    draft
                        .write()
                        .booking_failed(e.is_retryable() || e.wait_hint().is_some());
                    Err(e)
                }
            }
        },
    );
    let d = draft.read().clone();
    let (Some(office), Some(date), Some(slot)) = (d.office.clone(), d.date, d.slot.clone()) else {
        return rsx! {};
    };
    let applicants = match d.applicants() {
        Ok(a) => a,
        Err(_) => {
            draft.write().back();
            return rsx! {};
        }
    };

    let submit = move |_| {
        if let Some(attempt) = draft.write().begin_booking() {
            book.call(attempt);
        }
    };
    let failure = book.refusal().map(|_| {
        book.explained(t)
            .1
            .unwrap_or_else(|| t(Msg::CheckApplicants).to_owned())
    });

    rsx! {
        h2 { class: "step-title", {t(Msg::StepReview)} }
        dl { class: "summary", id: "review",
            dt { {t(Msg::Office)} }
            dd { "{office.name}" }
            dt { {t(Msg::Date)} }
            dd { "{long_date(lang(), date)}" }
            dt { {t(Msg::Session)} }
            dd { "{slot.label} {office.time_zone.label()}" }
        }
        h3 { class: "section-title", {t(Msg::StepApplicants)} }
        ul { class: "review-applicants",
            for (i, a) in applicants.iter().enumerate() {
                li { key: "{i}",
                    p { class: "choice-title", "{a.name}" }
                    p { class: "choice-sub",
                        "NIK {a.nik} · "
                        {t(if a.application_type == paspor_domain::ApplicationType::Renewal { Msg::Renewal } else { Msg::NewPassport })}
                        if let Some(r) = a.relation { " · {t(relation_msg(r))}" }
                    }
                }
            }
        }
        if let Some(w) = book.waiting(t) {
            p { id: "booking-wait", class: "notice warn", role: "status", "{w}" }
        }
        if let Some(f) = failure {
            p { id: "booking-error", class: "notice error", role: "alert", "{f}" }
        }
        div { class: "bottom-bar",
            div { class: "bottom-actions",
                button { id: "wizard-back", class: "secondary", r#type: "button", disabled: book.busy(),
                    onclick: move |_| draft.write().back(),
                    {t(Msg::Back)}
                }
                button { id: "booking-submit", class: "primary", r#type: "button", disabled: book.busy(), onclick: submit,
                    if book.busy() { span { class: "spinner", "aria-hidden": "true" } }
                    {t(Msg::Continue)}
                }
            }
        }
    }
}
