//! Widgets used by several screens.

mod field;
mod icons;

pub use field::TextField;
pub use icons::PassportIcon;
