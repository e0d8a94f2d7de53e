//! Commit times shown as local calendar dates, without a date-time dependency; used
//! by the CLI, the exports and the workbench alike.

/// `2026-11-22 14:05 +0800` for seconds since the epoch at a UTC offset. Written
/// digit by digit: `dsw log` formats 10,000 of these.
pub fn format(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let rest = local.rem_euclid(86_400);
    let offset = offset_minutes.unsigned_abs();
    let mut out = String::with_capacity(22);
    push_digits(&mut out, year.rem_euclid(10_000) as u32, 4);
    out.push('-');
    push_digits(&mut out, month, 2);
    out.push('-');
    push_digits(&mut out, day, 2);
    out.push(' ');
    push_digits(&mut out, (rest / 3600) as u32, 2);
    out.push(':');
    push_digits(&mut out, (rest % 3600 / 60) as u32, 2);
    out.push(' ');
    out.push(if offset_minutes < 0 { '-' } else { '+' });
    push_digits(&mut out, offset / 60, 2);
    push_digits(&mut out, offset % 60, 2);
    out
}

/// `2026-11-22`: the local calendar day.
pub fn day(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `value` as exactly `width` decimal digits, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for position in (0..width).rev() {
        let digit = value / 10u32.pow(position) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
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

/// An RFC 3339 time as [`rfc3339`] writes it, shown as [`format`] shows times:
/// `2026-11-22T14:05:09+08:00` → `2026-11-22 14:05 +0800` (`Z` → `+0000`). Any
/// other text comes back as it is (a date typed into a file by hand).
pub fn readable(rfc3339: &str) -> String {
    let bytes = rfc3339.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let shaped = bytes.len() >= 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && matches!(bytes[10], b'T' | b't' | b' ')
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16);
    if !shaped {
        return rfc3339.to_owned();
    }
    // The offset follows the seconds (and any fraction of them).
    let zone = &rfc3339[16..];
    let zone = zone.trim_start_matches(|c: char| c == ':' || c == '.' || c.is_ascii_digit());
    let offset = match zone {
        "Z" | "z" => "+0000".to_owned(),
        _ if zone.len() == 6
            && matches!(zone.as_bytes()[0], b'+' | b'-')
            && zone.as_bytes()[3] == b':'
            && zone[1..3]
                .bytes()
                .chain(zone[4..6].bytes())
                .all(|b| b.is_ascii_digit()) =>
        {
            format!("{}{}", &zone[..3], &zone[4..])
        }
        _ => return rfc3339.to_owned(),
    };
    format!("{} {} {offset}", &rfc3339[..10], &rfc3339[11..16])
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

    #[test]
    fn stored_times_read_as_shown_times() {
        assert_eq!(
            readable(&rfc3339(1_795_327_509, 480)),
            format(1_795_327_509, 480)
        );
        assert_eq!(readable("2026-11-22T06:05:09Z"), "2026-11-22 06:05 +0000");
        assert_eq!(
            readable("2026-11-22T06:05:09.25-03:30"),
            "2026-11-22 06:05 -0330"
        );
        for odd in [
            "",
            "yesterday",
            "2026-11-22",
            "2026-11-22T06:05:09+0800",
            "２０２６",
        ] {
            assert_eq!(readable(odd), odd);
        }
    }
}
