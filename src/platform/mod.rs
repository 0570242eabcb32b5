//! Platform glue: what differs between desktop, Android and iOS.

pub mod camera;
#[cfg(all(feature = "desktop", debug_assertions))]
pub mod e2e_probe;
#[cfg(feature = "embedded-backend")]
pub mod embedded;
pub mod files;
pub mod photo;
pub mod secrets;
