//! Chinese numerals as used in heading markers, enumerations and old-style dates.

/// Value of a Chinese numeral from 一 to 九十九 (also 〇/零 for zero, as in
/// dates). Returns `None` for anything else.
pub fn chinese_number(s: &str) -> Option<u32> {
    let digits: Vec<u32> = s.chars().map(chinese_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [] => None,
        [d] => Some(*d),
        // 十一 .. 十九
        [10, d] if *d < 10 && *d > 0 => Some(10 + d),
        // 二十, 三十 ...
        [t, 10] if *t > 1 && *t < 10 => Some(t * 10),
        // 二十一 ...
        [t, 10, d] if *t > 1 && *t < 10 && *d > 0 && *d < 10 => Some(t * 10 + d),
        _ => None,
    }
}

/// Writes 1..=99 as a Chinese numeral (the inverse of `chinese_number`).
pub fn to_chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// Digit-by-digit reading for years written as 二〇二三.
pub fn chinese_digits(s: &str) -> Option<u32> {
    let mut value = 0u32;
    let mut count = 0;
    for c in s.chars() {
        let d = chinese_digit(c).filter(|&d| d < 10)?;
        value = value.checked_mul(10)?.checked_add(d)?;
        count += 1;
    }
    (count > 0).then_some(value)
}

pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

pub fn is_chinese_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some()
}

/// Parses ASCII or full-width decimal digits.
pub fn arabic_number(s: &str) -> Option<u32> {
    let mut value = 0u32;
    let mut count = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        value = value.checked_mul(10)?.checked_add(d)?;
        count += 1;
    }
    (count > 0).then_some(value)
}

pub fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chinese_numerals() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("十十"), None);
        assert_eq!(chinese_number("是"), None);
        assert_eq!(chinese_digits("二〇二三"), Some(2023));
        assert_eq!(arabic_number("１２"), Some(12));
        for n in 1..100 {
            assert_eq!(chinese_number(&to_chinese_number(n)), Some(n));
        }
        assert_eq!(arabic_number(""), None);
    }
}
