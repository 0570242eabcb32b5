//! One file per screen.

mod activate;
mod activate_link;
pub mod booking;
mod change_password;
mod edit_profile;
mod family;
mod forgot;
mod guide;
mod home;
mod information;
mod lapor_diri;
mod login;
mod not_found;
mod profile;
mod register;
mod scan;
mod schedule_detail;
mod schedules;

pub use activate::Activate;
pub use activate_link::ActivateLink;
pub use booking::Booking;
pub use change_password::ChangePassword;
pub use edit_profile::EditProfile;
pub use family::Family;
pub use forgot::Forgot;
pub use guide::Guide;
pub use home::Home;
pub use information::Information;
pub use lapor_diri::LaporDiri;
pub use login::Login;
pub use not_found::NotFound;
pub use profile::Profile;
pub use register::Register;
pub use scan::Scan;
pub use schedule_detail::ScheduleDetail;
pub use schedules::Schedules;
