use dioxus::prelude::*;
use paspor_domain::api::{FamilyLinkRequest, FamilyLinks};

use crate::components::{TextField, loaded};
use crate::route::Route;
use crate::state::account::{FamilyLinkForm, FamilyLinkFormStoreExt};
use crate::state::form::{Feedback, error_for};
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_api;
use crate::state::submit::use_submit;

/// What the owner does with a link.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Accept(i64),
    Remove(i64),
}

/// Family links (R-Q-9): whose NIK this account may put in a booking, and
/// who asks to put this account's NIK in theirs. A relative with their own
/// account consents here, in their own app; the reply to a request is the
/// same whether or not the NIK has an account, so nobody learns that here.
#[component]
pub fn Family() -> Element {
    let t = use_t();
    let api = use_api();
    let mut links = use_resource(move || async move { api().family_links().await });
    let mut form = use_store(FamilyLinkForm::default);
    let mut feedback = use_signal(Feedback::default);
    // Requests sent so far.
    let mut asked = use_signal(|| 0u32);
    let ask = use_submit(move |req: FamilyLinkRequest| async move {
        let sent = api().request_family_link(&req).await;
        if sent.is_ok() {
            form.set(FamilyLinkForm::default());
            feedback.set(Feedback::default());
            *asked.write() += 1;
            links.restart();
        }
        sent
    });
    let answer = use_submit(move |a: Answer| async move {
        let now: Result<FamilyLinks, _> = match a {
            Answer::Accept(id) => api().accept_family_link(id).await,
            Answer::Remove(id) => api().remove_family_link(id).await,
        };
        if now.is_ok() {
            links.restart();
        }
        now
    });

    let submit = move |ev: FormEvent| {
        ev.prevent_default();
        feedback.write().sent(&*form.read());
        if let Ok(req) = form.read().parse() {
            ask.call(req);
        }
    };
    let (refused, failure) = ask.explained(t);
    let errors = feedback.read().errors(
        &*form.read(),
        |f| f.parse().err().unwrap_or_default(),
        &refused,
    );
    let (_, answer_failure) = answer.explained(t);

    let list = loaded(links, t, move |links| {
        rsx! {
            section { class: "card", id: "family-incoming",
                h2 { {t(Msg::FamilyIncomingTitle)} }
                if links.incoming.is_empty() {
                    p { class: "muted", {t(Msg::FamilyIncomingNone)} }
                } else {
                    ul { class: "family-list",
                        for l in links.incoming {
                            li { key: "in-{l.id}", class: "family-item", "data-id": "{l.id}",
                                div {
                                    p { class: "choice-title", "{l.from_name}" }
                                    p { class: "choice-sub", "@{l.from_username} · ",
                                        {t(if l.accepted { Msg::FamilyAccepted } else { Msg::FamilyWaitsForYou })}
                                    }
                                }
                                div { class: "family-actions",
                                    if !l.accepted {
                                        button { id: "family-accept-{l.id}", class: "primary", r#type: "button",
                                            disabled: answer.busy(),
                                            onclick: move |_| answer.call(Answer::Accept(l.id)),
                                            {t(Msg::FamilyAccept)}
                                        }
                                    }
                                    button { id: "family-remove-{l.id}", class: "secondary", r#type: "button",
                                        disabled: answer.busy(),
                                        onclick: move |_| answer.call(Answer::Remove(l.id)),
                                        {t(if l.accepted { Msg::FamilyWithdraw } else { Msg::FamilyDecline })}
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section { class: "card", id: "family-outgoing",
                h2 { {t(Msg::FamilyOutgoingTitle)} }
                if links.outgoing.is_empty() {
                    p { class: "muted", {t(Msg::FamilyOutgoingNone)} }
                } else {
                    ul { class: "family-list",
                        for l in links.outgoing {
                            li { key: "out-{l.id}", class: "family-item", "data-id": "{l.id}",
                                div {
                                    p { class: "choice-title", "NIK {l.nik}" }
                                    p { class: "choice-sub",
                                        {t(if l.accepted { Msg::FamilyAccepted } else { Msg::FamilyPending })}
                                    }
                                }
                                div { class: "family-actions",
                                    button { id: "family-remove-{l.id}", class: "secondary", r#type: "button",
                                        disabled: answer.busy(),
                                        onclick: move |_| answer.call(Answer::Remove(l.id)),
                                        {t(Msg::FamilyRemove)}
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    });

    rsx! {
        p { class: "muted", {t(Msg::FamilyExplain)} }
        if let Some(m) = answer_failure {
            p { id: "family-answer-error", class: "notice error", role: "alert", "{m}" }
        }
        {list}
        form { class: "card", onsubmit: submit, novalidate: true, id: "family-form",
            h2 { {t(Msg::FamilyAskTitle)} }
            {
                // A new key, a new (empty) input after each request sent.
                let sent = asked();
                rsx! {
                    TextField { key: "{sent}", id: "family-nik", label: Msg::Nik, value: form.nik(), error: error_for(&errors, "nik"), inputmode: "numeric", hint: Msg::FamilyAskHint }
                }
            }
            if let Some(m) = failure {
                p { id: "family-error", class: "notice error", role: "alert", "{m}" }
            } else if ask.done().is_some() {
                p { id: "family-sent", class: "notice ok", role: "status", {t(Msg::FamilyAsked)} }
            }
            div { class: "bottom-actions",
                Link { class: "secondary button", to: Route::Profile {}, {t(Msg::Back)} }
                button { id: "family-ask", class: "primary", r#type: "submit", disabled: ask.busy(), {t(Msg::FamilyAskButton)} }
            }
        }
    }
}
