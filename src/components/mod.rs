//! Widgets used by several screens.

mod icons;

pub use icons::PassportIcon;
