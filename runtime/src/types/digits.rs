//! Small fixed-width number readers and fraction helpers shared by the date/time types.

/// Reads exactly `width` ASCII digits at the start of `s`.
pub(crate) fn fixed(s: &str, width: usize) -> Option<(u32, &str)> {
    let head = s.get(..width)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[width..]))
}

/// Reads `.digits` if present; returns (nanoseconds, digit count kept, rest).
///
/// More than nine digits cannot be represented in nanoseconds: the extra digits are
/// dropped and the value is written back with nine.
pub(crate) fn fraction(s: &str) -> Result<(u32, u8, &str), &'static str> {
    let Some(after_dot) = s.strip_prefix('.') else {
        return Ok((0, 0, s));
    };
    let len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return Err("a '.' must be followed by digits");
    }
    let kept = len.min(9);
    let mut nanos: u32 = after_dot[..kept].parse().map_err(|_| "bad fraction")?;
    for _ in kept..9 {
        nanos *= 10;
    }
    Ok((nanos, kept as u8, &after_dot[len..]))
}

/// Writes `.ddd` with exactly `digits` digits (nothing for 0).
pub(crate) fn write_fraction(f: &mut impl std::fmt::Write, nanos: u32, digits: u8) -> std::fmt::Result {
    if digits == 0 {
        return Ok(());
    }
    let text = format!("{nanos:09}");
    write!(f, ".{}", &text[..usize::from(digits.min(9))])
}

/// The fewest digits that show `nanos` exactly (0 when there is no fraction).
pub(crate) fn minimal_digits(nanos: u32) -> u8 {
    if nanos == 0 {
        return 0;
    }
    let mut digits = 9;
    let mut n = nanos;
    while n % 10 == 0 {
        n /= 10;
        digits -= 1;
    }
    digits
}
