//! Paspor: the citizens' app of the online passport service.
//!
//! One Dioxus codebase: the desktop build (used for development and the
//! end-to-end tests) and the Android/iOS builds (`mobile` feature).

mod components;
mod platform;
mod route;
mod state;
mod views;

#[cfg(feature = "desktop")]
use dioxus::desktop as shell;
#[cfg(not(feature = "desktop"))]
use dioxus::mobile as shell;
use dioxus::prelude::*;
use paspor_client::{Client, ClientConfig};

use platform::secrets::SecretStore;
use route::Route;
use state::session::Backend;

// A phone release is for users: it talks to the backend it was built for,
// over the public roots. The development backend and a pinned development
// certificate get into one only when a tester build asks for them
// (scripts/phone-bundle, README "Phones").
#[cfg(all(
    feature = "embedded-backend",
    any(target_os = "android", target_os = "ios"),
    not(debug_assertions)
))]
compile_error!(
    "phone release builds leave the embedded backend out: --no-default-features --features mobile"
);
#[cfg(all(any(target_os = "android", target_os = "ios"), not(debug_assertions)))]
const _: () = assert!(
    (option_env!("PASPOR_API_CERT_PEM").is_none() && option_env!("PASPOR_CAMERA").is_none())
        || option_env!("PASPOR_TESTER_BUILD").is_some(),
    "a pinned certificate or a replayed camera in a phone release is for tester builds only (PASPOR_TESTER_BUILD=1)"
);

/// Compiled in rather than served through `asset!`, so a plain `cargo run`
/// and the mobile bundles style the app the same way, with no asset step.
const MAIN_CSS: &str = include_str!("../assets/main.css");
/// The page the app renders into, the same on every platform.
const INDEX_HTML: &str = include_str!("../assets/index.html");

fn main() {
    let backend = match backend() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("paspor: {e}");
            std::process::exit(2);
        }
    };
    // Linux and Windows start the app with an opened link as its argument.
    for url in std::env::args().skip(1) {
        if url.starts_with(platform::links::SCHEME) {
            platform::links::deliver_url(&url);
        }
    }
    // The same app in a browser instead of a window: the Chromium phone rig
    // (tests/chromium.rs, README "The app in Chromium"). Loopback only: the
    // page is the signed-in app, for whoever can reach it; never in a
    // release build.
    #[cfg(all(feature = "liveview", debug_assertions))]
    if let Ok(addr) = std::env::var("PASPOR_LIVEVIEW") {
        let addr: std::net::SocketAddr = addr
            .parse()
            .ok()
            .filter(|a: &std::net::SocketAddr| a.ip().is_loopback())
            .unwrap_or_else(|| {
                eprintln!("paspor: PASPOR_LIVEVIEW={addr} is not a loopback address and port");
                std::process::exit(2)
            });
        platform::liveview::serve(addr, backend, App);
    }
    dioxus::LaunchBuilder::new()
        .with_context(backend)
        .with_cfg(config())
        .launch(App);
}

fn config() -> shell::Config {
    let config = shell::Config::new()
        .with_custom_index(INDEX_HTML.to_owned())
        .with_custom_event_handler(|event, _| {
            // iOS and macOS hand a link that opens the app to the event loop,
            // at a cold start before any screen exists.
            if let shell::tao::event::Event::Opened { urls } = event {
                for url in urls {
                    platform::links::deliver_url(url.as_str());
                }
            }
        });
    #[cfg(feature = "desktop")]
    let config = {
        use dioxus::desktop::{LogicalSize, WindowBuilder};
        // A phone-sized window, so what developers and the UI tests see is
        // what a phone shows.
        let window = WindowBuilder::new()
            .with_title("Paspor")
            .with_inner_size(LogicalSize::new(412.0, 860.0));
        config.with_window(window).with_menu(None)
    };
    config
}

/// Which backend to talk to: `PASPOR_API_URL` (with `PASPOR_API_CERT`, a
/// PEM file, to trust a self-signed server such as a local one), else the
/// embedded backend when built in. Phones have no environment to read, so a
/// mobile build takes both from the build's environment instead
/// (`PASPOR_API_URL=https://10.0.2.2:8443 PASPOR_API_CERT_PEM="$(cat cert.pem)" dx bundle …`).
fn backend() -> Result<Backend, String> {
    let device = platform::files::device_id();
    let url = std::env::var("PASPOR_API_URL")
        .ok()
        .or(option_env!("PASPOR_API_URL").map(String::from));
    let mut config = match url.ok_or(()) {
        Ok(url) => ClientConfig::new(url, device),
        #[cfg(feature = "embedded-backend")]
        Err(_) => {
            let e = platform::embedded::start(&platform::files::data_dir())?;
            let mut c = ClientConfig::new(e.base_url, device);
            c.pinned_certificate = Some(e.cert_pem);
            c
        }
        #[cfg(not(feature = "embedded-backend"))]
        Err(_) => ClientConfig::new("https://127.0.0.1:8443", device),
    };
    if let Ok(path) = std::env::var("PASPOR_API_CERT") {
        config.pinned_certificate =
            Some(std::fs::read(&path).map_err(|e| format!("PASPOR_API_CERT {path}: {e}"))?);
    } else if let Some(pem) = option_env!("PASPOR_API_CERT_PEM") {
        config.pinned_certificate = Some(pem.as_bytes().to_vec());
    }
    let client = Client::new(config).map_err(|e| e.to_string())?;
    Ok(Backend {
        client,
        secrets: SecretStore::detect(),
    })
}

#[component]
fn App() -> Element {
    state::i18n::provide_language();
    let session = state::session::provide_session(use_context::<Backend>());
    state::wizard::provide_booking_draft(session);
    state::scan::provide_scans();
    #[cfg(all(feature = "desktop", debug_assertions))]
    platform::e2e_probe::use_e2e_probe();
    rsx! {
        document::Style { {MAIN_CSS} }
        Router::<Route> {}
    }
}
