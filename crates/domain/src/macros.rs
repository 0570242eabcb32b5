/// The conversions every validated string newtype shares: `FromStr`, `Display`,
/// `AsRef<str>`, and serde through `TryFrom<String>` so that deserialising runs
/// the same parser as user input (an invalid value can't sneak in over the API).
/// The type must have `fn parse(&str) -> Result<Self, DomainError>` and a
/// `String` field `.0` holding the normalised form.
macro_rules! string_newtype {
    ($t:ident) => {
        impl std::str::FromStr for $t {
            type Err = $crate::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $t {
            type Error = $crate::DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl $t {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
    ($t:ident, display) => {
        string_newtype!($t);
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// Fieldless enums that travel as stable snake_case strings. `$field` is the
/// [`FieldId`](crate::FieldId) an unknown value is reported against.
macro_rules! string_enum {
    ($t:ident, $field:ident, { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$($t::$v),+];
            /// The stable wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $s),+ }
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $t {
            type Err = $crate::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $($s => Ok($t::$v),)+
                    other => Err($crate::DomainError::UnknownVariant {
                        field: $crate::FieldId::$field,
                        value: other.chars().take(40).collect(),
                    }),
                }
            }
        }
        impl TryFrom<String> for $t {
            type Error = $crate::DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.as_str().to_owned()
            }
        }
    };
}
