use base64::Engine;
use dioxus::prelude::*;

use crate::state::session::use_api;

/// The account photo, or the initials when there is none (or it can't load).
#[component]
pub fn Avatar(has_photo: bool, name: String, #[props(default)] large: bool) -> Element {
    let api = use_api();
    let photo = use_resource(move || async move {
        if !has_photo {
            return None;
        }
        let bytes = api().photo().await.ok()?;
        Some(format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    });
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase();
    let class = if large { "avatar large" } else { "avatar" };
    match photo.read().as_ref() {
        Some(Some(src)) => rsx! { img { class, src: "{src}", alt: "" } },
        _ => rsx! { div { class, "aria-hidden": "true", "{initials}" } },
    }
}
