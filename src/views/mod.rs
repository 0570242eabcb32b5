//! One file per screen.

mod login;

pub use login::Login;
