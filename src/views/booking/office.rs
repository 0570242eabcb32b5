use dioxus::prelude::*;

use crate::components::loaded;
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_api;
use crate::state::wizard::{ChosenOffice, use_booking_draft};

/// Step 1: the immigration office. Offices without released online quota
/// are shown but cannot be chosen (R-Q-1).
#[component]
pub fn OfficeStep() -> Element {
    let t = use_t();
    let api = use_api();
    let mut draft = use_booking_draft();
    let offices = use_resource(move || async move { api().offices().await });
    let mut query = use_signal(String::new);
    let chosen = draft.read().office.as_ref().map(|o| o.id);

    loaded(offices, t, |list| {
        let q = query().to_lowercase();
        let shown: Vec<_> = list
            .into_iter()
            .filter(|o| {
                q.is_empty()
                    || o.name.to_lowercase().contains(&q)
                    || o.city.to_lowercase().contains(&q)
            })
            .collect();
        rsx! {
            h2 { class: "step-title", {t(Msg::ChooseOffice)} }
            div { class: "field",
                input {
                    id: "office-search",
                    r#type: "search",
                    placeholder: t(Msg::SearchOffice),
                    "aria-label": t(Msg::SearchOffice),
                    oninput: move |e| query.set(e.value()),
                }
            }
            ul { class: "choice-list", id: "office-list",
                for o in shown {
                    li { key: "{o.id}",
                        button {
                            class: if chosen == Some(o.id) { "choice selected" } else { "choice" },
                            r#type: "button",
                            "data-office-id": "{o.id}",
                            disabled: !o.online_quota,
                            "aria-pressed": chosen == Some(o.id),
                            onclick: {
                                let o = o.clone();
                                move |_| draft.write().choose_office(ChosenOffice { id: o.id, name: o.name.clone(), time_zone: o.time_zone })
                            },
                            span { class: "choice-title", "{o.name}" }
                            span { class: "choice-sub", "{o.city} · {o.time_zone.label()}" }
                            span { class: if o.online_quota { "badge ok" } else { "badge muted" },
                                if o.online_quota { {t(Msg::QuotaOpen)} } else { {t(Msg::QuotaClosed)} }
                            }
                        }
                    }
                }
            }
        }
    })
}
