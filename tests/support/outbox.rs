//! The e-mails the embedded backend's development mail writes as files, read
//! as a tester would. Shared by the WebKitGTK harness (`support`) and the
//! Chromium rig.

use std::path::Path;
use std::time::{Duration, Instant};

/// The newest mail in `dir` (quoted-printable undone) for which `wanted`
/// holds, waiting up to 20 s: the outbox sends a moment after the reply.
/// `what` names the mail when there is none.
pub fn wait_for_mail(dir: &Path, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        let found = files.iter().rev().find_map(|f| {
            let raw = std::fs::read_to_string(f).ok()?;
            let text = raw
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=");
            wanted(&text).then_some(text)
        });
        if let Some(mail) = found {
            return mail;
        }
        assert!(Instant::now() < deadline, "no mail {what} in {dir:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
