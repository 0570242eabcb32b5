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

/// The webview side of the probe: one `document::eval` that lives as long
/// as the app, receiving each request's function body over the eval's
/// channel and sending back `{"ok": value}` or `{"err": "message"}`.
///
/// Why not a fresh `document::eval(js).await` per request: in Dioxus 0.7.10
/// desktop the `Eval` handle is a generational box whose owner sits in the
/// query's slot, and that slot is removed when the page's
/// `FinalizationRegistry` reports the script's channel object collected (a
/// "drop" IPC message). When the script has returned, its "return" message
/// and a quick garbage collection's "drop" can both be handled before the
/// awaiting task is polled again; the box is then gone and the await yields
/// `EvalError::Finished - eval has already ran` even though the result had
/// arrived. Here the channel object stays referenced (`window.__msg_queues`)
/// because the script never returns, so its slot is never dropped.
const PROBE_LOOP: &str = r#"
const AsyncFunction = async function () {}.constructor;
for (;;) {
    const body = await dioxus.recv();
    let reply;
    try {
        const value = await new AsyncFunction(body)();
        reply = { ok: value === undefined ? null : value };
    } catch (e) {
        reply = { err: String(e) };
    }
    try {
        dioxus.send(reply);
    } catch (e) {
        dioxus.send({ err: "the result is not JSON: " + String(e) });
    }
}
"#;

/// One line of JavaScript in (a function body that `return`s), one line of
/// JSON out: `{"ok": value}` or `{"err": "message"}`. Requests are answered
/// one at a time, in order, so each reply on the channel is the answer to
/// the request just sent.
async fn serve(addr: &str) -> std::io::Result<()> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    // Started with the first request, when the page is surely up.
    let mut channel: Option<document::Eval> = None;
    while let Some(js) = lines.next_line().await? {
        let eval = channel.get_or_insert_with(|| document::eval(PROBE_LOOP));
        let reply = match eval.send(&js) {
            Ok(()) => eval.recv::<serde_json::Value>().await,
            Err(e) => Err(e),
        };
        let (reply, broken) = match reply {
            Ok(v) => (v, false),
            Err(e) => (
                serde_json::json!({ "err": format!("probe channel: {e}") }),
                true,
            ),
        };
        write.write_all(format!("{reply}\n").as_bytes()).await?;
        if broken {
            // The test sees the error; a channel that failed once would
            // only answer out of step from now on.
            return Err(std::io::Error::other("the probe's eval channel broke"));
        }
    }
    Ok(())
}
