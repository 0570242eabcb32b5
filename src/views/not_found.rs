use dioxus::prelude::*;

use crate::route::Route;
use crate::state::i18n::{Msg, use_t};

#[component]
pub fn NotFound(rest: Vec<String>) -> Element {
    let t = use_t();
    let _ = rest;
    rsx! {
        main { class: "screen center",
            div { class: "card",
                h2 { {t(Msg::NotFound)} }
                Link { class: "primary button", to: Route::Login {}, {t(Msg::BackToLogin)} }
            }
        }
    }
}
