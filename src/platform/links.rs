//! What the system asks of the app from outside its screens: open a deep
//! link (`paspor://activate?token=…` from the activation e-mail), or go back
//! a screen (Android's back button).
//!
//! They arrive on whatever thread the platform uses — Android's UI thread
//! through JNI, the event loop for iOS' and macOS' "open URL", the command
//! line on Linux and Windows — often before any screen exists (a link that
//! cold-starts the app), so they wait in one queue that the app's shell
//! (`components::shell`) drains inside the router.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The URL scheme the app registers (`android/AndroidManifest.xml`,
/// `ios/Info.plist`).
pub const SCHEME: &str = "paspor";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeepLink {
    /// The activation link of R-REG-5, carrying the single-use token.
    Activate { token: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Open(DeepLink),
    #[cfg_attr(not(target_os = "android"), allow(dead_code))]
    Back,
}

/// Reads a link the system handed over. Anything else (another scheme or
/// action, a token that cannot be one) is refused here, so a hostile web page
/// or app opening `paspor://…` can only ever lead to the activation screen
/// with a well-formed token, which the server then checks.
pub fn parse(url: &str) -> Option<DeepLink> {
    let url = url::Url::parse(url.trim()).ok()?;
    if !url.scheme().eq_ignore_ascii_case(SCHEME) {
        return None;
    }
    // `paspor://activate?…` names the action as the host; `paspor:activate`
    // and `paspor:///activate` as the path.
    let action = url
        .host_str()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| url.path().trim_matches('/'));
    if !action.eq_ignore_ascii_case("activate") {
        return None;
    }
    let mut tokens = url.query_pairs().filter(|(k, _)| k == "token");
    let token = tokens.next()?.1.into_owned();
    let well_formed = (16..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (well_formed && tokens.next().is_none()).then_some(DeepLink::Activate { token })
}

static INBOX: Mutex<VecDeque<Command>> = Mutex::new(VecDeque::new());
static WAKE: tokio::sync::Notify = tokio::sync::Notify::const_new();
/// Whether the screen showing now can go back (set by the shell on every
/// route or wizard-step change): the back button's answer must be given at
/// once on Android's UI thread, without waiting for the app.
static BACK_HANDLED: AtomicBool = AtomicBool::new(false);

fn push(c: Command) {
    INBOX.lock().unwrap_or_else(|p| p.into_inner()).push_back(c);
    // A permit is stored when nobody waits yet, so a link that arrives
    // before the shell exists is not lost.
    WAKE.notify_one();
}

pub fn deliver_url(url: &str) {
    match parse(url) {
        Some(link) => push(Command::Open(link)),
        None => eprintln!("paspor: ignored a link the app does not handle"),
    }
}

/// Android's back button: true when the app takes it.
#[cfg_attr(not(target_os = "android"), allow(dead_code))]
pub fn back_pressed() -> bool {
    let handled = BACK_HANDLED.load(Ordering::SeqCst);
    if handled {
        push(Command::Back);
    }
    handled
}

pub fn set_back_handled(handled: bool) {
    BACK_HANDLED.store(handled, Ordering::SeqCst);
}

pub async fn next() -> Command {
    loop {
        if let Some(c) = INBOX.lock().unwrap_or_else(|p| p.into_inner()).pop_front() {
            return c;
        }
        WAKE.notified().await;
    }
}

/// What Back means on the screen showing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackAction {
    /// The booking wizard's previous step (they share one route).
    WizardStep,
    /// The previous screen.
    History,
    /// A root screen (login, home): Android closes the app, as users expect.
    Leave,
}

pub fn back_action(in_wizard_past_first_step: bool, can_go_back: bool) -> BackAction {
    if in_wizard_past_first_step {
        BackAction::WizardStep
    } else if can_go_back {
        BackAction::History
    } else {
        BackAction::Leave
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "q9Xw3Zr1Kc0yPbLmN5vTuE8sA2dGhJ4fR7iOe6WkYlB";

    #[test]
    fn the_activation_link_carries_its_token() {
        let want = Some(DeepLink::Activate {
            token: TOKEN.into(),
        });
        for url in [
            format!("paspor://activate?token={TOKEN}"),
            format!("PASPOR://Activate/?token={TOKEN}"),
            format!("paspor:activate?token={TOKEN}"),
            format!("paspor:///activate?token={TOKEN}&utm=mail"),
            format!(" paspor://activate?token={TOKEN}\n"),
        ] {
            assert_eq!(parse(&url), want, "{url}");
        }
    }

    #[test]
    fn other_links_and_odd_tokens_are_refused() {
        for url in [
            format!("https://activate?token={TOKEN}"),
            format!("paspor://reset-password?token={TOKEN}"),
            format!("paspor://activate?code={TOKEN}"),
            format!("paspor://activate?token={TOKEN}&token={TOKEN}"),
            "paspor://activate?token=short".into(),
            "paspor://activate?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E-long-enough".into(),
            format!("paspor://activate?token={}", "a".repeat(129)),
            "paspor://activate".into(),
            "not a url".into(),
            String::new(),
        ] {
            assert_eq!(parse(&url), None, "{url}");
        }
    }

    #[test]
    fn back_goes_to_the_previous_step_then_screen_then_leaves() {
        assert_eq!(back_action(true, true), BackAction::WizardStep);
        assert_eq!(back_action(true, false), BackAction::WizardStep);
        assert_eq!(back_action(false, true), BackAction::History);
        assert_eq!(back_action(false, false), BackAction::Leave);
    }

    #[tokio::test]
    async fn commands_wait_for_the_app_in_order_and_back_is_only_taken_when_handled() {
        // One test owns the process-wide queue, so no other test races it.
        set_back_handled(false);
        assert!(!back_pressed(), "a root screen lets Android close the app");
        deliver_url(&format!("paspor://activate?token={TOKEN}"));
        deliver_url("paspor://unknown");
        set_back_handled(true);
        assert!(back_pressed());
        assert_eq!(
            next().await,
            Command::Open(DeepLink::Activate {
                token: TOKEN.into()
            })
        );
        assert_eq!(next().await, Command::Back);
        // Nothing else was queued: the unknown link was dropped.
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(50), next()).await;
        assert!(waiting.is_err());
        set_back_handled(false);
    }
}
