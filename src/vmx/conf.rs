//! The VMX text format: `key = "value"` lines, `#` comments, keys compared case-insensitively.
//!
//! Reading follows libvirt's `virConfReadString` in VMX mode (names start with a letter or `.`
//! and hold letters, digits, `_`, `:`, `.`, `-`; values are quoted strings), and in addition
//! rejects a key given twice, naming both lines. Syntax errors are reported as libvirt reports
//! them: `VIR_ERR_CONF_SYNTAX` from `VIR_FROM_CONF`, "memory conf:<line>: <what>".

use crate::error::{code, domain, Error, Result};

/// One `key = "value"` entry, with the line it was read from (1-based; 0 when built in code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// A parsed VMX file: its entries in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VmxConf {
    pub entries: Vec<Entry>,
    /// Keys given more than once, when read with [`VmxConf::parse_allowing_duplicates`]:
    /// (key as repeated, line of the first, line of the repeat). The first value counts.
    pub duplicates: Vec<(String, usize, usize)>,
    /// lower-cased key -> position in `entries`
    index: std::collections::HashMap<String, usize>,
}

fn syntax_error(line: usize, what: &str) -> Error {
    Error::new(
        domain::CONF,
        code::CONF_SYNTAX,
        format!("memory conf:{line}: {what}"),
    )
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b':' || c == b'.' || c == b'-'
}

impl VmxConf {
    /// Parses VMX text; a key given twice is an error naming both lines.
    pub fn parse(text: &str) -> Result<VmxConf> {
        VmxConf::parse_with(text, false)
    }

    /// Parses VMX text as libvirt does: a key given again is kept out, the first value counts;
    /// the repeats are listed in `duplicates`.
    pub fn parse_allowing_duplicates(text: &str) -> Result<VmxConf> {
        VmxConf::parse_with(text, true)
    }

    fn parse_with(text: &str, allow_duplicates: bool) -> Result<VmxConf> {
        let bytes = text.as_bytes();
        let mut conf = VmxConf::default();
        let mut pos = 0usize;
        let mut line = 1usize;
        let len = bytes.len();

        let skip_blanks = |pos: &mut usize| {
            while *pos < len && (bytes[*pos] == b' ' || bytes[*pos] == b'\t') {
                *pos += 1;
            }
        };

        while pos < len {
            // skip blanks and end-of-lines
            while pos < len
                && (bytes[pos] == b' '
                    || bytes[pos] == b'\t'
                    || bytes[pos] == b'\r'
                    || bytes[pos] == b'\n')
            {
                if bytes[pos] == b'\n' {
                    line += 1;
                }
                pos += 1;
            }
            if pos >= len {
                break;
            }
            if bytes[pos] == b'#' {
                while pos < len && bytes[pos] != b'\n' && bytes[pos] != b'\r' {
                    pos += 1;
                }
                continue;
            }
            // name
            let start = pos;
            if !(bytes[pos].is_ascii_alphabetic() || bytes[pos] == b'.') {
                return Err(syntax_error(line, "expecting a name"));
            }
            while pos < len && is_name_char(bytes[pos]) {
                pos += 1;
            }
            let key = &text[start..pos];
            skip_blanks(&mut pos);
            if pos >= len || bytes[pos] != b'=' {
                return Err(syntax_error(line, "expecting an assignment"));
            }
            pos += 1;
            skip_blanks(&mut pos);
            if pos >= len {
                return Err(syntax_error(line, "expecting a value"));
            }
            let value: &str;
            let entry_line = line;
            match bytes[pos] {
                b'"' if bytes[pos..].starts_with(b"\"\"\"") && pos + 6 < len => {
                    pos += 3;
                    let vstart = pos;
                    while pos + 2 < len && !bytes[pos..].starts_with(b"\"\"\"") {
                        if bytes[pos] == b'\n' {
                            line += 1;
                        }
                        pos += 1;
                    }
                    if !bytes[pos..].starts_with(b"\"\"\"") {
                        return Err(syntax_error(line, "unterminated string"));
                    }
                    value = &text[vstart..pos];
                    pos += 3;
                }
                q @ (b'"' | b'\'') => {
                    pos += 1;
                    let vstart = pos;
                    while pos < len && bytes[pos] != q && bytes[pos] != b'\n' && bytes[pos] != b'\r'
                    {
                        pos += 1;
                    }
                    if pos >= len || bytes[pos] != q {
                        return Err(syntax_error(line, "unterminated string"));
                    }
                    value = &text[vstart..pos];
                    pos += 1;
                }
                b'[' => return Err(syntax_error(line, "lists not allowed in VMX format")),
                c if c.is_ascii_digit() || c == b'-' || c == b'+' => {
                    return Err(syntax_error(line, "numbers not allowed in VMX format"))
                }
                _ => return Err(syntax_error(line, "expecting a value")),
            }
            skip_blanks(&mut pos);
            if pos < len && bytes[pos] == b'#' {
                while pos < len && bytes[pos] != b'\n' && bytes[pos] != b'\r' {
                    pos += 1;
                }
            }
            // separator
            skip_blanks(&mut pos);
            if pos < len {
                match bytes[pos] {
                    b'\n' | b'\r' => {}
                    b';' => pos += 1,
                    _ => return Err(syntax_error(line, "expecting a separator")),
                }
            }
            let lower = key.to_ascii_lowercase();
            if let Some(&first) = conf.index.get(&lower) {
                let first_line = conf.entries[first].line;
                if allow_duplicates {
                    conf.duplicates
                        .push((key.to_string(), first_line, entry_line));
                    continue;
                }
                return Err(syntax_error(
                    entry_line,
                    &format!("duplicate key '{key}' (first given on line {first_line})"),
                ));
            }
            conf.index.insert(lower, conf.entries.len());
            conf.entries.push(Entry {
                key: key.to_string(),
                value: value.to_string(),
                line: entry_line,
            });
        }
        Ok(conf)
    }

