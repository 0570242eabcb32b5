//! End-to-end tests of the real desktop app in a real webview (Xvfb in CI).

mod support;

use std::time::Duration;

use support::{App, display_or_skip};

const T: Duration = Duration::from_secs(20);

#[test]
fn login_screen_checks_each_field_and_switches_language() {
    if !display_or_skip("login_screen") {
        return;
    }
    let mut app = App::launch("login", &[]);
    app.wait_text("h1", "Layanan Paspor Online", T);
    app.screenshot("login");

    app.click("#login-submit");
    let errors = app.wait_text(".card", "Wajib diisi", T);
    assert_eq!(errors.matches("Wajib diisi").count(), 2, "{errors}");
    app.screenshot("login-empty");

    app.fill("#login-id", "budi@");
    app.fill("#password", "rahasia123");
    app.click("#login-submit");
    app.wait_text(".card", "Masukkan username atau e-mail yang valid", T);
    assert!(!app.text(".card").contains("Wajib diisi"));

    app.click(".lang-switch");
    app.wait_text("h1", "Online Passport Service", T);
    app.wait_text(".card", "Enter a valid username or e-mail", T);
    app.screenshot("login-english");
}
