//! End-to-end tests of the real desktop app in a real webview (Xvfb in CI).

mod support;

use std::path::{Path, PathBuf};
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

/// The activation e-mail's app link (`paspor://activate?token=…`) opens the
/// app at the activation screen, which activates the account once; the
/// desktop hands the link over as the command-line argument, the path a
/// cold start takes on every platform (platform/links.rs). Run without a
/// secret store: the login lasts while the app runs, the profile says so,
/// and after a restart the user logs in again (R-AUTH-1: no plain file).
#[test]
fn the_activation_link_opens_the_app_and_activates_once() {
    if !display_or_skip("activation_link") {
        return;
    }
    let long = Duration::from_secs(30);
    let env = [("PASPOR_SECRET_STORE", "session")];
    let mut app = App::launch("activation-link", &env);
    app.wait_text("h1", "Layanan Paspor Online", long);
    app.click("#register-link");
    app.wait_for("#full_name", T);
    app.fill_registration();
    app.click("#register-submit");
    app.wait_text(".card", "Periksa e-mail Anda", long);
    let mail = app.mail_with("paspor://activate?token=");
    let at = mail
        .find("paspor://activate?token=")
        .expect("the app link in the e-mail");
    let link = mail[at..].split_whitespace().next().unwrap().to_owned();

    let mut app = app.relaunch(&env, &[&link]);
    app.wait_text("#activated", "Akun aktif", long);
    app.screenshot("activated-by-link");
    app.click("#activated a");
    app.wait_for("#login-id", T);
    app.fill("#login-id", "budi90");
    app.fill("#password", "rahasia123");
    app.click("#login-submit");
    app.wait_text("#home-name", "Budi Santoso", long);
    app.click("#menu-button");
    app.wait_for(".drawer.open", T);
    app.click("#menu-account");
    app.wait_text("#insecure-store", "login lagi", T);
    app.screenshot("profile-without-secret-store");
    let token_files = walk(app.data_dir())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("token"))
        })
        .count();
    assert_eq!(token_files, 0, "no token file in {:?}", app.data_dir());

    // Single use: the same link again says so and offers the code instead;
    // and the restarted app is signed out.
    let mut app = app.relaunch(&env, &[&link]);
    app.wait_text("#activation-failed", "salah atau sudah kedaluwarsa", long);
    assert!(app.exists("#activation-failed a"));
    app.screenshot("activation-link-used");
    app.click("a.back");
    app.wait_for("#login-id", long);
    // A restored session would move on to the home screen by itself.
    std::thread::sleep(Duration::from_secs(2));
    assert!(app.exists("#login-id") && !app.exists("#home-name"));
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

/// The harness's own eyes: many probe requests in a row, each making
/// garbage so the webview collects often. With a fresh `document::eval` per
/// request, Dioxus 0.7.10 could drop an eval whose result had already come
/// back ("EvalError::Finished"; once seen in the registration step, here
/// within a few hundred requests); the probe's one long-lived eval channel
/// must answer every request, in order.
#[test]
fn probe_answers_every_request_under_gc_pressure() {
    if !display_or_skip("probe") {
        return;
    }
    let mut app = App::launch("probe", &[]);
    for i in 0..500 {
        let v = app.eval(&format!(
            "const junk = []; for (let k = 0; k < 2000; k++) junk.push({{k, s: 'x'.repeat(50)}}); return {i};"
        ));
        assert_eq!(v.as_i64(), Some(i), "reply to request {i}");
    }
    // Nothing returned is null, and a throwing script is an error reply
    // that leaves the channel working.
    assert_eq!(app.eval("document.title;"), serde_json::Value::Null);
    let err = app.try_eval("throw new Error('boom');").unwrap_err();
    assert!(err.contains("boom"), "{err}");
    assert_eq!(app.eval("return 'still here';"), "still here");
}

