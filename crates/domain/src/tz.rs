use jiff::tz::{Offset, TimeZone};
use serde::{Deserialize, Serialize};

/// Indonesia's three time zones. They have had no daylight saving since 1964,
/// so a fixed offset is exact and no time-zone database has to ship on phones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum OfficeTimeZone {
    /// Waktu Indonesia Barat, UTC+7 (Sumatra, Java, West/Central Kalimantan).
    Wib,
    /// Waktu Indonesia Tengah, UTC+8 (Bali, Nusa Tenggara, Sulawesi, …).
    Wita,
    /// Waktu Indonesia Timur, UTC+9 (Maluku, Papua).
    Wit,
}
string_enum!(OfficeTimeZone, TimeZone, { Wib => "wib", Wita => "wita", Wit => "wit" });

impl OfficeTimeZone {
    pub fn offset(self) -> Offset {
        Offset::constant(match self {
            OfficeTimeZone::Wib => 7,
            OfficeTimeZone::Wita => 8,
            OfficeTimeZone::Wit => 9,
        })
    }

    pub fn time_zone(self) -> TimeZone {
        TimeZone::fixed(self.offset())
    }

    /// The label Indonesians write after a time: "08.00 WIB".
    pub fn label(self) -> &'static str {
        match self {
            OfficeTimeZone::Wib => "WIB",
            OfficeTimeZone::Wita => "WITA",
            OfficeTimeZone::Wit => "WIT",
        }
    }

    /// Today's date at the office, which is what "today" means for its quota.
    pub fn today(self, now: jiff::Timestamp) -> jiff::civil::Date {
        now.to_zoned_datetime(self.time_zone()).date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn office_today_changes_at_local_midnight() {
        // 16:59:59Z is 23:59:59 WIB but already the next day in WITA and WIT.
        let t: jiff::Timestamp = "2026-11-24T16:59:59Z".parse().unwrap();
        assert_eq!(OfficeTimeZone::Wib.today(t), date(2026, 11, 24));
        assert_eq!(OfficeTimeZone::Wita.today(t), date(2026, 11, 25));
        assert_eq!(OfficeTimeZone::Wit.today(t), date(2026, 11, 25));
    }

    #[test]
    fn labels_and_wire_names() {
        let labels: Vec<_> = OfficeTimeZone::ALL.iter().map(|z| z.label()).collect();
        assert_eq!(labels, ["WIB", "WITA", "WIT"]);
        assert_eq!(
            "wita".parse::<OfficeTimeZone>().unwrap(),
            OfficeTimeZone::Wita
        );
        assert!(
            "WITA".parse::<OfficeTimeZone>().is_err(),
            "wire names are lower-case"
        );
        assert_eq!(OfficeTimeZone::Wit.offset().seconds(), 9 * 3600);
    }
}
