use dioxus::prelude::*;

use crate::components::{CancelBookingButton, SaveProofButton, StatusBadge, loaded, long_date};
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::use_api;

/// My schedules (SPEC §10): every booking, newest first, each with SIMPAN
/// PDF, BATALKAN while R-S-1 allows it, and KLIK DISINI for the details.
#[component]
pub fn Schedules() -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let mut bookings = use_resource(move || async move { api().bookings().await });

    loaded(bookings, t, |list| {
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
    })
}