/// The product's main path through the real window, a screenshot per screen:
/// register → activate with the e-mailed code → log in → book → cancel.
#[test]
fn register_activate_login_book_and_cancel() {
    if !display_or_skip("main_path") {
        return;
    }
    let long = Duration::from_secs(30);
    // An American webview: dates are still typed and shown day first.
    let mut app = App::launch(
        "main-path",
        &[
            ("PASPOR_SECRET_STORE", "file"),
            ("LANG", "en_US.UTF-8"),
            ("LC_ALL", "en_US.UTF-8"),
        ],
    );
    app.wait_text("h1", "Layanan Paspor Online", long);
    let webview = app.eval("return navigator.language;");
    assert!(
        webview.as_str().is_some_and(|l| l.starts_with("en")),
        "{webview}"
    );
    app.click("#register-link");
    app.wait_for("#full_name", T);
    app.screenshot("register");
    app.click("#register-submit");
    app.wait_text(".card", "Wajib diisi", T);
    app.screenshot("register-errors");
    app.fill_registration();
    // An error goes as soon as its field is filled in, before the next try.
    let filled = app.text(".card");
    assert!(!filled.contains("Wajib diisi"), "{filled}");
    app.screenshot("register-filled");
    app.click("#register-submit");

    app.wait_text(".card", "Periksa e-mail Anda", long);
    app.screenshot("activate");
    let mail = app.mail_with("Anda: ");
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

    let code = book(&mut app, true);
    app.screenshot("booking-detail");
    save_proof_twice(&mut app, &code);
    app.click("#cancel-booking");
    app.wait_for("#cancel-confirm", T);
    app.click("#cancel-yes");
    app.wait_text("#booking-detail", "Dibatalkan", long);
    assert!(
        !app.exists("#cancel-booking"),
        "no cancel button on a cancelled booking"
    );
    app.screenshot("booking-cancelled");

    // A second booking (a cancelled one blocks nothing, R-Q-3), saved and
    // cancelled from its Jadwal Antrian card.
    app.click("#menu-button");
    app.click("#menu-queue");
    let second = book(&mut app, false);
    assert_ne!(second, code);
    app.click("#menu-button");
    app.click("#menu-schedules");
    app.wait_text("#booking-list", &code, long);
    schedules_save_and_cancel(&mut app, &code, &second);

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
    assert_eq!(
        app.eval("return document.querySelector('#birth_date').value;"),
        "15/05/1990",
        "the account's birth date, day first"
    );
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
        ("#expiry", "01/01/2030"),
        ("#stay_from", "01/01/2026"),
        ("#stay_until", "31/12/2027"),
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

/// The booking wizard from the office list to the new booking's detail
/// screen: the first office with quota, a green day at least four days
/// ahead (so it can still be cancelled in any office's zone, R-S-1), its
/// first free session, one applicant (the owner, new passport). Returns the
/// booking code.
fn book(app: &mut App, shots: bool) -> String {
    let long = Duration::from_secs(30);
    app.wait_for("#office-list button:not([disabled])", long);
    shot(app, shots, "booking-office");
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
    shot(app, shots, "booking-calendar");
    app.click("#wizard-next");
    app.wait_for("#a0-save", long);
    app.click("#a0-type button[data-index='0']");
    shot(app, shots, "booking-applicant");
    app.click("#a0-save");
    app.wait_text("#applicant-0", "Tersimpan", T);
    app.click("#wizard-next");
    app.wait_for("#review", T);
    shot(app, shots, "booking-review");
    app.click("#booking-submit");

    let code = app.wait_text("#booking-code", "-", long);
    assert_eq!(code.trim().len(), 9, "{code}");
    code.trim().to_owned()
}

fn shot(app: &mut App, shots: bool, name: &str) {
    if shots {
        app.screenshot(name);
    }
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
    assert_proof(app, &shown, code);
    let first = std::fs::metadata(&shown).unwrap().modified().unwrap();

    app.click("#save-pdf");
    let deadline = Instant::now() + long;
    while std::fs::metadata(&shown).and_then(|m| m.modified()).ok() == Some(first) {
        assert!(
            Instant::now() < deadline,
            "the second SIMPAN PDF wrote nothing"
        );
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

/// A proof at `shown`: in the app's documents folder, named after `code`, a
/// PDF whose text (pdftotext) has the booking code.
fn assert_proof(app: &App, shown: &Path, code: &str) {
    let documents = app.data_dir().join("documents");
    assert_eq!(shown.parent(), Some(documents.as_path()), "{shown:?}");
    assert_eq!(
        shown.file_name().and_then(|n| n.to_str()),
        Some(format!("bukti-antrian-{code}.pdf").as_str())
    );
    let pdf = std::fs::read(shown).expect("the proof is where the screen says");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF: {shown:?}");
    let text = Command::new("pdftotext")
        .arg(shown)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/setup installs it)");
    assert!(text.status.success(), "pdftotext refused {shown:?}");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(code),
        "{code} not in the proof's text:\n{text}"
    );
}

/// Jadwal Antrian (SPEC §10): every card has SIMPAN PDF, BATALKAN only while
/// R-S-1 allows it (not on the booking cancelled on its detail screen).
/// SIMPAN PDF on the active card writes that booking's proof and shows its
/// path there; BATALKAN asks first, then the card says "Dibatalkan" and the
/// button is gone.
fn schedules_save_and_cancel(app: &mut App, cancelled: &str, active: &str) {
    let long = Duration::from_secs(30);
    let card = |code: &str, inner: &str| format!("li[data-code='{code}'] {inner}");
    app.wait_text(&card(active, ""), "Aktif", long);
    assert!(app.text(&card(cancelled, "")).contains("Dibatalkan"));
    assert!(app.exists(&card(cancelled, ".save-pdf")));
    assert!(
        !app.exists(&card(cancelled, ".cancel-booking")),
        "no BATALKAN on a cancelled booking"
    );
    assert!(app.exists(&card(active, ".save-pdf")));
    assert!(app.exists(&card(active, ".cancel-booking")));
    app.screenshot("schedules");

    app.click(&card(active, ".save-pdf"));
    let shown = app.wait_text(&card(active, ".proof-path"), ".pdf", long);
    let shown = PathBuf::from(shown.trim());
    assert_proof(app, &shown, active);
    assert!(
        !app.exists(&card(cancelled, ".proof-saved")),
        "only the pressed card reports a save"
    );
    let mut files: Vec<_> = std::fs::read_dir(app.data_dir().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut expected = [
        format!("bukti-antrian-{cancelled}.pdf"),
        format!("bukti-antrian-{active}.pdf"),
    ];
    expected.sort();
    assert_eq!(files, expected, "one file per booking");

    app.click(&card(active, ".cancel-booking"));
    app.wait_for(&card(active, ".cancel-confirm"), T);
    app.screenshot("schedules-cancel-confirm");
    app.click(&card(active, ".cancel-yes"));
    app.wait_text(&card(active, ".badge"), "Dibatalkan", long);
    let deadline = Instant::now() + T;
    while app.exists(&card(active, ".cancel-booking")) {
        assert!(Instant::now() < deadline, "BATALKAN stays after the cancel");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!app.exists(&card(active, ".cancel-confirm")));
    assert!(
        app.exists(&card(active, ".proof-path")),
        "the saved path stays on the card"
    );
    app.screenshot("schedules-cancelled");
}
