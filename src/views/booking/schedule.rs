use dioxus::prelude::*;
use paspor_domain::rules::MAX_APPLICANTS;

use crate::components::{Calendar, loaded, long_date};
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::use_api;
use crate::state::wizard::{ChosenSlot, use_booking_draft};

/// Step 2: how many applicants, then a green day (R-Q-4) and a session with
/// enough places (R-Q-5).
#[component]
pub fn ScheduleStep() -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let mut draft = use_booking_draft();
    let Some(office) = draft.read().office.clone() else {
        return rsx! {};
    };
    let today = office.time_zone.today(jiff::Timestamp::now());
    let start = draft.peek().date.unwrap_or(today);
    let mut month = use_signal(|| (start.year(), start.month()));
    let office_id = office.id;
    let calendar = use_resource(move || async move {
        let (y, m) = month();
        api().calendar(office_id, y, m).await
    });
    let count = draft.read().applicant_count;
    let selected = draft.read().date;
    let chosen_slot = draft.read().slot.as_ref().map(|s| s.id);

    let body = loaded(calendar, t, |cal| {
        let days: Vec<_> = cal.days.iter().map(|d| (d.date, d.status)).collect();
        let slots = selected
            .and_then(|d| cal.days.iter().find(|x| x.date == d))
            .map(|d| d.slots.clone())
            .unwrap_or_default();
        rsx! {
            Calendar {
                year: cal.year,
                month: cal.month,
                days,
                selected,
                first_month: (today.year(), today.month()),
                on_select: move |d| draft.write().choose_date(d),
                on_month: move |ym| month.set(ym),
            }
            if let Some(d) = selected {
                h3 { class: "section-title", id: "chosen-date", "{long_date(lang(), d)}" }
                ul { class: "slot-list", id: "slot-list",
                    for s in slots {
                        li { key: "{s.id}",
                            button {
                                class: if chosen_slot == Some(s.id) { "slot selected" } else { "slot" },
                                r#type: "button",
                                "data-slot-id": "{s.id}",
                                disabled: (s.places_left as usize) < count,
                                "aria-pressed": chosen_slot == Some(s.id),
                                onclick: {
                                    let s = s.clone();
                                    move |_| draft.write().choose_slot(ChosenSlot {
                                        id: s.id,
                                        label: format!("{}–{}", s.start, s.end),
                                        places_left: s.places_left,
                                    })
                                },
                                span { class: "slot-time", "{s.start}–{s.end} {office.time_zone.label()}" }
                                span { class: "slot-places", "{s.places_left} / {s.capacity} {t(Msg::PlacesLeft)}" }
                            }
                        }
                    }
                }
            }
        }
    });

    rsx! {
        h2 { class: "step-title", "{office.name}" }
        div { class: "field",
            label { {t(Msg::ApplicantCount)} }
            div { class: "segmented", id: "applicant-count",
                for n in 1..=MAX_APPLICANTS {
                    button {
                        class: if n == count { "chosen" },
                        r#type: "button",
                        "data-count": "{n}",
                        "aria-pressed": n == count,
                        onclick: move |_| draft.write().set_applicant_count(n),
                        "{n}"
                    }
                }
            }
        }
        {body}
    }
}
