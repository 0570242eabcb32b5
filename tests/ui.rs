//! End-to-end tests of the real desktop app in a real webview (Xvfb in CI).

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

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

/// The product's main path through the real window, a screenshot per screen:
/// register → activate with the e-mailed code → log in → book → cancel.
#[test]
fn register_activate_login_book_and_cancel() {
    if !display_or_skip("main_path") {
        return;
    }
    let long = Duration::from_secs(30);
    let mut app = App::launch("main-path", &[("PASPOR_SECRET_STORE", "file")]);
    app.wait_text("h1", "Layanan Paspor Online", long);
    app.click("#register-link");
    app.wait_for("#full_name", T);
    app.screenshot("register");
    app.click("#register-submit");
    app.wait_text(".card", "Wajib diisi", T);
    app.screenshot("register-errors");
    for (id, value) in [
        ("#full_name", "Budi Santoso"),
        ("#nik", "3174011505900001"),
        ("#kk", "3174010101090001"),
        ("#birth_place", "Jakarta"),
        ("#email", "budi@example.com"),
        ("#username", "budi90"),
        ("#phone", "081234567890"),
        ("#password", "rahasia123"),
        ("#password_confirm", "rahasia123"),
    ] {
        app.fill(id, value);
    }
    app.set_date("#birth_date", "1990-05-15");
    app.click("label[for=sex-male]");
    app.screenshot("register-filled");
    app.click("#register-submit");

    app.wait_text(".card", "Periksa e-mail Anda", long);
    app.screenshot("activate");
    let mail = app.latest_mail();
    let at = mail.find("Anda: ").expect("the code in the e-mail") + 6;
    let code = &mail[at..at + 6];
    app.fill("#code", code);
    app.click("#activate-submit");
    app.wait_text("#activated", "Akun aktif", long);
    app.screenshot("activated");
    app.click("#activated a");

    app.wait_for("#login-id", T);
    app.fill("#login-id", "budi90");
    app.fill("#password", "rahasia123");
    app.click("#login-submit");
    app.wait_text("#home-name", "Budi Santoso", long);
    app.screenshot("home");
    app.click("#menu-button");
    app.wait_for(".drawer.open", T);
    app.screenshot("side-menu");
    app.click("#menu-queue");

    app.wait_for("#office-list button:not([disabled])", long);
    app.screenshot("booking-office");
    app.click("#office-list button:not([disabled])");
    app.click("#wizard-next");
    app.wait_for(".calendar-grid", long);
    // A green day at least four days ahead, so it can still be cancelled
    // (R-S-1) in any office's zone; page to the next month if needed.
    let earliest = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .saturating_add(jiff::Span::new().days(4));
    let day = loop {
        app.wait_for(".calendar-grid", long);
        let dates = app.eval("return [...document.querySelectorAll('button.day[data-status=available]')].map(b => b.dataset.date);");
        let found = dates
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d.as_str()?.parse::<jiff::civil::Date>().ok())
            .find(|d| *d >= earliest);
        match found {
            Some(d) => break d,
            None => app.click(".calendar-head button:last-child"),
        }
    };
    app.click(&format!("button.day[data-date='{day}']"));
    app.wait_for("#slot-list button:not([disabled])", long);
    app.click("#slot-list button:not([disabled])");
    app.screenshot("booking-calendar");
    app.click("#wizard-next");
    app.wait_for("#a0-save", long);
    app.click("#a0-type button[data-index='0']");
    app.screenshot("booking-applicant");
    app.click("#a0-save");
    app.wait_text("#applicant-0", "Tersimpan", T);
    app.click("#wizard-next");
    app.wait_for("#review", T);
    app.screenshot("booking-review");
    app.click("#booking-submit");

    let code = app.wait_text("#booking-code", "-", long);
    assert_eq!(code.trim().len(), 9, "{code}");
    app.screenshot("booking-detail");
    save_proof_twice(&mut app, code.trim());
    app.click("#cancel-booking");
    app.wait_for("#cancel-confirm", T);
    app.click("#cancel-yes");
    app.wait_text("#booking-detail", "Dibatalkan", long);
    assert!(
        !app.exists("#cancel-booking"),
        "no cancel button on a cancelled booking"
    );
    app.screenshot("booking-cancelled");

    app.click("#menu-button");
    app.click("#menu-schedules");
    app.wait_text("#booking-list", code.trim(), long);
    app.screenshot("schedules");

    app.click("#menu-button");
    app.click("#menu-account");
    app.wait_text("#profile-name", "Budi Santoso", long);
    app.screenshot("profile");
    app.click("#edit-profile");
    app.wait_for("#nik-readonly", T);
    app.fill("#birth_place", "Bogor");
    app.screenshot("profile-edit");
    app.click("#save-profile");
    app.wait_text("#profile", "Bogor", long);
    app.click("#change-password");
    app.wait_for("#current_password", T);
    app.fill("#current_password", "rahasia123");
    app.fill("#new_password", "rahasia456");
    app.fill("#password_confirm", "rahasia456");
    app.click("#save-password");
    app.wait_text("#password-message", "berhasil", long);
    app.screenshot("password-changed");

    app.click("#menu-button");
    app.click("#menu-info");
    app.wait_text("#content-information", "Persyaratan", long);
    app.click("#section-biaya button");
    app.wait_text("#content-information", "Rp950.000", T);
    app.screenshot("information");
    app.click("#menu-button");
    app.click("#menu-guide");
    app.wait_for("#content-guide", long);
    app.screenshot("guide");

    app.click("#menu-button");
    app.click("#menu-lapor");
    app.wait_for("#lapor-form", long);
    app.click("#lapor-submit");
    app.wait_text("#lapor-form", "Wajib diisi", T);
    for (id, value) in [
        ("#number", "X1234567"),
        ("#country", "Jepang"),
        ("#city", "Tokyo"),
        ("#address", "2-1-1 Shibuya"),
    ] {
        app.fill(id, value);
    }
    for (id, value) in [
        ("#expiry", "2030-01-01"),
        ("#stay_from", "2026-01-01"),
        ("#stay_until", "2027-12-31"),
    ] {
        app.set_date(id, value);
    }
    app.click("#confirm");
    app.screenshot("lapor-diri");
    app.click("#lapor-submit");
    app.wait_text("#home-name", "Budi Santoso", long);

    app.click("#menu-button");
    app.click("#menu-logout");
    app.wait_for("#login-id", long);
    // The old password stopped working when it was changed.
    app.fill("#login-id", "budi90");
    app.fill("#password", "rahasia123");
    app.click("#login-submit");
    app.wait_text("#login-error", "salah", long);
    app.click("#forgot-link");
    app.wait_for("#forgot-login", T);
    app.fill("#forgot-login", "budi90");
    app.click("#forgot-submit");
    app.wait_for("#forgot-sent", long);
    app.screenshot("forgot-sent");
}

