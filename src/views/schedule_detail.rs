use dioxus::prelude::*;

use crate::components::{LoadFailed, Loading, long_date};
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};
use crate::state::session::{explain, use_api};
use crate::views::booking::relation_msg;
use crate::views::schedules::{StatusBadge, can_cancel};

/// One booking (KLIK DISINI): details, BATALKAN until 2 days before (R-S-1).
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
    let mut confirming = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);
    let mut saved = use_signal(|| None::<std::path::PathBuf>);

    let b = match &*booking.read() {
        None => return rsx! { Loading {} },
        Some(Err(e)) => {
            let message = explain(e, t).1.unwrap_or_default();
            return rsx! { LoadFailed { message, on_retry: move |_| booking.restart() } };
        }
        Some(Ok(b)) => b.clone(),
    };
    let cancellable = can_cancel(&b, jiff::Timestamp::now());
    // The deadline is the first instant a cancel is refused; people read
    // "until 23:59 on …", the last minute it still works.
    let last_minute = b
        .cancel_deadline
        .saturating_sub(jiff::SignedDuration::from_secs(60))
        .unwrap_or(b.cancel_deadline);
    let deadline = last_minute.to_zoned_datetime(b.office.time_zone.time_zone());
    let cancel = {
        let code = code.clone();
        move |_| {
            let code = code.clone();
            async move {
                busy.set(true);
                match api().cancel_booking(&code).await {
                    Ok(_) => {
                        confirming.set(false);
                        booking.restart();
                    }
                    Err(e) => failure.set(explain(&e, t).1),
                }
                busy.set(false);
            }
        }
    };

    let save_pdf = {
        let b = b.clone();
        move |_| {
            let b = b.clone();
            async move {
                busy.set(true);
                failure.set(None);
                // What to bring comes from the information content, so the
                // proof says what the service says today.
                let requirements = match api().content("information", "id").await {
                    Ok(c) => c
                        .sections
                        .into_iter()
                        .find(|s| s.id == "persyaratan")
                        .map(|s| s.paragraphs)
                        .unwrap_or_default(),
                    Err(_) => Vec::new(),
                };
                let input = paspor_proof::ProofInput::from_booking(
                    &b,
                    requirements,
                    jiff::Timestamp::now(),
                );
                let dir = crate::platform::files::documents_dir();
                match paspor_proof::render(&input)
                    .and_then(|pdf| paspor_proof::save_proof(&dir, &b.code, &pdf))
                {
                    Ok(path) => saved.set(Some(path)),
                    Err(e) => failure.set(Some(format!("{}: {e}", t(Msg::ErrSavePdf)))),
                }
                busy.set(false);
            }
        }
    };

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
            h3 { class: "section-title", {t(Msg::StepApplicants)} }
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
            if let Some(f) = failure() {
                p { class: "notice error", role: "alert", "{f}" }
            }
            button { id: "save-pdf", class: "primary", r#type: "button", disabled: busy(), onclick: save_pdf, {t(Msg::SavePdf)} }
            if let Some(path) = saved() {
                div { class: "notice ok", id: "proof-saved", role: "status",
                    p { {t(Msg::PdfSaved)} }
                    p { class: "path", id: "proof-path", "{path.display()}" }
                    if cfg!(feature = "desktop") {
                        button { class: "link", r#type: "button",
                            onclick: move |_| {
                                if let Err(e) = opener::open(&path) {
                                    failure.set(Some(e.to_string()));
                                }
                            },
                            {t(Msg::OpenPdf)}
                        }
                    }
                }
            }
            if cancellable {
                if confirming() {
                    div { class: "notice warn", id: "cancel-confirm",
                        p { {t(Msg::CancelConfirm)} }
                        div { class: "bottom-actions",
                            button { class: "secondary", r#type: "button", onclick: move |_| confirming.set(false), {t(Msg::No)} }
                            button { id: "cancel-yes", class: "danger", r#type: "button", disabled: busy(), onclick: cancel, {t(Msg::YesCancel)} }
                        }
                    }
                } else {
                    button { id: "cancel-booking", class: "danger outline", r#type: "button", onclick: move |_| confirming.set(true), {t(Msg::CancelButton)} }
                }
            }
            Link { class: "link center", to: Route::Schedules {}, {t(Msg::BackToSchedules)} }
        }
    }
}
