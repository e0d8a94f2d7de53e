//! Commit times shown as local calendar dates, without a date-time dependency.

/// `2026-11-22 14:05 +0800` for seconds since the epoch at a UTC offset.
pub fn format(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let rest = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} {sign}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        offset / 60,
        offset % 60
    )
}

/// RFC 3339 (`2026-11-22T14:05:00+08:00`), for JSON.
pub fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let rest = local.rem_euclid(86_400);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        offset / 60,
        offset % 60
    )
}

/// (year, month, day) of a day number counted from 1970-01-01 (Howard Hinnant's
/// algorithm, valid for the proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_local_to_the_offset() {
        assert_eq!(format(0, 0), "1970-01-01 00:00 +0000");
        // 2026-11-22 06:05:09 UTC is 14:05 in Taipei.
        assert_eq!(format(1_795_327_509, 480), "2026-11-22 14:05 +0800");
        assert_eq!(rfc3339(1_795_327_509, 480), "2026-11-22T14:05:09+08:00");
        assert_eq!(format(951_782_400, 0), "2000-02-29 00:00 +0000");
        assert_eq!(format(-1, -60), "1969-12-31 22:59 -0100");
    }
}
