//! A small JSON reader and writer: the one JSON the core uses, on every
//! target. Claim databases are JSON-LD; the core reads them itself rather
//! than through serde, so the wasm carries no generic deserialisers and the
//! library has one API natively and in the browser.
//!
//! Reading is bounded: a value nested deeper than [`MAX_DEPTH`] is skipped
//! (read as `null`) by a scan that uses no recursion, so no document can
//! overflow the stack; lone surrogate escapes become U+FFFD. Objects keep
//! their keys in document order (a later duplicate key wins on lookup, as
//! in `JSON.parse`).

use std::fmt::{self, Write as _};

/// The deepest nesting read. Real ClaimReview markup nests about five
/// levels; anything deeper is skipped, not read.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number, as a double (what JavaScript would read).
    Number(f64),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in document order.
    Object(Vec<(String, Json)>),
}

/// Why a text is not JSON: what, and where (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was expected or found.
    pub problem: &'static str,
    /// Byte offset into the text.
    pub at: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.problem, self.at)
    }
}

impl std::error::Error for SyntaxError {}

impl Json {
    /// Parses a whole JSON text.
    pub fn parse(text: &str) -> Result<Json, SyntaxError> {
        let mut p = Parser {
            s: text.as_bytes(),
            at: 0,
        };
        p.skip_ws();
        let v = p.value(0)?;
        p.skip_ws();
        if p.at != p.s.len() {
            return Err(p.fail("unexpected text after the JSON value"));
        }
        Ok(v)
    }

    /// The member `key` of an object (the last one, if repeated).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one, or a string holding one ("4", as some
    /// publishers write ratings).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            Json::String(s) => parse_number(s.trim()),
            _ => None,
        }
    }

    /// The items of an array, or this value alone: schema.org lets most
    /// properties be one value or a list.
    pub fn one_or_many(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            one => std::slice::from_ref(one),
        }
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// What kind of value this is, for messages ("an array", "a string").
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// An object from `(key, value)` pairs, skipping `None` values: the
    /// writer's way to leave out absent fields.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, Option<Json>)>) -> Json {
        Json::Object(
            members
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.into(), v)))
                .collect(),
        )
    }

    /// Compact JSON text.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }

    /// JSON text indented by two spaces, one member per line.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(n) = indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', n * level));
            }
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => write_number(out, *n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    v.write(out, indent, level + 1);
                }
                newline(out, level);
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    write_string(out, k);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    v.write(out, indent, level + 1);
                }
                newline(out, level);
                out.push('}');
            }
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Number(n)
    }
}

/// Exact powers of ten (every one up to 1e22 is a double).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
];

/// A JSON number ("-12", "4.5", "1e3"), or `None` for anything else or a
/// number out of range. Up to 15 significant digits with a power of ten
/// within 22 (every rating and count in a database) the result is the
/// nearest double, as `str::parse` gives it; beyond that it may be a unit
/// or so off in the last place. Written by hand because the standard
/// parser brings its tables and code to the wasm (about 20 KB).
pub fn parse_number(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut i = 0;
    let negative = b.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let (mut mantissa, mut digits, mut exponent) = (0u64, 0u32, 0i32);
    let mut digit = |d: u8, after_point: bool, exponent: &mut i32| {
        if digits < 19 {
            if mantissa > 0 || d > 0 {
                digits += 1;
            }
            mantissa = mantissa * 10 + u64::from(d);
            if after_point {
                *exponent -= 1;
            }
        } else if !after_point {
            *exponent += 1;
        }
    };
    let whole = i;
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        digit(c - b'0', false, &mut exponent);
        i += 1;
    }
    if i == whole {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let from = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            digit(c - b'0', true, &mut exponent);
            i += 1;
        }
        if i == from {
            return None;
        }
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let (from, mut e) = (i, 0i32);
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = e.saturating_mul(10).saturating_add(i32::from(c - b'0'));
            i += 1;
        }
        if i == from {
            return None;
        }
        exponent = exponent.saturating_add(sign * e);
    }
    if i != b.len() {
        return None;
    }
    let m = mantissa as f64;
    let value = if mantissa == 0 {
        0.0
    } else if (0..=22).contains(&exponent) {
        m * POW10[exponent as usize]
    } else if (-22..0).contains(&exponent) {
        m / POW10[(-exponent) as usize]
    } else {
        let mut v = m;
        let mut e = exponent;
        while e > 0 && v.is_finite() {
            v *= POW10[e.min(22) as usize];
            e -= e.min(22);
        }
        while e < 0 && v != 0.0 {
            v /= POW10[(-e).min(22) as usize];
            e += (-e).min(22);
        }
        v
    };
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

