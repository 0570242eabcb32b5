//! Paspor: the citizens' app of the online passport service.
//!
//! One Dioxus codebase: the desktop build (used for development and the
//! end-to-end tests) and the Android/iOS builds (`mobile` feature).

mod components;
mod platform;
mod route;
mod state;
mod views;

use dioxus::prelude::*;

use route::Route;

/// Compiled in rather than served through `asset!`, so a plain `cargo run`
/// and the mobile bundles style the app the same way, with no asset step.
const MAIN_CSS: &str = include_str!("../assets/main.css");

fn main() {
    #[cfg(feature = "desktop")]
    {
        use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
        // A phone-sized window, so what developers and the UI tests see is
        // what a phone shows.
        let window = WindowBuilder::new()
            .with_title("Paspor")
            .with_inner_size(LogicalSize::new(412.0, 860.0));
        dioxus::LaunchBuilder::desktop()
            .with_cfg(Config::new().with_window(window).with_menu(None))
            .launch(App);
    }
    #[cfg(not(feature = "desktop"))]
    dioxus::launch(App);
}

#[component]
fn App() -> Element {
    state::i18n::provide_language();
    #[cfg(all(feature = "desktop", debug_assertions))]
    platform::e2e_probe::use_e2e_probe();
    rsx! {
        document::Style { {MAIN_CSS} }
        Router::<Route> {}
    }
}