/// SIMPAN PDF on the booking detail (R-S-2): the proof lands at the path the
/// screen shows, inside the app's documents folder, is a PDF whose text has
/// the booking code; saving again replaces it under the same name (a newer
/// file renamed over the old one), so the folder still holds exactly one.
fn save_proof_twice(app: &mut App, code: &str) {
    let long = Duration::from_secs(30);
    app.click("#save-pdf");
    let shown = PathBuf::from(app.wait_text("#proof-path", ".pdf", long).trim());
    let documents = app.data_dir().join("documents");
    assert_eq!(shown.parent(), Some(documents.as_path()), "{shown:?}");
    let pdf = std::fs::read(&shown).expect("the proof is where the screen says");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF: {shown:?}");
    let text = Command::new("pdftotext")
        .arg(&shown)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/setup installs it)");
    assert!(text.status.success(), "pdftotext refused {shown:?}");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(code), "{code} not in the proof's text:\n{text}");
    let first = std::fs::metadata(&shown).unwrap().modified().unwrap();

    app.click("#save-pdf");
    let deadline = Instant::now() + long;
    while std::fs::metadata(&shown).and_then(|m| m.modified()).ok() == Some(first) {
        assert!(Instant::now() < deadline, "the second SIMPAN PDF wrote nothing");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The button is enabled again once the save (and its rename) is done.
    app.wait_for("#save-pdf:not([disabled])", long);
    let files: Vec<_> = std::fs::read_dir(&documents)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, [shown.file_name().unwrap()], "one file per booking");
    assert_eq!(
        PathBuf::from(app.text("#proof-path").trim()),
        shown,
        "the same name the second time"
    );
    assert!(std::fs::read(&shown).unwrap().starts_with(b"%PDF-"));
    app.screenshot("booking-proof-saved");
}
