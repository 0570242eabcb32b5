//! The same app served to a browser over dioxus-liveview: the Chromium phone
//! rig (`tests/chromium.rs`). The app's own components, routes, state and
//! camera code run here natively, as on a phone; the browser only renders
//! and sends events back over a websocket, where a phone's WebView talks to
//! the app through wry. What differs from a phone is listed in the README
//! ("The app in Chromium").

use std::net::SocketAddr;

use axum::extract::WebSocketUpgrade;
use axum::response::Html;
use axum::routing::get;
use dioxus::prelude::*;
use dioxus_liveview::{LiveViewPool, axum_socket, interpreter_glue};

use crate::state::session::Backend;

/// Serves `app` at every path (the router in the page decides the screen)
/// and prints the address it listens on, for the test to read.
pub fn serve(addr: SocketAddr, backend: Backend, app: fn() -> Element) -> ! {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&e));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .unwrap_or_else(|e| fail(&e));
        let bound = listener.local_addr().unwrap_or_else(|e| fail(&e));
        println!("paspor: liveview at http://{bound}");
        let page = Html(crate::INDEX_HTML.replace(
            "<!-- MODULE LOADER -->",
            &format!("{SYNC_DEFAULTS}{}", interpreter_glue("/ws")),
        ));
        let pool = LiveViewPool::new();
        let router = axum::Router::new()
            .route(
                "/ws",
                get(move |ws: WebSocketUpgrade| async move {
                    ws.on_upgrade(move |socket| async move {
                        let backend = backend.clone();
                        let _ = pool
                            .launch_virtualdom(axum_socket(socket), move || {
                                VirtualDom::new(app).with_root_context(backend)
                            })
                            .await;
                    })
                }),
            )
            .fallback(get(move || async move { page }));
        axum::serve(listener, router)
            .await
            .unwrap_or_else(|e| fail(&e));
    });
    std::process::exit(0)
}

/// Liveview sends events to the app asynchronously, so a handler's
/// `prevent_default` (a form's submit, a router link's click) comes too late
/// for the browser, which would submit the form or follow the link itself
/// and reload the page. On the phones and the desktop the webview asks the
/// app synchronously. The app never wants either default, so here the page
/// prevents them up front.
const SYNC_DEFAULTS: &str = r#"<script>
document.addEventListener('submit', e => e.preventDefault(), true);
document.addEventListener('click', e => {
  const a = e.target instanceof Element && e.target.closest('a[href]');
  if (a && new URL(a.href, location.href).origin === location.origin) e.preventDefault();
}, true);
</script>"#;

fn fail(e: &dyn std::fmt::Display) -> ! {
    eprintln!("paspor: liveview: {e}");
    std::process::exit(2)
}