fn write_number(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        let _ = write!(out, "{}", n as i64);
    } else {
        let _ = write!(out, "{n}");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Keeps the text safe inside an HTML <script> element.
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The outer levels a [`Parsing`] keeps open between steps: a top-level
/// list, or an object's list (`@graph`), is read an element at a time.
const OPEN_LEVELS: usize = 2;

/// A container being read by a [`Parsing`].
#[derive(Debug)]
enum Open {
    Array { items: Vec<Json>, first: bool },
    Object { members: Vec<(String, Json)>, first: bool, key: Option<String> },
}

/// A JSON text being parsed a few values at a time, so a page stays
/// responsive while a large database is read: the outer two levels are
/// kept open between steps and each value inside them is read whole (a
/// record of a database). The result is the same as [`Json::parse`]'s.
#[derive(Debug)]
pub struct Parsing {
    text: String,
    at: usize,
    open: Vec<Open>,
    started: bool,
    value: Option<Json>,
}

impl Parsing {
    /// Starts parsing `text`.
    pub fn new(text: String) -> Parsing {
        Parsing {
            text,
            at: 0,
            open: Vec::new(),
            started: false,
            value: None,
        }
    }

    /// Reads about `units` values; `Ok(true)` when the text is read.
    pub fn step(&mut self, units: usize) -> Result<bool, SyntaxError> {
        let mut p = Parser {
            s: self.text.as_bytes(),
            at: self.at,
        };
        let mut budget = units.max(1);
        let result = loop {
            if budget == 0 {
                break Ok(false);
            }
            budget -= 1;
            p.skip_ws();
            if !self.started {
                self.started = true;
                match open_or_read(&mut p, &mut self.open) {
                    Ok(Some(v)) => self.value = Some(v),
                    Ok(None) => {}
                    Err(e) => break Err(e),
                }
                continue;
            }
            let Some(top) = self.open.last_mut() else {
                break if p.at == p.s.len() {
                    Ok(true)
                } else {
                    Err(p.fail("unexpected text after the JSON value"))
                };
            };
            let (close, first) = match top {
                Open::Array { first, .. } => (b']', first),
                Open::Object { first, .. } => (b'}', first),
            };
            // After the first member a comma or the end; the end may also
            // come first.
            let next = p.s.get(p.at).copied();
            if next == Some(close) {
                p.at += 1;
                let done = match self.open.pop() {
                    Some(Open::Array { items, .. }) => Json::Array(items),
                    Some(Open::Object { members, .. }) => Json::Object(members),
                    None => Json::Null,
                };
                if let Err(e) = attach(&mut self.open, done, &mut self.value) {
                    break Err(p.fail(e));
                }
                continue;
            }
            if !*first {
                if next != Some(b',') {
                    break Err(p.fail(if close == b']' { "expected , or ] in array" } else { "expected , or } in object" }));
                }
                p.at += 1;
                p.skip_ws();
            }
            *first = false;
            if let Some(Open::Object { key, .. }) = self.open.last_mut() {
                if p.s.get(p.at) != Some(&b'"') {
                    break Err(p.fail("expected a quoted key"));
                }
                let k = match p.string() {
                    Ok(k) => k,
                    Err(e) => break Err(e),
                };
                p.skip_ws();
                if p.s.get(p.at) != Some(&b':') {
                    break Err(p.fail("expected : after a key"));
                }
                p.at += 1;
                p.skip_ws();
                *key = Some(k);
            }
            match open_or_read(&mut p, &mut self.open) {
                Ok(Some(v)) => {
                    if let Err(e) = attach(&mut self.open, v, &mut self.value) {
                        break Err(p.fail(e));
                    }
                }
                Ok(None) => {}
                Err(e) => break Err(e),
            }
        };
        self.at = p.at;
        result
    }

    /// The value, after any reading still to do.
    pub fn finish(mut self) -> Result<Json, SyntaxError> {
        while !self.step(usize::MAX)? {}
        self.value.take().ok_or(SyntaxError {
            problem: "expected a value",
            at: 0,
        })
    }
}

/// At a value: opens it when it is a container on an outer level, else
/// reads it whole.
fn open_or_read(p: &mut Parser, open: &mut Vec<Open>) -> Result<Option<Json>, SyntaxError> {
    if open.len() < OPEN_LEVELS {
        match p.s.get(p.at) {
            Some(b'[') => {
                p.at += 1;
                open.push(Open::Array { items: Vec::new(), first: true });
                return Ok(None);
            }
            Some(b'{') => {
                p.at += 1;
                open.push(Open::Object { members: Vec::new(), first: true, key: None });
                return Ok(None);
            }
            _ => {}
        }
    }
    p.value(open.len()).map(Some)
}

/// Puts a finished value in its container, or makes it the result.
fn attach(open: &mut [Open], v: Json, result: &mut Option<Json>) -> Result<(), &'static str> {
    match open.last_mut() {
        Some(Open::Array { items, .. }) => items.push(v),
        Some(Open::Object { members, key, .. }) => members.push((key.take().ok_or("expected a quoted key")?, v)),
        None => *result = Some(v),
    }
    Ok(())
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn fail(&self, problem: &'static str) -> SyntaxError {
        SyntaxError {
            problem,
            at: self.at,
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            self.skip_value()?;
            return Ok(Json::Null);
        }
        match self.s.get(self.at) {
            None => Err(self.fail("unexpected end of text")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    /// Passes over one value without building it, and without recursion:
    /// brackets are counted, strings stepped over. Checks only that the
    /// brackets balance and strings end; what is inside is not read.
    fn skip_value(&mut self) -> Result<(), SyntaxError> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            match self.s.get(self.at) {
                None => return Err(self.fail("unexpected end of text")),
                Some(b'"') => {
                    self.string()?;
                    if open.is_empty() {
                        return Ok(());
                    }
                    continue;
                }
                Some(&c @ (b'[' | b'{')) => open.push(if c == b'[' { b']' } else { b'}' }),
                Some(&c @ (b']' | b'}')) => {
                    if open.pop() != Some(c) {
                        return Err(self.fail("brackets do not match"));
                    }
                    if open.is_empty() {
                        self.at += 1;
                        return Ok(());
                    }
                }
                Some(b',' | b':') if open.is_empty() => return Err(self.fail("expected a value")),
                Some(_) if open.is_empty() => {
                    // A scalar: read it normally (no recursion involved).
                    return self.value(0).map(|_| ());
                }
                Some(_) => {}
            }
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &'static str, v: Json) -> Result<Json, SyntaxError> {
        if self.s[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.at;
        let digits = |p: &mut Parser| {
            let from = p.at;
            while p.s.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.s.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        if !digits(self) {
            return Err(self.fail("expected digits"));
        }
        if self.s.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.fail("expected digits after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.s.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.fail("expected digits in the exponent"));
            }
        }
        // The slice is ASCII digits and signs, so both steps succeed.
        std::str::from_utf8(&self.s[start..self.at])
            .ok()
            .and_then(parse_number)
            .map(Json::Number)
            .ok_or(SyntaxError {
                problem: "bad number",
                at: start,
            })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let h = self
            .s
            .get(self.at..self.at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.fail("bad \\u escape"))?;
        self.at += 4;
        Ok(h)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control byte.
            let run = self.s[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .ok_or_else(|| self.fail("unterminated string"))?;
            // The text came in as &str and the run stops at ASCII bytes,
            // so it is whole UTF-8.
            out.push_str(std::str::from_utf8(&self.s[self.at..self.at + run]).unwrap_or("\u{FFFD}"));
            self.at += run;
            match self.s[self.at] {
                b'"' => {
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.at += 1;
                    let e = *self.s.get(self.at).ok_or_else(|| self.fail("unterminated string"))?;
                    self.at += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.at..].starts_with(b"\\u")
                            {
                                let back = self.at;
                                self.at += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.at = back;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.fail("bad escape")),
                    }
                }
                _ => return Err(self.fail("control character in string")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.s.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.s.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.fail("expected , or ] in array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.s.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            if self.s.get(self.at) != Some(&b'"') {
                return Err(self.fail("expected a quoted key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.s.get(self.at) != Some(&b':') {
                return Err(self.fail("expected : after a key"));
            }
            self.at += 1;
            self.skip_ws();
            members.push((key, self.value(depth + 1)?));
            self.skip_ws();
            match self.s.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.fail("expected , or } in object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_in_steps_gives_the_same_value_and_the_same_errors() {
        let texts = [
            r#"[{"a": [1, 2, {"b": null}]}, 2, "x", [], {}]"#,
            r#" {"@context": "https://schema.org", "@graph": [{"id": 1}, {"id": [2, 3]}], "n": -1.5e2} "#,
            "[]",
            "  3  ",
            r#""just a string""#,
            &("[".repeat(MAX_DEPTH + 3) + &"]".repeat(MAX_DEPTH + 3)),
        ];
        for text in texts {
            let mut parsing = Parsing::new(text.to_string());
            while !parsing.step(1).unwrap() {}
            assert_eq!(parsing.finish().ok(), Json::parse(text).ok(), "{text}");
        }
        for bad in ["[1, 2", "{\"a\" 1}", "[1 2]", "{\"a\": 1,}", "[1] x", "", "{1: 2}", "[,]"] {
            let stepped = (|| {
                let mut parsing = Parsing::new(bad.to_string());
                while !parsing.step(1)? {}
                parsing.finish()
            })();
            assert!(stepped.is_err(), "{bad:?} parsed in steps");
            assert!(Json::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = Json::parse(r#" {"a": [1, -2.5e1, true, false, null], "b": "x\"\u00e9\ud83d\ude00", "a": 3} "#)
            .unwrap();
        assert_eq!(v.get("a"), Some(&Json::Number(3.0)), "the last duplicate wins");
        assert_eq!(v.get("b").and_then(Json::as_str), Some("x\"é😀"));
        let Json::Object(m) = &v else { panic!() };
        assert_eq!(
            m[0].1,
            Json::Array(vec![
                Json::Number(1.0),
                Json::Number(-25.0),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ])
        );
    }

    #[test]
    fn refuses_what_json_parse_refuses() {
        for bad in [
            "", "{", "[1,]", "{\"a\" 1}", "tru", "01x", "\"a", "[1] 2", "{'a':1}", "\"\u{1}\"",
            "-", "1.", "1e", "\"\\x\"",
        ] {
            assert!(Json::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_skipped_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let doc = format!(r#"{{"a": 1, "extra": {deep}, "b": "x]"}}"#);
        let v = Json::parse(&doc).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Number(1.0)));
        assert_eq!(v.get("b").and_then(Json::as_str), Some("x]"), "reading goes on after it");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(!Json::parse(&ok).unwrap().to_compact().contains("null"), "up to the limit is read");
        let broken = "[".repeat(MAX_DEPTH + 5) + &"]".repeat(MAX_DEPTH + 4);
        assert!(Json::parse(&broken).is_err(), "unbalanced deep brackets are still an error");
        let mismatched = "[".repeat(MAX_DEPTH + 5) + "}" + &"]".repeat(MAX_DEPTH + 4);
        assert!(Json::parse(&mismatched).is_err());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let v = Json::parse(r#""a\ud800b\udc00c\ud800\u0041""#).unwrap();
        assert_eq!(v.as_str(), Some("a\u{FFFD}b\u{FFFD}c\u{FFFD}A"));
    }

    #[test]
    fn writes_what_it_reads() {
        let text = r#"{"@context":"https://schema.org","n":[1,2.5,-3,null,true],"s":"a\"b\\c\nd</script>","e":{},"f":[]}"#;
        let v = Json::parse(text).unwrap();
        assert_eq!(Json::parse(&v.to_compact()).unwrap(), v);
        assert_eq!(Json::parse(&v.to_pretty()).unwrap(), v);
        assert!(!v.to_compact().contains("</script>"), "safe inside a script element");
        assert_eq!(Json::Number(4.0).to_compact(), "4");
        for n in ["0", "-0", "4", "4.5", "-12.25", "0.1", "1e3", "2.5E-3", "123456789012345", "1e22", "0.30000000000000004"] {
            assert_eq!(parse_number(n), n.parse::<f64>().ok(), "{n}");
        }
        // Beyond the exact range: close, not necessarily the nearest double.
        for n in ["1.7976931348623157e308", "2.2250738585072014e-308", "6.02214076e23", "1.6e-35"] {
            let (got, want) = (parse_number(n).unwrap(), n.parse::<f64>().unwrap());
            assert!(((got - want) / want).abs() < 1e-14, "{n}: {got}");
        }
        for bad in ["", "-", ".5", "5.", "1e", "1e+", "+1", "1.2.3", "0x10", " 1", "1e400", "NaN"] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }
}
