use dioxus::prelude::*;
use paspor_client::ClientError;
use paspor_domain::api::BookingStatus;

use crate::state::i18n::{Msg, use_t};
use crate::state::session::explain;

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

/// What every screen that loads something shows: a spinner while it loads,
/// the failure with TRY AGAIN, or `view` of what came.
pub fn loaded<T: Clone + 'static>(
    resource: Resource<Result<T, ClientError>>,
    t: impl Fn(Msg) -> &'static str,
    view: impl FnOnce(T) -> Element,
) -> Element {
    let mut resource = resource;
    let value = match &*resource.read() {
        None => return rsx! { Loading {} },
        Some(Err(e)) => Err(explain(e, &t).1.unwrap_or_default()),
        Some(Ok(v)) => Ok(v.clone()),
    };
    match value {
        Ok(v) => view(v),
        Err(message) => rsx! { LoadFailed { message, on_retry: move |_| resource.restart() } },
    }
}

/// A booking's status as a coloured badge.
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
