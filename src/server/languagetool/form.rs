//! The body of `POST /v2/check` as real clients send it.
//!
//! A form encoder (`language_tool_python`, browsers, curl's
//! `--data-urlencode`, LibreOffice 24.2 and later) percent-encodes every
//! byte outside a small ASCII set, so its bodies are decoded as the
//! standard says: `+` is a space, `%XX` a byte.
//!
//! LibreOffice Writer 7.x does not encode at all: it posts
//! `"text=" + paragraph + "&language=" + locale` as raw UTF-8 under
//! `Content-Type: application/x-www-form-urlencoded`
//! (lingucomponent/source/spellcheck/languagetool/languagetoolimp.cxx,
//! `doProofreading`; `&username=…&apiKey=…` follow with a premium
//! account). Decoding that as a form cuts a paragraph at its first `&`,
//! turns `%E5` into a byte and `+` into a space, and every later offset
//! moves. So a body that no encoder could have produced is *raw*: its
//! `text` (or `data`) is taken literally, from after `text=` up to the
//! trailing run of `&name=value` parameters that a client appends (each a
//! known parameter, at most once, with a printable-ASCII value), and
//! nothing in it is decoded.
//!
//! A body is raw when it holds a byte an encoder never leaves as it is:
//! a non-ASCII byte, a space or a control character, or a `%` that is
//! not followed by two hex digits.

use super::{CheckForm, LtError};
use percent_encoding::percent_decode;

/// The fields that carry the text: taken literally in a raw body.
const TEXT_FIELDS: [&str; 2] = ["text", "data"];

/// The other parameters of LanguageTool's `/v2/check`, which a client may
/// append after the text. Only these end a raw text.
const PARAMETERS: [&str; 19] = [
    "language",
    "username",
    "apiKey",
    "dicts",
    "motherTongue",
    "preferredVariants",
    "enabledRules",
    "disabledRules",
    "enabledCategories",
    "disabledCategories",
    "enabledOnly",
    "level",
    "mode",
    "allowIncompleteResults",
    "useragent",
    "noopLanguages",
    "preferredLanguages",
    "textSessionId",
    "tokenizeOnly",
];

/// Reads the body of `POST /v2/check`.
pub fn parse(body: &[u8]) -> Result<CheckForm, LtError> {
    if !is_raw(body) {
        return Ok(parse_encoded(body));
    }
    let body = std::str::from_utf8(body).map_err(|_| {
        LtError::bad_request("the request body is neither a URL-encoded form nor UTF-8 text")
    })?;
    Ok(parse_raw(body))
}

/// Whether the body holds a byte that a form encoder never leaves as it
/// is (see the module's documentation).
pub fn is_raw(body: &[u8]) -> bool {
    body.iter().enumerate().any(|(i, &b)| {
        !b.is_ascii()
            || b.is_ascii_whitespace()
            || b.is_ascii_control()
            || (b == b'%'
                && !(body.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && body.get(i + 2).is_some_and(u8::is_ascii_hexdigit)))
    })
}

