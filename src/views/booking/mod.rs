//! The queue-booking wizard (SPEC §7–9): office → schedule → applicants →
//! review → LANJUT. Its state is [`crate::state::wizard::BookingDraft`].

mod applicants;
pub use applicants::relation_msg;
mod office;
mod review;
mod schedule;

use dioxus::prelude::*;

use crate::state::i18n::{Msg, use_t};
use crate::state::wizard::{Blocker, Step, use_booking_draft};

#[component]
pub fn Booking() -> Element {
    let t = use_t();
    let mut draft = use_booking_draft();
    let step = draft.read().step;
    let mut blocker = use_signal(|| None::<Blocker>);

    rsx! {
        ol { class: "stepper", "aria-label": t(Msg::MenuQueue),
            for s in Step::ALL {
                li {
                    class: if s == step { "current" } else if s.index() < step.index() { "done" },
                    "aria-current": if s == step { "step" },
                    span { class: "step-dot", "{s.index() + 1}" }
                    span { class: "step-label", {t(s.title())} }
                }
            }
        }
        div { class: "wizard-body",
            match step {
                Step::Office => rsx! { office::OfficeStep {} },
                Step::Schedule => rsx! { schedule::ScheduleStep {} },
                Step::Applicants => rsx! { applicants::ApplicantsStep {} },
                Step::Review => rsx! { review::ReviewStep {} },
            }
        }
        if step != Step::Review {
            div { class: "bottom-bar",
                if let Some(b) = blocker() {
                    p { id: "wizard-blocker", class: "field-error", role: "alert", {t(blocker_msg(b))} }
                }
                div { class: "bottom-actions",
                    if step != Step::Office {
                        button { id: "wizard-back", class: "secondary", r#type: "button",
                            onclick: move |_| { blocker.set(None); draft.write().back() },
                            {t(Msg::Back)}
                        }
                    }
                    button { id: "wizard-next", class: "primary", r#type: "button",
                        onclick: move |_| {
                            let r = draft.write().advance();
                            blocker.set(r.err());
                        },
                        {t(Msg::Next)}
                    }
                }
            }
        }
    }
}

fn blocker_msg(b: Blocker) -> Msg {
    match b {
        Blocker::NoOffice => Msg::ChooseOffice,
        Blocker::NoDate => Msg::ChooseDate,
        Blocker::NoSlot => Msg::ChooseSlot,
        Blocker::NotEnoughPlaces => Msg::NotEnoughPlaces,
        Blocker::ApplicantNotSaved(_) => Msg::SaveEachApplicant,
        Blocker::Rule { msg, .. } => msg,
    }
}
