use dioxus::prelude::*;
use paspor_client::Client;
use paspor_domain::api::{ApplicantInput, CreateBookingRequest};

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
                // Carries whether the number and expiry are still the MRZ's.
                old_passport: a.old_passport,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::wizard::{ApplicantDraft, ChosenOffice, ChosenSlot, OldPassportDraft};
    use paspor_domain::{ApplicationType, OfficeTimeZone, Sex};

    fn renewal(from_mrz: bool) -> BookingDraft {
        let mut d = BookingDraft::default();
        d.choose_office(ChosenOffice {
            id: 3,
            name: "Kanim Jakarta Selatan".into(),
            time_zone: OfficeTimeZone::Wib,
        });
        d.choose_date(jiff::civil::date(2026, 12, 1));
        d.choose_slot(ChosenSlot {
            id: 7,
            label: "08.00–12.00".into(),
            places_left: 3,
        });
        d.prepare_forms(|| ApplicantDraft {
            name: "Budi Santoso".into(),
            nik: "3174011505900001".into(),
            kk: "3174010101090001".into(),
            birth_place: "Jakarta".into(),
            birth_date: "1990-05-15".into(),
            sex: Some(Sex::Male),
            application_type: Some(ApplicationType::Renewal),
            old_passport: OldPassportDraft {
                number: "C1234567".into(),
                expiry: "2031-01-20".into(),
            },
            old_passport_from_mrz: from_mrz,
            ..Default::default()
        });
        d
    }

    /// R-Q-6: the server learns whether the old passport was read from a
    /// valid MRZ or typed.
    #[test]
    fn the_request_says_whether_the_old_passport_came_from_the_mrz() {
        for from_mrz in [true, false] {
            let req = request(&renewal(from_mrz)).expect("a complete draft");
            let old = req.applicants[0].old_passport.as_ref().expect("a renewal");
            assert_eq!(old.number.as_str(), "C1234567");
            assert_eq!(old.mrz_verified, from_mrz);
        }
    }
}
