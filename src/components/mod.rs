//! Widgets used by several screens.

mod avatar;
mod booking_actions;
mod calendar;
mod content;
mod field;
mod icons;
mod layout;
mod shell;
mod signed_in;
mod status;

pub use avatar::Avatar;
pub use booking_actions::{CancelBookingButton, SaveProofButton};
pub use calendar::{Calendar, long_date};
pub use content::ContentPage;
pub use field::{Choice, DateField, TextField};
pub use icons::{CameraIcon, CameraOffIcon, Icon, PassportIcon, ScanIcon};
pub use layout::{AuthHeader, LangSwitch};
pub use shell::Shell;
pub use signed_in::SignedIn;
pub use status::{Loading, StatusBadge, loaded};
