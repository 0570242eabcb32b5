use dioxus::prelude::*;
use paspor_domain::api::{Booking, BookingStatus};

use crate::components::{LoadFailed, Loading, long_date};
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::{explain, use_api};

/// My schedules (SPEC §10): every booking, newest first.
#[component]
pub fn Schedules() -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let mut bookings = use_resource(move || async move { api().bookings().await });

    let list = match &*bookings.read() {
        None => return rsx! { Loading {} },
        Some(Err(e)) => {
            let message = explain(e, t).1.unwrap_or_default();
            return rsx! { LoadFailed { message, on_retry: move |_| bookings.restart() } };
        }
        Some(Ok(list)) => list.clone(),
    };
    if list.is_empty() {
        return rsx! {
            div { class: "empty", id: "no-bookings",
                p { {t(Msg::NoBookings)} }
                Link { class: "primary button", to: Route::Booking {}, {t(Msg::BookNow)} }
            }
        };
    }
    rsx! {
        ul { class: "booking-list", id: "booking-list",
            for b in list {
                li { key: "{b.code}", class: "booking-card", "data-code": "{b.code}",
                    div { class: "booking-card-head",
                        span { class: "booking-code", "{b.code}" }
                        StatusBadge { status: b.status }
                    }
                    p { class: "choice-title", "{b.office.name}" }
                    p { class: "choice-sub", "{long_date(lang(), b.date)} · {b.slot.start}–{b.slot.end} {b.office.time_zone.label()}" }
                    p { class: "choice-sub", "{b.applicants.len()} {t(Msg::ApplicantsCount)}" }
                    Link { class: "link", to: Route::ScheduleDetail { code: b.code.clone() }, {t(Msg::ClickHere)} }
                }
            }
        }
    }
}

#[component]
pub fn StatusBadge(status: BookingStatus) -> Element {
    let t = use_t();
    let (class, msg) = match status {
        BookingStatus::Active => ("badge ok", Msg::StatusActive),
        BookingStatus::Cancelled => ("badge danger", Msg::StatusCancelled),
        BookingStatus::Done => ("badge muted", Msg::StatusDone),
    };
    rsx! { span { class, {t(msg)} } }
}

/// Whether the BATALKAN button shows (R-S-1): active, and before the
/// deadline the server computed in the office's zone.
pub fn can_cancel(b: &Booking, now: jiff::Timestamp) -> bool {
    b.status == BookingStatus::Active && now < b.cancel_deadline
}
