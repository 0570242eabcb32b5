//! Around every screen: what the system asks of the app from outside its
//! screens (platform/links.rs) is answered here, inside the router — a deep
//! link opens its screen, Android's back button goes back a step or a
//! screen.

use dioxus::prelude::*;

use crate::platform::links::{self, BackAction, Command, DeepLink, back_action};
use crate::route::Route;
use crate::state::wizard::{Step, use_booking_draft};

#[component]
pub fn Shell() -> Element {
    let route = use_route::<Route>();
    let mut draft = use_booking_draft();
    let in_wizard = move |route: &Route| {
        matches!(route, Route::Booking {}) && draft.read().step != Step::Office
    };
    // Android asks on its UI thread and needs the answer at once: keep it
    // current on every route and wizard-step change.
    links::set_back_handled(
        back_action(in_wizard(&route), navigator().can_go_back()) != BackAction::Leave,
    );

    use_future(move || async move {
        loop {
            let nav = navigator();
            match links::next().await {
                Command::Open(DeepLink::Activate { token }) => {
                    nav.push(Route::ActivateLink { token });
                }
                Command::Back => {
                    let now = router().current::<Route>();
                    match back_action(in_wizard(&now), nav.can_go_back()) {
                        BackAction::WizardStep => draft.write().back(),
                        BackAction::History => nav.go_back(),
                        BackAction::Leave => {}
                    }
                }
            }
        }
    });

    rsx! { Outlet::<Route> {} }
}
