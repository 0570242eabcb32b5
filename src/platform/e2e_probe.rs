//! A read-only window into the webview's DOM for the end-to-end tests.
//!
//! WebKitGTK's WebDriver cannot attach to a Dioxus 0.7 window: Dioxus builds
//! its `WebContext` without allowing automation, and a WebKit view's
//! `is-controlled-by-automation` can only be set when it is created. So the
//! UI tests act like a person instead, with real X11 mouse and keyboard
//! events (xdotool) on the real window, and use this probe only to *look*:
//! where an element is, what text the screen shows. It runs JavaScript the
//! test sends, so it exists only in debug desktop builds and only when the
//! test sets `PASPOR_E2E_PROBE` to the loopback address it listens on.

use dioxus::prelude::*;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

pub fn use_e2e_probe() {
    use_hook(|| {
        let Ok(addr) = std::env::var("PASPOR_E2E_PROBE") else {
            return;
        };
        spawn(async move {
            if let Err(e) = serve(&addr).await {
                eprintln!("e2e probe stopped: {e}");
            }
        });
    });
}

/// One line of JavaScript in (a function body that `return`s), one line of
/// JSON out: `{"ok": value}` or `{"err": "message"}`.
async fn serve(addr: &str) -> std::io::Result<()> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    while let Some(js) = lines.next_line().await? {
        let reply = match document::eval(&js).await {
            Ok(v) => serde_json::json!({ "ok": v }),
            Err(e) => serde_json::json!({ "err": e.to_string() }),
        };
        write.write_all(format!("{reply}\n").as_bytes()).await?;
    }
    Ok(())
}
