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