/// A standard `application/x-www-form-urlencoded` body. Bytes that are not
/// UTF-8 once decoded become U+FFFD, as they did under axum's `Form`.
fn parse_encoded(body: &[u8]) -> CheckForm {
    let mut form = CheckForm::default();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (&pair[..eq], &pair[eq + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        set(&mut form, &decode(name), decode(value));
    }
    form
}

fn decode(bytes: &[u8]) -> String {
    let spaced: Vec<u8> = bytes
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_decode(&spaced).decode_utf8_lossy().into_owned()
}

/// A raw body: parameters before the text are split at `&`; the text runs
/// to the trailing run of known parameters. Nothing is decoded.
fn parse_raw(body: &str) -> CheckForm {
    let mut form = CheckForm::default();
    // Parameters before the text field, each up to the next `&`.
    let mut at = 0;
    let text_field = loop {
        let end = body[at..].find('&').map_or(body.len(), |i| at + i);
        let pair = &body[at..end];
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if TEXT_FIELDS.contains(&name) && pair.contains('=') {
            break Some((name, at + name.len() + 1));
        }
        set(&mut form, name, value.to_string());
        if end == body.len() {
            break None;
        }
        at = end + 1;
    };
    let Some((name, value_start)) = text_field else {
        return form;
    };
    // The trailing parameters, from the end back: each `&name=value` with a
    // known name not seen yet and a printable-ASCII value. Each step looks
    // only at the bytes after the previous `&`, so this is linear.
    let mut end = body.len();
    let mut trailing: Vec<(&str, &str)> = Vec::new();
    while let Some(amp) = body[value_start..end].rfind('&') {
        let amp = value_start + amp;
        let Some((param, value)) = body[amp + 1..end].split_once('=') else {
            break;
        };
        let known = PARAMETERS.contains(&param) && !trailing.iter().any(|(p, _)| *p == param);
        if !known || !value.bytes().all(|b| b.is_ascii_graphic()) {
            break;
        }
        trailing.push((param, value));
        end = amp;
    }
    set(&mut form, name, body[value_start..end].to_string());
    for (param, value) in trailing.into_iter().rev() {
        set(&mut form, param, value.to_string());
    }
    form
}

/// Sets the field `name` of the form; the last of a repeated field wins,
/// and fields rl-lint does not read are ignored, as LanguageTool ignores
/// what does not apply.
fn set(form: &mut CheckForm, name: &str, value: String) {
    let field = match name {
        "text" => &mut form.text,
        "data" => &mut form.data,
        "language" => &mut form.language,
        "disabledRules" => &mut form.disabled_rules,
        "enabledRules" => &mut form.enabled_rules,
        "enabledOnly" => &mut form.enabled_only,
        _ => return,
    };
    *field = Some(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(body: &[u8]) -> Option<String> {
        parse(body).expect("parsed").text
    }

    #[test]
    fn a_raw_body_keeps_ampersands_percents_and_pluses() {
        let body = "text=研发(R&D)投入增长,完成率15%E5以上,A+B 两项%20。&language=zh-CN";
        let form = parse(body.as_bytes()).expect("parsed");
        assert_eq!(
            form.text.as_deref(),
            Some("研发(R&D)投入增长,完成率15%E5以上,A+B 两项%20。")
        );
        assert_eq!(form.language.as_deref(), Some("zh-CN"));
    }

    #[test]
    fn a_raw_text_ends_at_the_last_language_parameter() {
        // `&language=` inside the paragraph is text: only the last counts.
        let body = "text=甲&language=乙&disabledRules=x&language=zh-CN";
        let form = parse(body.as_bytes()).expect("parsed");
        assert_eq!(form.text.as_deref(), Some("甲&language=乙"));
        assert_eq!(form.language.as_deref(), Some("zh-CN"));
        assert_eq!(form.disabled_rules.as_deref(), Some("x"));
        // A premium account's parameters follow the language.
        let body = "text=甲&乙&language=zh-CN&username=a@b.cn&apiKey=k1";
        let form = parse(body.as_bytes()).expect("parsed");
        assert_eq!(form.text.as_deref(), Some("甲&乙"));
        assert_eq!(form.language.as_deref(), Some("zh-CN"));
        // An unknown name, or a value with Chinese in it, is text.
        assert_eq!(
            text_of("text=甲&foo=1&language=zh".as_bytes()).as_deref(),
            Some("甲&foo=1")
        );
        assert_eq!(
            text_of("text=甲&level=乙".as_bytes()).as_deref(),
            Some("甲&level=乙")
        );
    }

    #[test]
    fn parameters_may_come_before_a_raw_text() {
        let form = parse("language=zh-CN&text=甲&乙".as_bytes()).expect("parsed");
        assert_eq!(form.text.as_deref(), Some("甲&乙"));
        assert_eq!(form.language.as_deref(), Some("zh-CN"));
        let form = parse(r#"language=zh&data={"annotation":[{"text":"甲&乙"}]}"#.as_bytes())
            .expect("parsed");
        assert_eq!(
            form.data.as_deref(),
            Some(r#"{"annotation":[{"text":"甲&乙"}]}"#)
        );
        assert_eq!(form.text, None);
    }

    #[test]
    fn an_encoded_body_is_decoded() {
        // "甲&乙 +%E5" encoded.
        let body = b"text=%E7%94%B2%26%E4%B9%99+%2B%25E5&language=zh-CN";
        assert!(!is_raw(body));
        let form = parse(body).expect("parsed");
        assert_eq!(form.text.as_deref(), Some("甲&乙 +%E5"));
        assert_eq!(form.language.as_deref(), Some("zh-CN"));
        assert_eq!(
            parse(b"enabledOnly=true&enabledRules=a%2Cb&text=x")
                .expect("parsed")
                .enabled_rules
                .as_deref(),
            Some("a,b")
        );
        // Undecodable bytes are replaced, not refused.
        assert_eq!(text_of(b"text=%FF").as_deref(), Some("\u{FFFD}"));
        assert_eq!(text_of(b"text").as_deref(), Some(""));
    }

    #[test]
    fn what_no_encoder_sends_is_raw() {
        assert!(is_raw("text=甲".as_bytes()));
        assert!(is_raw(b"text=a b"));
        assert!(is_raw(b"text=50%"));
        assert!(is_raw(b"text=50%G1"));
        assert!(!is_raw(b"text=50%25&language=zh"));
        assert!(!is_raw(b""));
        // A raw ASCII paragraph keeps its `+` and `%`.
        assert_eq!(
            text_of(b"text=R&D +5% &language=zh").as_deref(),
            Some("R&D +5% ")
        );
    }

    #[test]
    fn a_raw_body_that_is_not_utf8_is_refused() {
        let err = parse(b"text=\xff\xfe").expect_err("not UTF-8");
        assert_eq!(err.status, 400);
        assert!(parse(b"\xff\xfe").is_err());
    }

    #[test]
    fn a_raw_body_without_text_has_none() {
        let form = parse("language=zh-CN&foo=甲".as_bytes()).expect("parsed");
        assert_eq!(form.text, None);
        assert_eq!(form.language.as_deref(), Some("zh-CN"));
    }
}
