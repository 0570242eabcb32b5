use dioxus::prelude::*;
use paspor_domain::{ApplicationType, Relation, Sex};

use crate::components::{Choice, DateField, ScanIcon, TextField};
use crate::route::Route;
use crate::state::form::{Feedback, FieldErrors, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::scan::{ScanTarget, use_scans};
use crate::state::session::use_session;
use crate::state::wizard::{
    ApplicantDraftStoreExt, BookingDraftStoreExt, OldPassportDraftStoreExt, Unsaved,
    use_booking_draft,
};

/// Step 3: one form per applicant (SPEC §8–9), the first prefilled from the
/// account. Each is checked and kept with SIMPAN.
#[component]
pub fn ApplicantsStep() -> Element {
    let t = use_t();
    let ctx = use_session();
    let mut draft = use_booking_draft();
    let mut open = use_signal(|| Some(0usize));
    // The applicant whose old passport a scan just filled: the form shows
    // that part first instead of leaving it below the fold.
    let mut reveal = use_signal(|| None::<usize>);
    let scans = use_scans();
    use_hook(move || {
        if let Some(me) = ctx.me() {
            draft.write().prepare_forms(&me);
        }
        // Back from the scan screen with a confirmed read (R-Q-6): it fills
        // that applicant's old passport, and that applicant's form opens.
        if let Some(target @ ScanTarget::Applicant(i)) = scans.waiting()
            && let Some(read) = scans.take_for(target)
            && let Some(a) = draft.write().applicants.get_mut(i)
        {
            a.fill_old_passport(&read);
            open.set(Some(i));
            reveal.set(Some(i));
        }
    });
    let count = draft.read().applicant_count;

    rsx! {
        h2 { class: "step-title", {t(Msg::StepApplicants)} }
        for i in 0..count {
            {
                let a = draft.read().applicants.get(i).cloned().unwrap_or_default();
                let is_open = open() == Some(i);
                let saved = a.is_saved();
                rsx! {
                    section { key: "{i}", class: if saved { "applicant saved" } else { "applicant" }, id: "applicant-{i}",
                        button { class: "applicant-head", r#type: "button",
                            "aria-expanded": is_open,
                            onclick: move |_| open.set(if is_open { None } else { Some(i) }),
                            span { class: "applicant-no", "{i + 1}" }
                            span { class: "applicant-name",
                                if a.name.is_empty() { {t(Msg::Applicant)} } else { "{a.name}" }
                                if i == 0 { span { class: "muted", " · {t(Msg::You)}" } }
                            }
                            span { class: if saved { "badge ok" } else { "badge muted" },
                                if saved { {t(Msg::Saved)} } else { {t(Msg::NotSaved)} }
                            }
                        }
                        if is_open {
                            ApplicantForm { index: i, reveal: reveal() == Some(i), on_saved: move |_| open.set((i + 1 < count).then_some(i + 1)) }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn ApplicantForm(index: usize, reveal: bool, on_saved: EventHandler<()>) -> Element {
    let t = use_t();
    let mut draft = use_booking_draft();
    let nav = use_navigator();
    let mut feedback = use_signal(Feedback::default);
    // What SIMPAN found against the family rules (R-Q-2), kept on its
    // field until that field changes.
    let mut refused = use_signal(FieldErrors::new);
    let Some(form) = draft.applicants().get(index) else {
        return rsx! {};
    };
    let is_owner = index == 0;

    let save = move |_| {
        feedback.write().sent(&*form.read());
        match draft.write().save_applicant(index) {
            Ok(()) => {
                refused.set(FieldErrors::new());
                on_saved.call(());
            }
            Err(Unsaved::Rule(field, msg)) => refused.set(vec![(field, msg)]),
            Err(Unsaved::Form(_)) => refused.set(FieldErrors::new()),
        }
    };
    let errors = feedback.read().errors(
        &*form.read(),
        |a| a.parse(is_owner).err().unwrap_or_default(),
        &refused.read(),
    );
    let err = move |f: &str| error_for(&errors, f);
    let current = form.read().clone();
    let id = |f: &str| format!("a{index}-{f}");

    rsx! {
        div { class: "applicant-form",
            TextField { id: id("name"), label: Msg::FullName, value: form.name(), error: err("name") }
            TextField { id: id("nik"), label: Msg::Nik, value: form.nik(), error: err("nik"), inputmode: "numeric" }
            TextField { id: id("kk"), label: Msg::Kk, value: form.kk(), error: err("kk"), inputmode: "numeric" }
            div { class: "row-2",
                TextField { id: id("birth_place"), label: Msg::BirthPlace, value: form.birth_place(), error: err("birth_place") }
                DateField { id: id("birth_date"), label: Msg::BirthDate, value: form.birth_date(), error: err("birth_date") }
            }
            Choice {
                id: id("sex"),
                label: Msg::Sex,
                options: vec![(Msg::Male, current.sex == Some(Sex::Male)), (Msg::Female, current.sex == Some(Sex::Female))],
                error: err("sex"),
                on_pick: move |i: usize| form.sex().set(Some([Sex::Male, Sex::Female][i])),
            }
            if !is_owner {
                Choice {
                    id: id("relation"),
                    label: Msg::Relation,
                    options: Relation::ALL.iter().map(|r| (relation_msg(*r), current.relation == Some(*r))).collect(),
                    error: err("relation"),
                    on_pick: move |i: usize| form.relation().set(Some(Relation::ALL[i])),
                }
            }
            Choice {
                id: id("type"),
                label: Msg::ApplicationType,
                options: vec![
                    (Msg::NewPassport, current.application_type == Some(ApplicationType::New)),
                    (Msg::Renewal, current.application_type == Some(ApplicationType::Renewal)),
                ],
                error: err("application_type"),
                on_pick: move |i: usize| form.application_type().set(Some(ApplicationType::ALL[i])),
            }
            if current.application_type == Some(ApplicationType::Renewal) {
                div { class: "notice info",
                    p { strong { {t(Msg::OldPassport)} } }
                    p { {t(Msg::OldPassportBody)} }
                }
                button { id: id("scan"), class: "secondary scan-button", r#type: "button",
                    onclick: move |_| { nav.push(Route::Scan { target: ScanTarget::Applicant(index) }); },
                    ScanIcon {}
                    {t(Msg::ScanButton)}
                }
                if current.old_passport_from_mrz() {
                    p { class: "notice ok", id: id("scanned"),
                        onmounted: move |e| async move {
                            if reveal {
                                let _ = e
                                    .scroll_to_with_options(ScrollToOptions {
                                        behavior: ScrollBehavior::Instant,
                                        vertical: ScrollLogicalPosition::Start,
                                        horizontal: ScrollLogicalPosition::Nearest,
                                    })
                                    .await;
                            }
                        },
                        {t(Msg::ScanFilled)}
                    }
                }
                TextField { id: id("old_number"), label: Msg::PassportNumber, value: form.old_passport().number(), error: err("old_passport_number") }
                DateField { id: id("old_expiry"), label: Msg::PassportExpiry, value: form.old_passport().expiry(), error: err("old_passport_expiry") }
            }
            button { id: "a{index}-save", class: "primary", r#type: "button", onclick: save, {t(Msg::SaveButton)} }
        }
    }
}

pub fn relation_msg(r: Relation) -> Msg {
    match r {
        Relation::Father => Msg::Father,
        Relation::Mother => Msg::Mother,
        Relation::Husband => Msg::Husband,
        Relation::Wife => Msg::Wife,
        Relation::Child => Msg::Child,
    }
}
