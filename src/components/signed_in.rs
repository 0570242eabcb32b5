use dioxus::prelude::*;

use crate::components::{Avatar, LangSwitch};
use crate::route::Route;
use crate::state::i18n::{Msg, use_t};
use crate::state::session::{Session, use_session};

/// The frame of every signed-in screen: a top bar with the menu button and
/// the side menu of SPEC §6. Signed-out visitors are sent to the login.
#[component]
pub fn SignedIn() -> Element {
    let t = use_t();
    let ctx = use_session();
    let nav = use_navigator();
    let route = use_route::<Route>();
    let mut open = use_signal(|| false);

    let session = ctx.session.read().clone();
    let me = match session {
        Session::SignedIn { me } => me,
        Session::Restoring => {
            return rsx! { div { class: "screen center", div { class: "spinner big" } } };
        }
        Session::SignedOut => {
            nav.replace(Route::Login {});
            return rsx! {};
        }
    };
    let title = t(title_of(&route));
    let mut go = move |r: Route| {
        open.set(false);
        nav.push(r);
    };

    rsx! {
        div { class: "screen app",
            header { class: "topbar",
                button {
                    id: "menu-button",
                    class: "icon-button light",
                    r#type: "button",
                    "aria-label": t(Msg::Menu),
                    "aria-expanded": open(),
                    onclick: move |_| open.toggle(),
                    "☰"
                }
                h1 { id: "screen-title", "{title}" }
                LangSwitch { inline: true }
            }
            main { class: "content", Outlet::<Route> {} }
            if open() {
                div { class: "scrim", onclick: move |_| open.set(false) }
            }
            // Closed, the menu is out of sight and out of reach: not read
            // out and not in the tab order (inert).
            nav { class: if open() { "drawer open" } else { "drawer" }, "aria-hidden": !open(), inert: (!open()).then_some("true"),
                div { class: "drawer-head",
                    Avatar { has_photo: me.has_photo, name: me.full_name.to_string() }
                    div {
                        p { class: "drawer-name", "{me.full_name}" }
                        p { class: "drawer-sub", "{me.email}" }
                    }
                }
                ul {
                    for (id, msg, target) in [
                        ("menu-home", Msg::MenuHome, Route::Home {}),
                        ("menu-account", Msg::MenuAccount, Route::Profile {}),
                        ("menu-queue", Msg::MenuQueue, Route::Booking {}),
                        ("menu-schedules", Msg::MenuSchedules, Route::Schedules {}),
                        ("menu-lapor", Msg::MenuLaporDiri, Route::LaporDiri {}),
                        ("menu-info", Msg::MenuInformation, Route::Information {}),
                        ("menu-guide", Msg::MenuGuide, Route::Guide {}),
                    ] {
                        li {
                            button {
                                id,
                                class: if route == target { "drawer-item active" } else { "drawer-item" },
                                r#type: "button",
                                onclick: move |_| go(target.clone()),
                                {t(msg)}
                            }
                        }
                    }
                    li {
                        button {
                            id: "menu-logout",
                            class: "drawer-item logout",
                            r#type: "button",
                            onclick: move |_| async move {
                                open.set(false);
                                ctx.sign_out().await;
                                nav.replace(Route::Login {});
                            },
                            {t(Msg::Logout)}
                        }
                    }
                }
            }
        }
    }
}

fn title_of(route: &Route) -> Msg {
    match route {
        Route::Home {} => Msg::MenuHome,
        Route::Booking {} => Msg::MenuQueue,
        Route::Schedules {} | Route::ScheduleDetail { .. } => Msg::MenuSchedules,
        Route::Profile {} | Route::EditProfile {} | Route::ChangePassword {} => Msg::MenuAccount,
        Route::Family {} => Msg::FamilyTitle,
        Route::Information {} => Msg::MenuInformation,
        Route::Guide {} => Msg::MenuGuide,
        Route::LaporDiri {} => Msg::MenuLaporDiri,
        // Full screen with its own bar today; named here too so the title
        // stays right if the scan ever moves into this frame.
        Route::Scan { .. } => Msg::ScanTitle,
        _ => Msg::AppTitle,
    }
}