    /// The value of `key`, compared case-insensitively.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.index
            .get(&key.to_ascii_lowercase())
            .and_then(|&i| self.entries.get(i))
            .map(|e| e.value.as_str())
    }

    /// Keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.key.as_str())
    }
}

/// Builds VMX text: one `key = "value"` line per entry, values always escaped.
#[derive(Debug, Default, Clone)]
pub struct VmxWriter {
    out: String,
    keys: std::collections::HashSet<String>,
    duplicate: Option<String>,
}

impl VmxWriter {
    pub fn new() -> VmxWriter {
        VmxWriter::default()
    }

    /// Appends `key = "value"`. Characters that would end the value or the line (`"`, `|`,
    /// control characters such as newlines) are written as VMware's `|XX` escapes, so a value
    /// can never inject a key. `value` must not contain those for keys libvirt writes raw; this
    /// matches libvirt's output for every value libvirt can write.
    pub fn set(&mut self, key: &str, value: &str) {
        if !self.keys.insert(key.to_ascii_lowercase()) && self.duplicate.is_none() {
            self.duplicate = Some(key.to_string());
        }
        self.out.push_str(key);
        self.out.push_str(" = \"");
        self.out.push_str(&escape_value(value));
        self.out.push_str("\"\n");
    }

    /// The text written; an error when some key was written twice (two devices claiming the
    /// same VMX slot), since VMware rejects such files.
    pub fn finish(self) -> Result<String> {
        match self.duplicate {
            Some(k) => Err(Error::new(
                domain::NONE,
                code::INTERNAL_ERROR,
                format!("VMX entry '{k}' would be written twice"),
            )),
            None => Ok(self.out),
        }
    }
}

