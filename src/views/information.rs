use dioxus::prelude::*;

use crate::components::ContentPage;

/// Information (SPEC §13): requirements, procedure, validity and fees.
#[component]
pub fn Information() -> Element {
    rsx! { ContentPage { page: "information" } }
}
