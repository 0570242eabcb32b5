//! paspor-mrz reads the machine-readable zone (MRZ) of passports, ID cards
//! and visas (ICAO 9303) from camera frames, on the device, in pure Rust: no
//! C or C++ OCR engine, nothing downloaded at run time, so it builds for
//! Android and iOS as it does for the desktop, and no image leaves the phone.
//!
//! # Text
//!
//! [`parse`] turns MRZ text into typed fields and verifies every check digit
//! (composite included); [`Format`] holds the five layouts (TD1, TD2, TD3,
//! MRV-A, MRV-B) as one table that the parser, the reader and the test
//! generators share.
//!
//! ```
//! let mrz = paspor_mrz::parse(
//!     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
//! )?;
//! assert_eq!(mrz.format, paspor_mrz::Format::Td3);
//! assert_eq!((mrz.surname.as_str(), mrz.given_names.as_str()), ("ERIKSSON", "ANNA MARIA"));
//! assert_eq!(mrz.birth_date.birth_year(2026), 1974);
//! # Ok::<(), paspor_mrz::MrzError>(())
//! ```
//!
//! # Frames
//!
//! A [`Reader`] reads one grey [`Frame`] (a phone camera's Y plane as it
//! comes) in six steps, each in a module of [`reader`]: adaptive threshold;
//! connected components; the text angle and the rows of fixed OCR-B pitch
//! that form the MRZ, fitted as a grid of cells (within ±30° of upright,
//! sideways or upside down, tilted); each cell resampled upright into a small normalised patch;
//! a small neural network trained from the OCR-B font alone classifies the
//! patches; the field layout chooses among look-alikes and failing check
//! digits are repaired from the classifier's second choices. A read is
//! [`valid`](Read::valid) only when every check digit passes and every
//! character no check digit protects (names) was read with confidence: only
//! such a read may fill a form (R-MRZ-1). There is no layout ambiguity: rows
//! are read only where the page past their last column is blank and inside
//! the frame (a TD3 cut after 36 columns would otherwise pass as a TD2), and
//! a document code `P` is only ever a TD3 ([`ErrorKind::PassportNotTd3`]).
//!
//! A [`FrameVoter`] averages the reads of consecutive frames character by
//! character and answers [`Vote::Done`] once the voted read is valid and
//! stable: one blurred frame cannot spoil a scan.
//!
//! ```
//! use paspor_mrz::{FrameVoter, Outcome, Reader, Vote};
//!
//! // A generated camera frame of the ICAO specimen (crates/mrz/tests/data).
//! let img = image::load_from_memory(include_bytes!("../tests/data/specimen-td3.jpg"))?;
//! let reader = Reader::new();
//! let outcome = reader.read_image(&img);
//! let Outcome::Read(read) = &outcome else { panic!("no MRZ found") };
//! assert!(read.valid());
//! assert_eq!(read.lines[1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
//!
//! // A live scan hands each frame's outcome to a voter.
//! let mut voter = FrameVoter::new();
//! voter.push(&outcome);
//! match voter.push(&outcome) {
//!     Vote::Done(mrz) => assert_eq!(mrz.document_number, "L898902C3"),
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), image::ImageError>(())
//! ```
//!
//! The command line `mrz read IMAGE...` prints one JSON line per image.
//! The classifier's training, the generated evaluation sets and the
//! benchmark live in the crate `paspor-mrz-lab`.

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