/// Escapes what can't appear inside a quoted VMX value: `"` and control characters (below 0x20,
/// and 0x7f) become VMware's `|XX`. Everything else is written as is, so values libvirt already
/// escaped (names, annotations) and every ordinary value come out exactly as libvirt writes them.
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("|22"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("|{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// libvirt's `virVMXEscapeHex`: every byte equal to `escape` or in `special` becomes
/// `<escape>XX`.
pub fn escape_hex(s: &str, escape: u8, special: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b == escape || special.contains(&b) {
            out.push(escape);
            out.extend_from_slice(format!("{b:02x}").as_bytes());
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// libvirt's `virVMXUnescapeHex`: `<escape>XX` becomes the byte XX; `None` on a bad sequence
/// (or when the result is not UTF-8).
pub fn unescape_hex(s: &str, escape: u8) -> Option<String> {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == escape {
            let h = *b.get(i + 1)?;
            let l = *b.get(i + 2)?;
            if !h.is_ascii_hexdigit() || !l.is_ascii_hexdigit() {
                return None;
            }
            let v = (hexval(h) << 4) | hexval(l);
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hexval(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Turns VMX bytes in `encoding` into UTF-8. Supports UTF-8, US-ASCII, ISO-8859-1 (latin1),
/// ISO-8859-15 and windows-1252, the single-byte encodings VMware products write; multi-byte
/// legacy encodings (Shift_JIS, GBK, ...) are reported as unsupported.
pub fn convert_to_utf8(encoding: &str, bytes: &[u8]) -> Result<String> {
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    match enc.as_str() {
        "utf-8" | "utf8" => String::from_utf8(bytes.to_vec()).map_err(|_| {
            Error::new(
                domain::NONE,
                code::INTERNAL_ERROR,
                format!("Could not convert from {encoding} to UTF-8 encoding"),
            )
        }),
        "us-ascii" | "ascii" => {
            if bytes.is_ascii() {
                Ok(bytes.iter().map(|&b| b as char).collect())
            } else {
                Err(Error::new(
                    domain::NONE,
                    code::INTERNAL_ERROR,
                    format!("Could not convert from {encoding} to UTF-8 encoding"),
                ))
            }
        }
        "iso-8859-1" | "latin1" | "iso8859-1" | "latin-1" => {
            Ok(bytes.iter().map(|&b| b as char).collect())
        }
        "iso-8859-15" | "latin-9" | "latin9" | "iso8859-15" => {
            Ok(bytes.iter().map(|&b| latin9(b)).collect())
        }
        "windows-1252" | "cp1252" => Ok(bytes.iter().map(|&b| cp1252(b)).collect()),
        _ => Err(Error::new(
            domain::NONE,
            code::INTERNAL_ERROR,
            format!("libxml2 doesn't handle {encoding} encoding"),
        )),
    }
}

fn latin9(b: u8) -> char {
    match b {
        0xA4 => '\u{20AC}',
        0xA6 => '\u{0160}',
        0xA8 => '\u{0161}',
        0xB4 => '\u{017D}',
        0xB8 => '\u{017E}',
        0xBC => '\u{0152}',
        0xBD => '\u{0153}',
        0xBE => '\u{0178}',
        _ => b as char,
    }
}

fn cp1252(b: u8) -> char {
    const HIGH: [u32; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&b) {
        char::from_u32(HIGH[(b - 0x80) as usize]).unwrap_or('\u{FFFD}')
    } else {
        b as char
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_looks_up_case_insensitively() {
        let c = VmxConf::parse("# c\nconfig.version = \"8\"\n\nScsi0:0.Present = \"TRUE\" # x\n")
            .unwrap();
        assert_eq!(c.get("CONFIG.VERSION"), Some("8"));
        assert_eq!(c.get("scsi0:0.present"), Some("TRUE"));
        assert_eq!(c.entries[1].line, 4);
    }

    #[test]
    fn reports_errors_with_lines() {
        let e = VmxConf::parse("a = \"1\"\nb = 2\n").unwrap_err();
        assert_eq!(
            e.message,
            "configuration file syntax error: memory conf:2: numbers not allowed in VMX format"
        );
        let e = VmxConf::parse("a = \"1\"\nA = \"2\"\n").unwrap_err();
        assert!(e.message.contains("memory conf:2: duplicate key 'A'"));
        let e = VmxConf::parse("a = \"1\n").unwrap_err();
        assert!(e.message.contains("unterminated string"));
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_hex("a|b\"", b'|', b"\""), "a|7cb|22");
        assert_eq!(unescape_hex("a|7Cb|22", b'|').unwrap(), "a|b\"");
        assert!(unescape_hex("a|7", b'|').is_none());
        assert_eq!(escape_value("x\"\ny"), "x|22|0ay");
        let mut w = VmxWriter::new();
        w.set("displayName", "evil\"\nguestOS = \"x");
        let c = VmxConf::parse(&w.finish().unwrap()).unwrap();
        assert_eq!(c.entries.len(), 1);
    }
}
