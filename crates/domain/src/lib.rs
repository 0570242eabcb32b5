//! Paspor's domain: the values a form can hold and the rules a booking obeys.
//!
//! Types here parse, they don't just validate: a [`Nik`] can only hold a NIK
//! with a real structure (R-REG-2), a [`Password`] only one that meets R-PWD-2,
//! and so on, so code that holds one never checks again. Rules are pure
//! functions over explicit dates, office time zones and facts, with no I/O,
//! so the app can preview exactly what the server will enforce.
//!
//! ```
//! use paspor_domain::{Nik, Sex};
//! let nik: Nik = "3174014105900001".parse()?;
//! assert_eq!(nik.sex(), Sex::Female); // women's birth day is +40
//! assert!("3174014005900001".parse::<Nik>().is_err()); // day 40 is nobody's
//! # Ok::<(), paspor_domain::DomainError>(())
//! ```

#[macro_use]
mod macros;

mod account;
pub mod api;
pub mod calendar;
mod error;
mod nik;
mod passport;
mod person;
pub mod rules;
mod stay;
mod text;
mod tz;
mod vocabulary;

pub use account::{ActivationCode, Email, LoginId, Password, PhoneNumber, Username};
pub use calendar::DayStatus;
pub use error::DomainError;
pub use nik::{KkNumber, Nik, NikInfo, NikWarning};
pub use passport::{CountryCode, PassportNumber};
pub use person::{ApplicationType, PersonName, Relation, Sex};
pub use stay::StayPeriod;
pub use text::FreeText;
pub use tz::OfficeTimeZone;
pub use vocabulary::{ErrorCode, FieldId, FieldPath, FieldPathError, Step};
