use dioxus::prelude::*;
use paspor_client::Client;
use paspor_domain::api::{ApplicantInput, CreateBookingRequest, OldPassport};

use super::applicants::relation_msg;
use crate::components::long_date;
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::{explain, use_api};
use crate::state::wizard::{BookingDraft, use_booking_draft};

/// Step 4: everything once more, then LANJUT issues the schedule.
#[component]
pub fn ReviewStep() -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let nav = use_navigator();
    let mut draft = use_booking_draft();
    let mut busy = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);
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

    let submit = move |_| async move {
        let Some(req) = request(&draft.peek()) else {
            return;
        };
        // One key per booking attempt, kept in the saved draft: a retry, even
        // after a crash, can't book twice.
        let key = draft
            .peek()
            .idempotency_key
            .clone()
            .unwrap_or_else(Client::new_idempotency_key);
        draft.write().idempotency_key = Some(key.clone());
        busy.set(true);
        failure.set(None);
        match api().create_booking(&req, &key).await {
            Ok(b) => {
                draft.set(BookingDraft::default());
                nav.replace(Route::ScheduleDetail { code: b.code });
            }
            Err(e) => {
                // A refusal is final for this key; a new attempt gets a new one.
                if !e.is_retryable() {
                    draft.write().idempotency_key = None;
                }
                failure.set(
                    explain(&e, t)
                        .1
                        .or_else(|| Some(t(Msg::CheckApplicants).to_owned())),
                );
            }
        }
        busy.set(false);
    };

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
        if let Some(f) = failure() {
            p { id: "booking-error", class: "notice error", role: "alert", "{f}" }
        }
        div { class: "bottom-bar",
            div { class: "bottom-actions",
                button { id: "wizard-back", class: "secondary", r#type: "button", disabled: busy(),
                    onclick: move |_| draft.write().back(),
                    {t(Msg::Back)}
                }
                button { id: "booking-submit", class: "primary", r#type: "button", disabled: busy(), onclick: submit,
                    if busy() { span { class: "spinner", "aria-hidden": "true" } }
                    {t(Msg::Continue)}
                }
            }
        }
    }
}

/// The create request, when every form parses.
pub fn request(d: &BookingDraft) -> Option<CreateBookingRequest> {
    let applicants = d.applicants().ok()?;
    Some(CreateBookingRequest {
        office_id: d.office.as_ref()?.id,
        date: d.date?,
        slot_id: d.slot.as_ref()?.id,
        applicants: applicants
            .into_iter()
            .map(|a| ApplicantInput {
                full_name: a.name,
                nik: a.nik,
                kk: a.kk,
                birth_place: a.birth_place,
                birth_date: a.birth_date,
                sex: a.sex,
                relation: a.relation,
                application_type: a.application_type,
                old_passport: a.old_passport.map(|(number, expiry_date)| OldPassport {
                    number,
                    expiry_date,
                    mrz_verified: false,
                }),
            })
            .collect(),
    })
}
