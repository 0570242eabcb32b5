use dioxus::prelude::*;
use paspor_domain::{ApplicationType, Relation, Sex};

use crate::components::TextField;
use crate::route::Route;
use crate::state::forms::{FieldErrors, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::scan::{ScanTarget, use_scans};
use crate::state::session::use_session;
use crate::state::wizard::{ApplicantDraft, use_booking_draft};

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
    use_hook(move || {
        let me = ctx.me();
        draft.write().prepare_forms(move || match me {
            Some(me) => ApplicantDraft {
                name: me.full_name.to_string(),
                nik: me.nik.to_string(),
                kk: me.kk.to_string(),
                birth_place: me.birth_place.to_string(),
                birth_date: me.birth_date.to_string(),
                sex: Some(me.sex),
                ..Default::default()
            },
            None => ApplicantDraft::default(),
        });
    });
    // Back from the scan screen with a confirmed read (R-Q-6): it fills that
    // applicant's old passport, and that applicant's form opens again.
    let scans = use_scans();
    use_hook(move || {
        let Some(ScanTarget::Applicant(i)) = scans.inbox.peek().as_ref().map(|d| d.target) else {
            return;
        };
        if let Some(read) = scans.take_for(ScanTarget::Applicant(i))
            && let Some(a) = draft.write().applicants.get_mut(i)
        {
            a.old_passport.number = read.number;
            a.old_passport.expiry = read.expiry;
            a.old_passport_from_mrz = true;
            a.saved = false;
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
                rsx! {
                    section { key: "{i}", class: if a.saved { "applicant saved" } else { "applicant" }, id: "applicant-{i}",
                        button { class: "applicant-head", r#type: "button",
                            "aria-expanded": is_open,
                            onclick: move |_| open.set(if is_open { None } else { Some(i) }),
                            span { class: "applicant-no", "{i + 1}" }
                            span { class: "applicant-name",
                                if a.name.is_empty() { {t(Msg::Applicant)} } else { "{a.name}" }
                                if i == 0 { span { class: "muted", " · {t(Msg::You)}" } }
                            }
                            span { class: if a.saved { "badge ok" } else { "badge muted" },
                                if a.saved { {t(Msg::Saved)} } else { {t(Msg::NotSaved)} }
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
    let initial = draft
        .peek()
        .applicants
        .get(index)
        .cloned()
        .unwrap_or_default();
    let is_owner = index == 0;
    let name = use_signal(|| initial.name.clone());
    let nik = use_signal(|| initial.nik.clone());
    let kk = use_signal(|| initial.kk.clone());
    let birth_place = use_signal(|| initial.birth_place.clone());
    let birth_date = use_signal(|| initial.birth_date.clone());
    let old_number = use_signal(|| initial.old_passport.number.clone());
    let old_expiry = use_signal(|| initial.old_passport.expiry.clone());
    // After a SIMPAN that failed, the form is checked again on every edit:
    // a field put right loses its error at once instead of keeping the
    // last SIMPAN's.
    let mut tried = use_signal(|| false);

    // Typed text goes into the draft as it is typed, so a restart keeps it.
    use_effect(move || {
        let (n, k, f, bp, bd, on, oe) = (
            name(),
            nik(),
            kk(),
            birth_place(),
            birth_date(),
            old_number(),
            old_expiry(),
        );
        let mut d = draft.write();
        if let Some(a) = d.applicants.get_mut(index) {
            if (
                &a.name,
                &a.nik,
                &a.kk,
                &a.birth_place,
                &a.birth_date,
                &a.old_passport.number,
                &a.old_passport.expiry,
            ) != (&n, &k, &f, &bp, &bd, &on, &oe)
            {
                a.saved = false;
            }
            if (&a.old_passport.number, &a.old_passport.expiry) != (&on, &oe) {
                // Corrected by hand: no longer the MRZ's word.
                a.old_passport_from_mrz = false;
            }
            a.name = n;
            a.nik = k;
            a.kk = f;
            a.birth_place = bp;
            a.birth_date = bd;
            a.old_passport.number = on;
            a.old_passport.expiry = oe;
        }
    });

    let current = draft
        .read()
        .applicants
        .get(index)
        .cloned()
        .unwrap_or_default();
    let mut set = move |f: &dyn Fn(&mut ApplicantDraft)| {
        if let Some(a) = draft.write().applicants.get_mut(index) {
            f(a);
            a.saved = false;
        }
    };
    let errors = if tried() {
        current.parse(is_owner).err().unwrap_or_default()
    } else {
        FieldErrors::new()
    };
    let err = move |f: &str| error_for(&errors, f);
    let save = move |_| {
        tried.set(true);
        let parsed = draft
            .peek()
            .applicants
            .get(index)
            .map(|a| a.parse(is_owner).is_ok());
        if parsed == Some(true) {
            if let Some(a) = draft.write().applicants.get_mut(index) {
                a.saved = true;
            }
            on_saved.call(());
        }
    };
    let id = |f: &str| format!("a{index}-{f}");

    rsx! {
        div { class: "applicant-form",
            TextField { id: id("name"), label: Msg::FullName, value: name, error: err("name") }
            TextField { id: id("nik"), label: Msg::Nik, value: nik, error: err("nik"), inputmode: "numeric" }
            TextField { id: id("kk"), label: Msg::Kk, value: kk, error: err("kk"), inputmode: "numeric" }
            div { class: "row-2",
                TextField { id: id("birth_place"), label: Msg::BirthPlace, value: birth_place, error: err("birth_place") }
                TextField { id: id("birth_date"), label: Msg::BirthDate, value: birth_date, error: err("birth_date"), kind: "date" }
            }
            Choice {
                id: id("sex"),
                label: Msg::Sex,
                options: vec![(Msg::Male, current.sex == Some(Sex::Male)), (Msg::Female, current.sex == Some(Sex::Female))],
                error: err("sex"),
                on_pick: move |i: usize| set(&|a| a.sex = Some([Sex::Male, Sex::Female][i])),
            }
            if !is_owner {
                Choice {
                    id: id("relation"),
                    label: Msg::Relation,
                    options: Relation::ALL.iter().map(|r| (relation_msg(*r), current.relation == Some(*r))).collect(),
                    error: err("relation"),
                    on_pick: move |i: usize| set(&|a| a.relation = Some(Relation::ALL[i])),
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
                on_pick: move |i: usize| set(&|a| a.application_type = Some(ApplicationType::ALL[i])),
            }
            if current.application_type == Some(ApplicationType::Renewal) {
                div { class: "notice info",
                    p { strong { {t(Msg::OldPassport)} } }
                    p { {t(Msg::OldPassportBody)} }
                }
                button { id: id("scan"), class: "secondary scan-button", r#type: "button",
                    onclick: move |_| { nav.push(Route::Scan { target: ScanTarget::Applicant(index) }); },
                    crate::views::scan::ScanIcon {}
                    {t(Msg::ScanButton)}
                }
                if current.old_passport_from_mrz {
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
                TextField { id: id("old_number"), label: Msg::PassportNumber, value: old_number, error: err("old_passport_number") }
                TextField { id: id("old_expiry"), label: Msg::PassportExpiry, value: old_expiry, error: err("old_passport_expiry"), kind: "date" }
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

/// A row of mutually exclusive buttons with a label and an error.
#[component]
pub fn Choice(
    #[props(into)] id: String,
    label: Msg,
    options: Vec<(Msg, bool)>,
    error: Option<Msg>,
    on_pick: EventHandler<usize>,
) -> Element {
    let t = use_t();
    rsx! {
        div { class: "field", id: "{id}",
            label { {t(label)} }
            div { class: "segmented wrap", role: "radiogroup",
                for (i, (m, on)) in options.into_iter().enumerate() {
                    button {
                        class: if on { "chosen" },
                        r#type: "button",
                        role: "radio",
                        "aria-checked": on,
                        "data-index": "{i}",
                        onclick: move |_| on_pick.call(i),
                        {t(m)}
                    }
                }
            }
            if let Some(m) = error {
                p { class: "field-error", role: "alert", {t(m)} }
            }
        }
    }
}
