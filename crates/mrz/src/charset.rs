//! The 37 characters an MRZ may hold (ICAO 9303-3 §4.1): `0`–`9`, `A`–`Z`
//! and the filler `<`. The classifier's outputs are indexed the same way, so
//! one table serves the OCR, the corrections and the check digits.

/// Number of MRZ characters.
pub const CLASSES: usize = 37;

/// The MRZ characters in classifier order.
pub const ALPHABET: &[u8; CLASSES] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";

/// The classifier index of an MRZ character, or `None` for anything else.
pub const fn index(c: u8) -> Option<usize> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as usize),
        b'A'..=b'Z' => Some((c - b'A') as usize + 10),
        b'<' => Some(36),
        _ => None,
    }
}

/// The value a character carries in a check digit (ICAO 9303-3 §4.9):
/// digits their value, `A`=10 … `Z`=35, the filler 0.
pub const fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The check digit of `data` (weights 7, 3, 1 repeating, modulo 10), or
/// `None` if `data` holds a character outside the MRZ set.
pub fn check_digit(data: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (i, &c) in data.iter().enumerate() {
        sum += value(c)? * [7, 3, 1][i % 3];
    }
    Some(b'0' + (sum % 10) as u8)
}

/// What a position may hold, from the field it belongs to. The reader uses it
/// to choose between look-alike shapes (`0`/`O`, `1`/`I`, `5`/`S`, `8`/`B`,
/// `2`/`Z`) before any check digit is consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// `0`–`9` only (check digits, dates).
    Digit,
    /// `0`–`9` or the filler (an optional-data check digit, unknown date parts).
    DigitOrFiller,
    /// `A`–`Z` or the filler (names, state codes, document code).
    Alpha,
    /// `A`–`Z` only (the first letter of the document code).
    Letter,
    /// Any of the 37 characters (document numbers, optional data).
    Any,
    /// `M`, `F`, `X` or the filler.
    Sex,
}

impl CharClass {
    /// Whether `c` may stand at a position of this class.
    pub const fn allows(self, c: u8) -> bool {
        match self {
            CharClass::Digit => c.is_ascii_digit(),
            CharClass::DigitOrFiller => c.is_ascii_digit() || c == b'<',
            CharClass::Alpha => c.is_ascii_uppercase() || c == b'<',
            CharClass::Letter => c.is_ascii_uppercase(),
            CharClass::Any => index(c).is_some(),
            CharClass::Sex => matches!(c, b'M' | b'F' | b'X' | b'<'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_alphabet_agree() {
        for (i, &c) in ALPHABET.iter().enumerate() {
            assert_eq!(index(c), Some(i));
        }
        assert_eq!(index(b'a'), None);
        assert_eq!(index(b' '), None);
    }

    #[test]
    fn icao_check_digit_examples() {
        // ICAO 9303-3 §4.9 worked example and the TD3 specimen's fields.
        assert_eq!(check_digit(b"520727"), Some(b'3'));
        assert_eq!(check_digit(b"L898902C3"), Some(b'6'));
        assert_eq!(check_digit(b"740812"), Some(b'2'));
        assert_eq!(check_digit(b"120415"), Some(b'9'));
        assert_eq!(check_digit(b"AB2134<<<"), Some(b'5'));
        assert_eq!(check_digit(b"ab"), None);
    }
}
