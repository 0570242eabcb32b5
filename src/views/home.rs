use dioxus::prelude::*;

use crate::components::{Avatar, Icon};
use crate::route::Route;
use crate::state::i18n::{Msg, use_t};
use crate::state::session::use_session;

/// The main menu (SPEC §5): who is signed in, and shortcuts.
#[component]
pub fn Home() -> Element {
    let t = use_t();
    let ctx = use_session();
    let Some(me) = ctx.me() else { return rsx! {} };
    rsx! {
        section { class: "hero",
            Avatar { has_photo: me.has_photo, name: me.full_name.to_string(), large: true }
            div {
                p { class: "muted", {t(Msg::Welcome)} }
                h2 { id: "home-name", "{me.full_name}" }
            }
        }
        div { class: "tiles",
            for (id, icon, title, body, target) in [
                ("tile-queue", "calendar", Msg::MenuQueue, Msg::TileQueue, Route::Booking {}),
                ("tile-schedules", "document", Msg::MenuSchedules, Msg::TileSchedules, Route::Schedules {}),
                ("tile-lapor", "globe", Msg::MenuLaporDiri, Msg::TileLaporDiri, Route::LaporDiri {}),
                ("tile-info", "info", Msg::MenuInformation, Msg::TileInformation, Route::Information {}),
                ("tile-guide", "help", Msg::MenuGuide, Msg::TileGuide, Route::Guide {}),
            ] {
                Link { id, class: "tile", to: target,
                    span { class: "tile-icon", "aria-hidden": "true", Icon { name: icon } }
                    span { class: "tile-title", {t(title)} }
                    span { class: "tile-body", {t(body)} }
                }
            }
        }
    }
}
