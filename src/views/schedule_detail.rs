use dioxus::prelude::*;

use crate::components::{CancelBookingButton, SaveProofButton, StatusBadge, loaded, long_date};
use crate::route::Route;
use crate::state::bookings::last_cancel_minute;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::use_api;
use crate::views::booking::relation_msg;

/// One booking (KLIK DISINI): details, SIMPAN PDF (R-S-2) and BATALKAN until
/// 2 days before (R-S-1), the same buttons as on its Jadwal Antrian card.
#[component]
pub fn ScheduleDetail(code: String) -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let code_for_load = code.clone();
    let mut booking = use_resource(move || {
        let code = code_for_load.clone();
        async move { api().booking(&code).await }
    });
    loaded(booking, t, |b| {
        let deadline = last_cancel_minute(&b);
        rsx! {
            div { class: "card detail", id: "booking-detail",
                div { class: "booking-card-head",
                    span { class: "booking-code big", id: "booking-code", "{b.code}" }
                    StatusBadge { status: b.status }
                }
                dl { class: "summary",
                    dt { {t(Msg::Office)} }
                    dd { "{b.office.name}" br {} span { class: "muted", "{b.office.address}" } }
                    dt { {t(Msg::Date)} }
                    dd { "{long_date(lang(), b.date)}" }
                    dt { {t(Msg::Session)} }
                    dd { "{b.slot.start}–{b.slot.end} {b.office.time_zone.label()}" }
                    dt { {t(Msg::CancelUntil)} }
                    dd { "{long_date(lang(), deadline.date())} {deadline.hour():02}:{deadline.minute():02} {b.office.time_zone.label()}" }
                }
                h2 { class: "section-title", {t(Msg::StepApplicants)} }
                ul { class: "review-applicants",
                    for a in b.applicants.iter() {
                        li {
                            p { class: "choice-title", "{a.full_name}" }
                            p { class: "choice-sub",
                                "NIK {a.nik.masked()} · "
                                {t(if a.application_type == paspor_domain::ApplicationType::Renewal { Msg::Renewal } else { Msg::NewPassport })}
                                if let Some(r) = a.relation { " · {t(relation_msg(r))}" }
                            }
                        }
                    }
                }
                SaveProofButton { booking: b.clone() }
                CancelBookingButton { booking: b.clone(), on_cancelled: move |_| booking.restart() }
                Link { class: "link center", to: Route::Schedules {}, {t(Msg::BackToSchedules)} }
            }
        }
    })
}
