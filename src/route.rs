use dioxus::prelude::*;

use crate::components::{Shell, SignedIn};
use crate::state::scan::ScanTarget;
use crate::views::*;

/// Every screen of the app, one variant each. Paths are Indonesian, as the
/// deep links in e-mails are.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
#[allow(clippy::empty_line_after_outer_attr)]
pub enum Route {
    #[layout(Shell)]
    #[route("/")]
    Login {},
    #[route("/daftar")]
    Register {},
    #[route("/aktivasi?:email")]
    Activate { email: String },
    // paspor://activate?token=… from the e-mail (platform/links.rs).
    #[route("/aktivasi/tautan?:token")]
    ActivateLink { token: String },
    #[route("/lupa-password")]
    Forgot {},

    #[layout(SignedIn)]
        #[route("/beranda")]
        Home {},
        #[route("/antrian")]
        Booking {},
        #[route("/jadwal")]
        Schedules {},
        #[route("/jadwal/:code")]
        ScheduleDetail { code: String },
        #[route("/akun")]
        Profile {},
        #[route("/akun/ubah")]
        EditProfile {},
        #[route("/akun/keluarga")]
        Family {},
        #[route("/akun/password")]
        ChangePassword {},
        #[route("/informasi")]
        Information {},
        #[route("/panduan")]
        Guide {},
        #[route("/lapor-diri")]
        LaporDiri {},
    #[end_layout]

    // Full screen, outside the signed-in frame: a camera view (R-MRZ-1).
    #[route("/pindai-paspor/:target")]
    Scan { target: ScanTarget },

    #[route("/:..rest")]
    NotFound { rest: Vec<String> },
}
