//! State shared between screens, reached through typed context hooks.

pub mod account;
pub mod bookings;
pub mod form;
pub mod i18n;
pub mod lapor;
pub mod scan;
pub mod session;
pub mod submit;
pub mod wizard;

/// Today on this device's clock and zone: the birth-date and NIK checks'
/// idea of "now". Booking rules use the office's zone instead.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date()
}
