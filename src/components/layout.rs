use dioxus::prelude::*;

use crate::components::PassportIcon;
use crate::route::Route;
use crate::state::i18n::{Msg, use_lang, use_t};

/// The brand header of signed-out screens other than login, with a way back.
#[component]
pub fn AuthHeader(title: Msg, back: Route) -> Element {
    let t = use_t();
    rsx! {
        header { class: "brand compact",
            Link { class: "back", to: back, "aria-label": t(Msg::Back), "‹" }
            LangSwitch {}
            div { class: "brand-mark small", "aria-hidden": "true", PassportIcon {} }
            h1 { {t(title)} }
        }
    }
}

/// The language switch: shows the other language's code and switches to it.
#[component]
pub fn LangSwitch(#[props(default)] inline: bool) -> Element {
    let t = use_t();
    let mut lang = use_lang();
    rsx! {
        button {
            class: if inline { "lang-switch inline" } else { "lang-switch" },
            r#type: "button",
            // The visible code first (WCAG 2.5.3), then what it does.
            "aria-label": "{lang().other().code()}: {t(Msg::SwitchLanguage)}",
            onclick: move |_| {
                let l = lang();
                lang.set(l.other())
            },
            "{lang().other().code()}"
        }
    }
}
