use dioxus::prelude::*;

use crate::state::i18n::{Msg, use_t};

/// Shown while a request is under way.
#[component]
pub fn Loading() -> Element {
    let t = use_t();
    rsx! {
        div { class: "loading", role: "status",
            div { class: "spinner big", "aria-hidden": "true" }
            p { {t(Msg::Loading)} }
        }
    }
}

/// A failed load: what happened and a way to try again, never a blank screen.
#[component]
pub fn LoadFailed(message: String, on_retry: EventHandler<()>) -> Element {
    let t = use_t();
    rsx! {
        div { class: "load-failed", role: "alert",
            p { class: "load-failed-title", {t(Msg::LoadFailed)} }
            p { "{message}" }
            button { class: "primary", r#type: "button", onclick: move |_| on_retry.call(()), {t(Msg::Retry)} }
        }
    }
}
