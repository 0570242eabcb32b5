use dioxus::prelude::*;

use crate::components::loaded;
use crate::state::i18n::{Lang, use_lang, use_t};
use crate::state::session::use_api;

/// A page of text the backend serves (guide, information), in the current
/// language, so it can change without an app release (SPEC §13).
#[component]
pub fn ContentPage(page: &'static str) -> Element {
    let t = use_t();
    let lang = use_lang();
    let api = use_api();
    let content = use_resource(move || async move {
        let code = if lang() == Lang::En { "en" } else { "id" };
        api().content(page, code).await
    });
    let mut open = use_signal(|| Some(0usize));
    loaded(content, t, |c| {
        rsx! {
                h2 { class: "step-title", id: "content-title", "{c.title}" }
                div { class: "accordion", id: "content-{page}",
                    for (i, s) in c.sections.iter().enumerate() {
                        section { key: "{s.id}", class: "accordion-item", id: "section-{s.id}",
                            button { class: "accordion-head", r#type: "button", "aria-expanded": open() == Some(i),
                                onclick: move |_| open.set(if open() == Some(i) { None } else { Some(i) }),
                                span { "{s.title}" }
                                span { class: "chevron", "aria-hidden": "true", if open() == Some(i) { "−" } else { "+" } }
                            }
                            if open() == Some(i) {
                                div { class: "accordion-body",
                                    for p in s.paragraphs.iter() {
                                        p { "{p}" }
                                    }
                                }
                            }
                        }
                    }
                }
        }
    })
}
