//! Wall-clock times for display: seconds since the Unix epoch plus a fixed UTC offset.
//!
//! The UI never reads the clock itself; whoever builds the model supplies the times, so
//! drawing stays a pure function and tests can pin every time shown.

/// A moment, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// The offset of local time from UTC, in seconds (east positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UtcOffset(pub i32);

/// A calendar day in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDate {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
}

/// A time of day in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

const SECONDS_PER_DAY: i64 = 86_400;
const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Timestamp {
    fn local_seconds(self, offset: UtcOffset) -> i64 {
        self.0.saturating_add(i64::from(offset.0))
    }

    /// The local calendar day this moment falls on.
    pub fn date(self, offset: UtcOffset) -> LocalDate {
        let days = self.local_seconds(offset).div_euclid(SECONDS_PER_DAY);
        civil_from_days(days)
    }

    /// The local time of day of this moment.
    pub fn time(self, offset: UtcOffset) -> LocalTime {
        let seconds = self.local_seconds(offset).rem_euclid(SECONDS_PER_DAY);
        LocalTime {
            hour: (seconds / 3600) as u8,
            minute: (seconds / 60 % 60) as u8,
            second: (seconds % 60) as u8,
        }
    }
}

impl LocalTime {
    /// `HH:MM`, as in conversation lines.
    pub fn hours_minutes(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `HH:MM:SS`, as in the protocol pane.
    pub fn hours_minutes_seconds(self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
}

impl LocalDate {
    /// `Monday, 4 March 2024`, as in day separators.
    pub fn long_form(self) -> String {
        let weekday = WEEKDAY_NAMES[usize::from(self.weekday % 7)];
        let month = MONTH_NAMES[usize::from(self.month.clamp(1, 12) - 1)];
        format!("{weekday}, {} {month} {}", self.day, self.year)
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> LocalDate {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u8;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let weekday = (days + 3).rem_euclid(7) as u8;
    LocalDate {
        year,
        month,
        day,
        weekday,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_thursday_first_of_january_1970() {
        let date = Timestamp(0).date(UtcOffset(0));
        assert_eq!((date.year, date.month, date.day), (1970, 1, 1));
        assert_eq!(date.long_form(), "Thursday, 1 January 1970");
    }

    #[test]
    fn leap_day_and_time_of_day() {
        let leap_day_noon = Timestamp(1_709_208_000 + 3_723);
        let date = leap_day_noon.date(UtcOffset(0));
        assert_eq!(date.long_form(), "Thursday, 29 February 2024");
        let time = leap_day_noon.time(UtcOffset(0));
        assert_eq!(time.hours_minutes_seconds(), "13:02:03");
    }

    #[test]
    fn offset_moves_the_day_boundary() {
        let late_evening_utc = Timestamp(1_709_251_200 - 60);
        assert_eq!(late_evening_utc.date(UtcOffset(0)).day, 29);
        assert_eq!(late_evening_utc.date(UtcOffset(3600)).day, 1);
        assert_eq!(
            late_evening_utc.time(UtcOffset(3600)).hours_minutes(),
            "00:59"
        );
    }

    #[test]
    fn dates_before_the_epoch() {
        let date = Timestamp(-1).date(UtcOffset(0));
        assert_eq!((date.year, date.month, date.day), (1969, 12, 31));
        assert_eq!(date.weekday, 2);
    }
}
