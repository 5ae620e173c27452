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

/// Turns VMX bytes in `encoding` into UTF-8, as libvirt does through libxml2 and iconv: any
/// encoding VMware products write (UTF-8, windows-125x, ISO-8859-x, GBK/GB18030, Big5,
/// Shift_JIS, EUC-JP, EUC-KR, KOI8-R, ...) by its name, decoded by `encoding_rs`. Bytes that
/// are not valid in the encoding are an error, as with iconv.
///
/// WHATWG's label table (which `encoding_rs` follows) reads `ISO-8859-1` and `US-ASCII` as
/// windows-1252; iconv reads them as what they are, so those two are decoded here.
pub fn convert_to_utf8(encoding: &str, bytes: &[u8]) -> Result<String> {
    let failed = || {
        Error::new(
            domain::NONE,
            code::INTERNAL_ERROR,
            format!("Could not convert from {encoding} to UTF-8 encoding"),
        )
    };
    let label = encoding.trim().to_ascii_lowercase().replace('_', "-");
    match label.as_str() {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "iso-ir-100" | "cp819" => {
            return Ok(encoding_rs::mem::decode_latin1(bytes).into_owned())
        }
        "us-ascii" | "ascii" | "ansi-x3.4-1968" => {
            return if bytes.is_ascii() {
                Ok(encoding_rs::mem::decode_latin1(bytes).into_owned())
            } else {
                Err(failed())
            }
        }
        _ => {}
    }
    let enc = encoding_rs::Encoding::for_label_no_replacement(label.as_bytes())
        .or_else(|| {
            // iconv's spellings that WHATWG lacks
            let alias = match label.as_str() {
                "cp1250" | "cp1251" | "cp1252" | "cp1253" | "cp1254" | "cp1255" | "cp1256"
                | "cp1257" | "cp1258" => format!("windows-{}", &label[2..]),
                "sjis" | "shiftjis" | "cp932" | "windows-31j" => "shift_jis".to_string(),
                "cp936" => "gbk".to_string(),
                "cp949" | "uhc" => "euc-kr".to_string(),
                "cp950" | "big5-hkscs" => "big5".to_string(),
                _ => return None,
            };
            encoding_rs::Encoding::for_label_no_replacement(alias.as_bytes())
        })
        .ok_or_else(|| {
            Error::new(
                domain::NONE,
                code::INTERNAL_ERROR,
                format!("libxml2 doesn't handle {encoding} encoding"),
            )
        })?;
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(failed)
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

    #[test]
    fn encodings_vmware_writes() {
        let c = |e: &str, b: &[u8]| convert_to_utf8(e, b).unwrap();
        assert_eq!(c("windows-1252", b"caf\xe9 \x80"), "caf\u{e9} \u{20ac}");
        assert_eq!(c("ISO-8859-1", b"\x80\xe9"), "\u{80}\u{e9}");
        assert_eq!(c("iso-8859-15", b"\xa4"), "\u{20ac}");
        assert_eq!(c("windows-1251", b"\xcf\xf0"), "\u{41f}\u{440}");
        assert_eq!(c("Shift_JIS", b"\x93\xfa\x96\x7b"), "\u{65e5}\u{672c}");
        assert_eq!(c("GBK", b"\xd6\xd0\xce\xc4"), "\u{4e2d}\u{6587}");
        assert_eq!(c("big5", b"\xa4\xa4"), "\u{4e2d}");
        assert_eq!(c("EUC-KR", b"\xc7\xd1"), "\u{d55c}");
        assert_eq!(c("cp1250", b"\x8a"), "\u{160}");
        assert!(convert_to_utf8("Shift_JIS", b"\x93").is_err());
        assert!(convert_to_utf8("us-ascii", b"\xe9").is_err());
        let e = convert_to_utf8("x-klingon", b"a").unwrap_err();
        assert_eq!(
            e.message,
            "internal error: libxml2 doesn't handle x-klingon encoding"
        );
    }
}
