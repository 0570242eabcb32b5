use dioxus::prelude::*;

use crate::components::PassportIcon;
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};

/// The brand header of signed-out screens other than login, with a way back.
#[component]
pub fn AuthHeader(title: Msg, back: Route) -> Element {
    let t = use_t();
    let mut lang = use_lang();
    rsx! {
        header { class: "brand compact",
            Link { class: "back", to: back, "aria-label": t(Msg::Back), "‹" }
            button {
                class: "lang-switch",
                r#type: "button",
                onclick: move |_| { let l = lang(); lang.set(l.other()) },
                "{lang().other().code()}"
            }
            div { class: "brand-mark small", "aria-hidden": "true", PassportIcon {} }
            h1 { {t(title)} }
        }
    }
}
