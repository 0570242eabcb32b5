use dioxus::prelude::*;

use crate::components::ContentPage;

/// The user guide (SPEC §12), step by step.
#[component]
pub fn Guide() -> Element {
    rsx! { ContentPage { page: "guide" } }
}
