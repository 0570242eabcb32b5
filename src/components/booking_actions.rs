//! SIMPAN PDF and BATALKAN for one issued booking (SPEC §10, R-S-1, R-S-2):
//! the same buttons, states and messages on Jadwal Antrian's cards and on a
//! booking's detail screen.
//!
//! Each renders its button followed by what it has to say (the saved path, a
//! failure, the cancel confirmation), so the screen around it decides the
//! layout. `id_prefix` keeps element ids unique when a list shows several
//! bookings: the detail screen uses none (`#save-pdf`, `#cancel-booking`),
//! the list `booking-<CODE>-`. Every element also carries the id's last
//! part as a class (`.save-pdf`, `.proof-path`, `.cancel-booking`, …).

use std::path::PathBuf;

use dioxus::prelude::*;
use paspor_domain::api::Booking;

use crate::platform::share::{self, ProofAction};
use crate::state::bookings::{can_cancel, save_proof};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{explain, use_api};

/// SIMPAN PDF (R-S-2): writes the proof and shows where it went, then what
/// this platform can do with it: BUKA PDF (the desktop's viewer, Android's
/// PDF apps) and BAGIKAN (Android's and iOS' share sheets).
#[component]
pub fn SaveProofButton(
    booking: Booking,
    #[props(default)] id_prefix: String,
    /// The button's look: `primary` on the detail screen, `secondary` in
    /// the list.
    #[props(default = "primary".to_owned())]
    button_class: String,
) -> Element {
    let t = use_t();
    let api = use_api();
    let mut busy = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);
    let mut saved = use_signal(|| None::<PathBuf>);

    let save = move |_| {
        let b = booking.clone();
        async move {
            busy.set(true);
            failure.set(None);
            match save_proof(api(), &b).await {
                Ok(path) => saved.set(Some(path)),
                Err(e) => failure.set(Some(format!("{}: {e}", t(Msg::ErrSavePdf)))),
            }
            busy.set(false);
        }
    };

    rsx! {
        button {
            id: "{id_prefix}save-pdf",
            class: "{button_class} save-pdf",
            r#type: "button",
            disabled: busy(),
            onclick: save,
            {t(Msg::SavePdf)}
        }
        if let Some(f) = failure() {
            p { class: "notice error proof-failed", role: "alert", "{f}" }
        }
        if let Some(path) = saved() {
            div { class: "notice ok proof-saved", id: "{id_prefix}proof-saved", role: "status",
                p { {t(Msg::PdfSaved)} }
                p { class: "path proof-path", id: "{id_prefix}proof-path", "{path.display()}" }
                for action in share::ACTIONS.iter().copied() {
                    button {
                        class: if action == ProofAction::Open { "link open-pdf" } else { "link share-pdf" },
                        r#type: "button",
                        onclick: {
                            let path = path.clone();
                            move |_| {
                                let title = t(Msg::SharePdfTitle);
                                let handed = share::request(&crate::platform::files::documents_dir(), &path, action, title)
                                    .map_err(|e| e.to_string())
                                    .and_then(|req| share::perform(&req));
                                if let Err(e) = handed {
                                    failure.set(Some(e));
                                }
                            }
                        },
                        {t(if action == ProofAction::Open { Msg::OpenPdf } else { Msg::SharePdf })}
                    }
                }
            }
        }
    }
}

/// BATALKAN with a confirmation (R-S-1). Renders nothing once the booking is
/// no longer active or its deadline has passed; `on_cancelled` gets the
/// booking as the server returns it after the cancel.
#[component]
pub fn CancelBookingButton(
    booking: Booking,
    on_cancelled: EventHandler<Booking>,
    #[props(default)] id_prefix: String,
) -> Element {
    let t = use_t();
    let api = use_api();
    let mut confirming = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);

    let cancellable = can_cancel(&booking, jiff::Timestamp::now());
    let cancel = move |_| {
        let code = booking.code.clone();
        async move {
            busy.set(true);
            failure.set(None);
            match api().cancel_booking(&code).await {
                Ok(cancelled) => {
                    confirming.set(false);
                    on_cancelled.call(cancelled);
                }
                Err(e) => failure.set(explain(&e, t).1),
            }
            busy.set(false);
        }
    };

    rsx! {
        if let Some(f) = failure() {
            p { class: "notice error cancel-failed", role: "alert", "{f}" }
        }
        if cancellable {
            if confirming() {
                div { class: "notice warn cancel-confirm", id: "{id_prefix}cancel-confirm",
                    p { {t(Msg::CancelConfirm)} }
                    div { class: "bottom-actions",
                        button { class: "secondary cancel-no", r#type: "button", onclick: move |_| confirming.set(false), {t(Msg::No)} }
                        button {
                            id: "{id_prefix}cancel-yes",
                            class: "danger cancel-yes",
                            r#type: "button",
                            disabled: busy(),
                            onclick: cancel,
                            {t(Msg::YesCancel)}
                        }
                    }
                }
            } else {
                button {
                    id: "{id_prefix}cancel-booking",
                    class: "danger outline cancel-booking",
                    r#type: "button",
                    onclick: move |_| confirming.set(true),
                    {t(Msg::CancelButton)}
                }
            }
        }
    }
}
