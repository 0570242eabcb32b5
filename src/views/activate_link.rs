use dioxus::prelude::*;
use paspor_domain::api::ActivateLinkRequest;

use crate::components::{AuthHeader, Loading};
use crate::route::Route;
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{explain, use_api};

/// Where `paspor://activate?token=…` from the activation e-mail lands
/// (R-REG-5): the token is sent once, on arrival, and the result shown.
/// The link is single use, so opening it again shows the server's refusal
/// with the way to the code instead.
#[component]
pub fn ActivateLink(token: String) -> Element {
    let t = use_t();
    let api = use_api();
    let result = use_resource(use_reactive!(|token| async move {
        api()
            .activate_link(&ActivateLinkRequest { token })
            .await
            .map_err(|e| {
                explain(&e, t)
                    .1
                    .unwrap_or_else(|| t(Msg::ErrCode).to_owned())
            })
    }));

    rsx! {
        main { class: "screen activate",
            AuthHeader { title: Msg::ActivateTitle, back: Route::Login {} }
            match &*result.read() {
                None => rsx! { Loading {} },
                Some(Ok(_)) => rsx! {
                    div { class: "card", id: "activated",
                        div { class: "big-check", "aria-hidden": "true", "✓" }
                        h2 { {t(Msg::Activated)} }
                        p { {t(Msg::ActivatedBody)} }
                        Link { class: "primary button", to: Route::Login {}, {t(Msg::LoginButton)} }
                    }
                },
                Some(Err(message)) => rsx! {
                    div { class: "card", id: "activation-failed",
                        p { class: "notice error", role: "alert", "{message}" }
                        Link { class: "secondary button", to: Route::Activate { email: String::new() }, {t(Msg::ActivateByCode)} }
                    }
                },
            }
        }
    }
}
