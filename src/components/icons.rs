use dioxus::prelude::*;

/// The app's mark: a passport booklet with a globe, drawn as SVG so it needs
/// no emoji font (Linux desktops and some phones have none).
#[component]
pub fn PassportIcon() -> Element {
    rsx! {
        svg { width: "44", height: "44", view_box: "0 0 40 40", fill: "none",
            rect { x: "8", y: "4", width: "24", height: "32", rx: "3", fill: "#d4a62a" }
            rect { x: "8", y: "4", width: "4", height: "32", rx: "1.5", fill: "#b88a16" }
            circle { cx: "21", cy: "17", r: "6.5", stroke: "#0b2e6b", stroke_width: "1.6" }
            path { d: "M14.5 17h13M21 10.5c2.2 2 2.2 11 0 13M21 10.5c-2.2 2-2.2 11 0 13", stroke: "#0b2e6b", stroke_width: "1.3" }
            rect { x: "15", y: "28", width: "12", height: "2", rx: "1", fill: "#0b2e6b" }
        }
    }
}

/// Line icons for the home tiles and lists, drawn as SVG for the same reason.
#[component]
pub fn Icon(name: &'static str) -> Element {
    let d = match name {
        "calendar" => {
            "M7 3v3M17 3v3M4 8h16M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zM8 12h3v3H8z"
        }
        "document" => {
            "M7 3h7l5 5v12a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM14 3v5h5M9 13h6M9 17h6"
        }
        "globe" => {
            "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.5 2.5 15.5 0 18M12 3c-2.5 2.5-2.5 15.5 0 18"
        }
        "info" => "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5v.5",
        "help" => {
            "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17v.5"
        }
        "camera" => {
            "M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1zM12 10a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z"
        }
        _ => "M12 12h.01",
    };
    rsx! {
        svg { class: "icon", width: "26", height: "26", view_box: "0 0 24 24", fill: "none",
            path { d, stroke: "currentColor", stroke_width: "1.8", stroke_linecap: "round", stroke_linejoin: "round" }
        }
    }
}

// The camera icons are drawn, not emoji: a phone or desktop without a colour
// emoji font shows an empty box for 📷 (the Linux webview did).

/// A camera, over the scan's explanation.
#[component]
pub fn CameraIcon() -> Element {
    rsx! {
        svg { view_box: "0 0 24 24", fill: "none", stroke: "currentColor", stroke_width: "1.8", stroke_linecap: "round", stroke_linejoin: "round",
            path { d: "M23 19a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h4l2-3h6l2 3h4a2 2 0 0 1 2 2z" }
            circle { cx: "12", cy: "13", r: "4" }
        }
    }
}

/// A struck-through camera: refused, missing or broken.
#[component]
pub fn CameraOffIcon() -> Element {
    rsx! {
        svg { view_box: "0 0 24 24", fill: "none", stroke: "currentColor", stroke_width: "1.8", stroke_linecap: "round", stroke_linejoin: "round",
            path { d: "M21 21H3a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h3m3-3h6l2 3h4a2 2 0 0 1 2 2v9.34m-7.72-2.06a4 4 0 1 1-5.56-5.56" }
            path { d: "M1 1l22 22" }
        }
    }
}

/// A viewfinder around two code lines, on the forms' PINDAI PASPOR buttons.
#[component]
pub fn ScanIcon() -> Element {
    rsx! {
        svg { class: "scan-button-icon", "aria-hidden": true, view_box: "0 0 24 24", fill: "none", stroke: "currentColor", stroke_width: "2", stroke_linecap: "round", stroke_linejoin: "round",
            path { d: "M3 8V5a2 2 0 0 1 2-2h3M16 3h3a2 2 0 0 1 2 2v3M21 16v3a2 2 0 0 1-2 2h-3M8 21H5a2 2 0 0 1-2-2v-3" }
            path { d: "M7 13h10M7 17h10" }
        }
    }
}
