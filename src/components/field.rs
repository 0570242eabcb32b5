use dioxus::prelude::*;

use crate::state::i18n::{Msg, use_t};

/// A labelled text input with its error underneath (R-REG-1: errors per field).
///
/// `value` is the form's field: a field of the form's store, or a signal.
/// The input is uncontrolled: the value follows the DOM, never the other way
/// round while it is mounted. With `value:` bound, Dioxus 0.7 re-applies the
/// signal's previous value between fast keystrokes and drops characters (the
/// UI test types at keyboard speed and caught it). To replace the text from
/// code, change the field's `key` so it mounts afresh with the new value.
#[component]
pub fn TextField(
    #[props(into)] id: String,
    label: Msg,
    value: WriteSignal<String>,
    #[props(default)] error: Option<Msg>,
    #[props(default = "text")] kind: &'static str,
    #[props(default)] autocomplete: Option<&'static str>,
    #[props(default)] hint: Option<Msg>,
    #[props(default)] inputmode: Option<&'static str>,
    #[props(default)] placeholder: Option<Msg>,
    /// Shown next to the input, e.g. a show-password toggle.
    #[props(default)]
    action: Option<Element>,
) -> Element {
    let t = use_t();
    let mut value = value;
    let error_id = format!("{id}-error");
    let input = rsx! {
        input {
            id: "{id}",
            name: "{id}",
            r#type: kind,
            autocomplete,
            inputmode,
            placeholder: placeholder.map(t),
            "aria-invalid": error.is_some(),
            "aria-describedby": if error.is_some() { "{error_id}" },
            initial_value: value.peek().clone(),
            oninput: move |e| value.set(e.value()),
        }
    };
    rsx! {
        div { class: "field",
            label { r#for: "{id}", {t(label)} }
            if let Some(action) = action {
                div { class: "input-with-action", {input} {action} }
            } else {
                {input}
            }
            if let Some(h) = hint {
                p { class: "field-hint", {t(h)} }
            }
            if let Some(m) = error {
                p { id: "{error_id}", class: "field-error", role: "alert", {t(m)} }
            }
        }
    }
}

/// A date, typed day first (DD/MM/YYYY) in every language and whatever the
/// webview's locale, which a native date picker would follow (an en-US
/// webview shows 05/15/1990). The form parses it (`state::form`).
#[component]
pub fn DateField(
    #[props(into)] id: String,
    label: Msg,
    value: WriteSignal<String>,
    #[props(default)] error: Option<Msg>,
) -> Element {
    rsx! {
        TextField { id, label, value, error, inputmode: "numeric", placeholder: Msg::DatePlaceholder, autocomplete: "off" }
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
            div { class: "segmented", role: "radiogroup",
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
