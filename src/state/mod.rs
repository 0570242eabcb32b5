//! State shared between screens, reached through typed context hooks.

pub mod i18n;
