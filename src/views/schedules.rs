use dioxus::prelude::*;
use paspor_domain::api::BookingStatus;

use crate::components::{CancelBookingButton, LoadFailed, Loading, SaveProofButton, long_date};
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::{explain, use_api};

/// My schedules (SPEC §10): every booking, newest first, each with SIMPAN
/// PDF, BATALKAN while R-S-1 allows it, and KLIK DISINI for the details.
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
                    div { class: "booking-card-actions",
                        SaveProofButton { booking: b.clone(), id_prefix: "booking-{b.code}-", button_class: "secondary" }
                        CancelBookingButton {
                            booking: b.clone(),
                            id_prefix: "booking-{b.code}-",
                            on_cancelled: move |_| bookings.restart(),
                        }
                    }
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
