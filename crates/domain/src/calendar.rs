//! R-Q-4: the colour of each day in the booking calendar.

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A day's state. Only [`DayStatus::Available`] can be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DayStatus {
    /// Green: places left in at least one slot.
    Available,
    /// Red: every released place is taken.
    Full,
    /// Yellow: the office has not released this day's quota yet.
    NotReleased,
    /// Grey: national holiday or cuti bersama, a day the office is closed
    /// (weekends), or a day that is already today or past.
    Closed,
}
string_enum!(DayStatus, Status, {
    Available => "available", Full => "full", NotReleased => "not_released", Closed => "closed",
});

impl DayStatus {
    /// The colour name of R-Q-4, for legends and for styling.
    pub fn colour(self) -> &'static str {
        match self {
            DayStatus::Available => "green",
            DayStatus::Full => "red",
            DayStatus::NotReleased => "yellow",
            DayStatus::Closed => "grey",
        }
    }

    pub fn is_bookable(self) -> bool {
        self == DayStatus::Available
    }
}

/// What the server knows about one day at one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFacts {
    pub date: Date,
    pub holiday: bool,
    /// Whether the office's quota for this day has been released (as of now).
    pub released: bool,
    /// Places left, summed over the day's slots.
    pub places_left: u32,
}

/// Offices serve Monday to Friday.
pub fn office_open_on(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The day's status as seen on `office_today`. Bookings are for later days
/// only, so today and the past are closed.
pub fn day_status(facts: DayFacts, office_today: Date) -> DayStatus {
    if facts.date <= office_today || facts.holiday || !office_open_on(facts.date) {
        DayStatus::Closed
    } else if !facts.released {
        DayStatus::NotReleased
    } else if facts.places_left == 0 {
        DayStatus::Full
    } else {
        DayStatus::Available
    }
}

pub fn check_bookable(status: DayStatus) -> Result<(), DomainError> {
    if status.is_bookable() {
        Ok(())
    } else {
        Err(DomainError::DayNotBookable { status })
    }
}

/// Every date of a month, for laying out a calendar.
pub fn days_of_month(year: i16, month: i8) -> Result<Vec<Date>, DomainError> {
    let first = Date::new(year, month, 1).map_err(|_| DomainError::DateOutOfRange)?;
    Ok((1..=first.days_in_month())
        .map(|d| first.with().day(d).build().expect("day within month"))
        .collect())
}

/// Month names in Indonesian, January first.
pub const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// Weekday names in Indonesian, Monday first.
pub const WEEKDAYS_ID: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];

/// "Rabu, 2 Desember 2026": how dates are written on screens and documents.
pub fn long_date_id(d: Date) -> String {
    format!(
        "{}, {} {} {}",
        WEEKDAYS_ID[d.weekday().to_monday_zero_offset() as usize],
        d.day(),
        MONTHS_ID[(d.month() - 1) as usize],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 24); // a Tuesday

    fn facts(date: Date) -> DayFacts {
        DayFacts {
            date,
            holiday: false,
            released: true,
            places_left: 3,
        }
    }

    #[test]
    fn four_colours() {
        let wed = date(2026, 11, 25);
        assert_eq!(day_status(facts(wed), TODAY), DayStatus::Available);
        assert_eq!(
            day_status(
                DayFacts {
                    places_left: 0,
                    ..facts(wed)
                },
                TODAY
            ),
            DayStatus::Full
        );
        assert_eq!(
            day_status(
                DayFacts {
                    released: false,
                    ..facts(wed)
                },
                TODAY
            ),
            DayStatus::NotReleased
        );
        assert_eq!(
            day_status(
                DayFacts {
                    holiday: true,
                    ..facts(wed)
                },
                TODAY
            ),
            DayStatus::Closed
        );
        let colours: Vec<_> = DayStatus::ALL.iter().map(|s| s.colour()).collect();
        assert_eq!(colours, ["green", "red", "yellow", "grey"]);
    }

    #[test]
    fn holidays_and_weekends_win_over_quota_state() {
        let sat = date(2026, 11, 28);
        let sun = date(2026, 11, 29);
        assert_eq!(day_status(facts(sat), TODAY), DayStatus::Closed);
        assert_eq!(
            day_status(
                DayFacts {
                    released: false,
                    ..facts(sun)
                },
                TODAY
            ),
            DayStatus::Closed
        );
        let christmas = DayFacts {
            holiday: true,
            places_left: 0,
            ..facts(date(2026, 12, 25))
        };
        assert_eq!(day_status(christmas, TODAY), DayStatus::Closed);
    }

    #[test]
    fn today_and_past_are_closed() {
        assert_eq!(day_status(facts(TODAY), TODAY), DayStatus::Closed);
        assert_eq!(
            day_status(facts(date(2026, 11, 23)), TODAY),
            DayStatus::Closed
        );
        assert_eq!(
            check_bookable(DayStatus::Full).unwrap_err().code().as_str(),
            "day_not_bookable"
        );
        assert_eq!(check_bookable(DayStatus::Available), Ok(()));
    }

    #[test]
    fn weekdays_open_weekends_closed() {
        let open: Vec<bool> = (23..=29)
            .map(|d| office_open_on(date(2026, 11, d)))
            .collect();
        assert_eq!(open, [true, true, true, true, true, false, false]);
    }

    #[test]
    fn tomorrow_is_the_first_bookable_day() {
        assert_eq!(
            day_status(facts(date(2026, 11, 25)), TODAY),
            DayStatus::Available
        );
        let last_day_of_year = date(2026, 12, 31);
        assert_eq!(
            day_status(facts(last_day_of_year), date(2026, 12, 30)),
            DayStatus::Available
        );
    }

    #[test]
    fn indonesian_long_dates() {
        assert_eq!(long_date_id(date(2026, 12, 2)), "Rabu, 2 Desember 2026");
        assert_eq!(long_date_id(date(2026, 11, 29)), "Minggu, 29 November 2026");
    }

    #[test]
    fn month_layout() {
        assert_eq!(days_of_month(2028, 2).unwrap().len(), 29);
        assert_eq!(days_of_month(2026, 2).unwrap().len(), 28);
        let nov = days_of_month(2026, 11).unwrap();
        assert_eq!((nov[0], nov[29]), (date(2026, 11, 1), date(2026, 11, 30)));
        assert!(days_of_month(2026, 13).is_err());
        assert!(days_of_month(2026, 0).is_err());
    }
}
