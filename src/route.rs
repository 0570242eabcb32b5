use dioxus::prelude::*;

use crate::views::Login;

/// Every screen of the app, one variant each.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[route("/")]
    Login {},
}
