//! Drives the real desktop app under X11 the way a person would: real mouse
//! clicks and key presses (xdotool) on the real window, screenshots of the
//! window (ImageMagick `import`), and the app's debug-only DOM probe to find
//! elements and read what the screen says (see `src/platform/e2e_probe.rs`).

// Each test binary (ui, scan_ui) compiles this module and uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod outbox;

/// Whether Xvfb is there to test on. Without it, UI tests fail in CI and are
/// skipped with a notice elsewhere (scripts/setup installs it).
pub fn display_or_skip(test: &str) -> bool {
    let found = Command::new("Xvfb")
        .arg("-help")
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if found {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: Xvfb is missing in CI"
    );
    eprintln!("{test}: skipped, Xvfb is not installed (scripts/setup installs it)");
    false
}

/// A private X server per test, so tests running side by side never click
/// into each other's windows.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// `-displayfd` makes Xvfb pick a free display itself and print its
    /// number once it accepts connections: no races between tests.
    fn start() -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1000x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("Xvfb display number");
        let n: u32 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("Xvfb said {line:?}"));
        Xvfb {
            child,
            display: format!(":{n}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct App {
    child: Child,
    x: Xvfb,
    probe: BufReader<TcpStream>,
    window: String,
    shots: PathBuf,
    data_dir: tempfile::TempDir,
}

impl App {
    /// Starts the app binary with a fresh data folder and waits for its window.
    pub fn launch(shots: &str, envs: &[(&str, &str)]) -> App {
        Self::start(shots, envs, &[], tempfile::tempdir().unwrap(), true)
    }

    /// Quits the app and starts it again on the same data folder (and so the
    /// same embedded backend's database) with these command-line arguments,
    /// as the desktop does when the user opens a `paspor://` link.
    pub fn relaunch(mut self, envs: &[(&str, &str)], args: &[&str]) -> App {
        let data_dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir().unwrap());
        let name = self
            .shots
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        drop(self);
        Self::start(&name, envs, args, data_dir, false)
    }

    fn start(
        shots: &str,
        envs: &[(&str, &str)],
        args: &[&str],
        data_dir: tempfile::TempDir,
        fresh_shots: bool,
    ) -> App {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let x = Xvfb::start();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_paspor"));
        cmd.args(args)
            .env("DISPLAY", &x.display)
            .env(
                "PASPOR_E2E_PROBE",
                listener.local_addr().unwrap().to_string(),
            )
            .env("PASPOR_DATA_DIR", data_dir.path())
            .stdout(Stdio::null());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start the app");
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let stream = loop {
            match listener.accept() {
                Ok((s, _)) => break s,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(e) => panic!("the app never connected its probe: {e}"),
            }
        };
        stream.set_nonblocking(false).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let window = wait_for(Duration::from_secs(30), || {
            let out = Command::new("xdotool")
                .env("DISPLAY", &x.display)
                .args(["search", "--onlyvisible", "--name", "^Paspor$"])
                .output()
                .ok()?;
            String::from_utf8(out.stdout)
                .ok()?
                .lines()
                .next()
                .map(str::to_owned)
        })
        .expect("the app's window appears");
        let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/screenshots")
            .join(shots);
        if fresh_shots {
            let _ = std::fs::remove_dir_all(&shots);
        }
        std::fs::create_dir_all(&shots).unwrap();
        let mut app = App {
            child,
            x,
            probe: BufReader::new(stream),
            window,
            shots,
            data_dir,
        };
        app.wait_text("body", "", Duration::from_secs(30));
        app
    }

    /// The app's data folder for this run (`PASPOR_DATA_DIR`): the embedded
    /// backend's files, and `documents/` where saved proofs go.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// The newest e-mail containing `needle` that the embedded backend wrote
    /// to its outbox folder.
    pub fn mail_with(&self, needle: &str) -> String {
        outbox::wait_for_mail(
            &self.data_dir.path().join("server/outbox"),
            &format!("with {needle:?}"),
            |m| m.contains(needle),
        )
    }

    /// Runs a JavaScript function body in the webview and returns its result.
    pub fn eval(&mut self, js: &str) -> Value {
        self.try_eval(js)
            .unwrap_or_else(|e| panic!("script failed: {e} for {js}"))
    }

    /// Like `eval`, but a script that throws is an `Err` with its message.
    pub fn try_eval(&mut self, js: &str) -> Result<Value, String> {
        let line = js.replace('\n', " ");
        let s = self.probe.get_mut();
        s.write_all(line.as_bytes()).unwrap();
        s.write_all(b"\n").unwrap();
        let mut reply = String::new();
        self.probe.read_line(&mut reply).expect("probe reply");
        let v: Value = serde_json::from_str(&reply).expect("probe speaks JSON");
        match (v.get("ok"), v.get("err")) {
            (Some(ok), _) => Ok(ok.clone()),
            (None, Some(err)) => Err(err.as_str().unwrap_or_default().to_owned()),
            (None, None) => panic!("the probe said {v}"),
        }
    }

    fn q(selector: &str) -> String {
        serde_json::to_string(selector).unwrap()
    }

    pub fn exists(&mut self, selector: &str) -> bool {
        self.eval(&format!(
            "return document.querySelector({}) !== null;",
            Self::q(selector)
        ))
        .as_bool()
        .unwrap_or(false)
    }

    pub fn text(&mut self, selector: &str) -> String {
        let v = self.eval(&format!(
            "const e = document.querySelector({}); return e ? e.innerText : null;",
            Self::q(selector)
        ));
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until `selector` exists and its text contains `needle`.
    pub fn wait_for(&mut self, selector: &str, timeout: Duration) {
        self.wait_text(selector, "", timeout);
    }

    pub fn wait_text(&mut self, selector: &str, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let t = self.text(selector);
            if self.exists(selector) && t.contains(needle) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "waited {timeout:?} for {selector:?} to contain {needle:?}; it says {t:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The centre of an element in window coordinates, scrolled into view,
    /// once it has stopped moving (a drawer slides in after its class is
    /// set, so an early position is off screen).
    fn centre(&mut self, selector: &str) -> (i64, i64) {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut last = None;
        loop {
            let v = self.eval(&format!(
                "const e = document.querySelector({}); if (!e) return null;
                 e.scrollIntoView({{block: 'center'}});
                 const r = e.getBoundingClientRect();
                 return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
                Self::q(selector)
            ));
            let a = v
                .as_array()
                .unwrap_or_else(|| panic!("no element {selector:?}"));
            let at = (a[0].as_i64().unwrap(), a[1].as_i64().unwrap());
            if last == Some(at) && at.0 >= 0 && at.1 >= 0 || Instant::now() >= deadline {
                return at;
            }
            last = Some(at);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn xdo(&self, args: &[&str]) {
        let out = Command::new("xdotool")
            .env("DISPLAY", &self.x.display)
            .args(args)
            .output()
            .expect("xdotool");
        assert!(
            out.status.success(),
            "xdotool {args:?} on {} failed: {}",
            self.x.display,
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A real left click in the middle of the element.
    pub fn click(&mut self, selector: &str) {
        let (x, y) = self.centre(selector);
        let w = self.window.clone();
        self.xdo(&["mousemove", "--window", &w, &x.to_string(), &y.to_string()]);
        // Without --window: a real XTEST press where the pointer is, not a
        // synthetic event (GTK ignores those).
        self.xdo(&["click", "1"]);
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Clicks into a field, clears it, and types like a keyboard.
    pub fn fill(&mut self, selector: &str, text: &str) {
        self.click(selector);
        let w = self.window.clone();
        self.xdo(&["windowfocus", "--sync", &w]);
        self.xdo(&["key", "--clearmodifiers", "ctrl+a", "BackSpace"]);
        if !text.is_empty() {
            self.xdo(&["type", "--delay", "40", "--clearmodifiers", text]);
        }
        // The webview takes the last keys in a moment after xdotool has sent
        // them (longer on a loaded machine): wait for them, then check.
        let script = format!(
            "return document.querySelector({}).value;",
            Self::q(selector)
        );
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut value = self.eval(&script);
        while value.as_str() != Some(text) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            value = self.eval(&script);
        }
        assert_eq!(value.as_str(), Some(text), "typing into {selector}");
    }

    /// Types a date as a person in Indonesia does, day first
    /// (`dd_mm_yyyy` is `15/05/1990`): the app's date fields are text
    /// fields in that order whatever the webview's locale.
    pub fn set_date(&mut self, selector: &str, dd_mm_yyyy: &str) {
        self.fill(selector, dd_mm_yyyy);
    }

    /// Saves a picture of the window as `<n>-<name>.png` in the test's folder.
    /// Fills the registration form with Budi's valid details (the NIK's
    /// date and sex agree with those entered, R-REG-2).
    pub fn fill_registration(&mut self) {
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
            self.fill(id, value);
        }
        self.set_date("#birth_date", "15/05/1990");
        self.click("label[for=sex-male]");
    }

    pub fn screenshot(&mut self, name: &str) -> PathBuf {
        std::thread::sleep(Duration::from_millis(300));
        let n = std::fs::read_dir(&self.shots)
            .map(|d| d.count())
            .unwrap_or(0);
        let path = self.shots.join(format!("{n:02}-{name}.png"));
        let ok = Command::new("import")
            .env("DISPLAY", &self.x.display)
            .args(["-window", &self.window, path.to_str().unwrap()])
            .status()
            .expect("ImageMagick import")
            .success();
        assert!(ok && is_png(&path), "screenshot {path:?}");
        path
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_png(p: &Path) -> bool {
    std::fs::read(p)
        .map(|b| b.starts_with(b"\x89PNG"))
        .unwrap_or(false)
}

fn wait_for<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
