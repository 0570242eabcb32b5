//! paspor-mrz reads the machine-readable zone (MRZ) of passports, ID cards
//! and visas (ICAO 9303) from camera frames, on the device, in pure Rust.
//!
//! (Pipeline documentation and the runnable examples are written with the
//! reader; see `reader`.)

pub mod charset;
mod error;
pub mod format;
mod parse;
pub mod reader;
pub mod voter;

pub use error::{ErrorKind, MrzError};
pub use format::{Field, Format};
pub use parse::{Mrz, MrzDate, Sex, parse};
pub use reader::{Frame, Hint, Outcome, Read, Reader};
pub use voter::{FrameVoter, Vote};
