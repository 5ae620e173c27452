//! A minimal logging facility in libvirt's spirit, read once from the environment:
//!
//! - `LIBVIRT_DEBUG=N` (1 debug, 2 info, 3 warning, 4 error) logs at level N and above to stderr
//!   unless outputs are given;
//! - `LIBVIRT_LOG_OUTPUTS="N:stderr N:file:/path"` names the outputs, each with its own level
//!   (other output kinds, such as syslog or journald, are ignored).
//!
//! Callers never pass passwords, cookies or session keys here: the vSphere client logs method
//! names, durations and fault types/messages only.

use once_cell::sync::Lazy;
use std::fmt;
use std::io::Write;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// libvirt's log priorities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

impl Level {
    fn from_num(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::Debug),
            2 => Some(Level::Info),
            3 => Some(Level::Warn),
            4 => Some(Level::Error),
            _ => None,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warning",
            Level::Error => "error",
        }
    }
}

enum Target {
    Stderr,
    File(Mutex<std::fs::File>),
}

struct Output {
    level: Level,
    target: Target,
}

struct Config {
    /// The lowest level any output takes; `None` when logging is off.
    threshold: Option<Level>,
    outputs: Vec<Output>,
}

/// Parses `LIBVIRT_LOG_OUTPUTS`-style text into `(level, target)` pairs; a file target is its path.
fn parse_outputs(spec: &str) -> Vec<(Level, Option<String>)> {
    let mut out = Vec::new();
    for item in spec.split_whitespace() {
        let mut parts = item.splitn(3, ':');
        let level = parts
            .next()
            .and_then(|n| n.parse::<u8>().ok())
            .and_then(Level::from_num);
        let kind = parts.next();
        let rest = parts.next();
        match (level, kind, rest) {
            (Some(l), Some("stderr"), _) => out.push((l, None)),
            (Some(l), Some("file"), Some(path)) if !path.is_empty() => {
                out.push((l, Some(path.to_string())))
            }
            _ => {}
        }
    }
    out
}

fn config_from(debug: Option<String>, outputs: Option<String>) -> Config {
    let debug_level = debug
        .as_deref()
        .and_then(|d| d.trim().parse::<u8>().ok())
        .and_then(Level::from_num);
    let parsed = outputs.as_deref().map(parse_outputs).unwrap_or_default();
    let mut outs = Vec::new();
    if parsed.is_empty() {
        if let Some(l) = debug_level {
            outs.push(Output {
                level: l,
                target: Target::Stderr,
            });
        }
    }
    for (level, path) in parsed {
        let target = match path {
            None => Target::Stderr,
            Some(p) => match std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&p)
            {
                Ok(f) => Target::File(Mutex::new(f)),
                Err(_) => continue,
            },
        };
        // LIBVIRT_DEBUG, when given, is the floor for every output.
        let level = debug_level.map_or(level, |d| level.max(d));
        outs.push(Output { level, target });
    }
    Config {
        threshold: outs.iter().map(|o| o.level).min(),
        outputs: outs,
    }
}

static CONFIG: Lazy<Config> = Lazy::new(|| {
    config_from(
        std::env::var("LIBVIRT_DEBUG").ok(),
        std::env::var("LIBVIRT_LOG_OUTPUTS").ok(),
    )
});

/// Whether a message at `level` goes anywhere (to skip building it when not).
pub fn enabled(level: Level) -> bool {
    CONFIG.threshold.is_some_and(|t| level >= t)
}

/// Writes one line: `<time>: <pid>: <level> : <category> : <message>`.
pub fn log(level: Level, category: &str, msg: fmt::Arguments<'_>) {
    if !enabled(level) {
        return;
    }
    let line = format!(
        "{}: {}: {} : {} : {}\n",
        timestamp(),
        std::process::id(),
        level.word(),
        category,
        msg
    );
    for o in &CONFIG.outputs {
        if level < o.level {
            continue;
        }
        match &o.target {
            Target::Stderr => {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
            Target::File(f) => {
                if let Ok(mut f) = f.lock() {
                    let _ = f.write_all(line.as_bytes());
                }
            }
        }
    }
}

/// UTC time as libvirt prints it: `2026-11-25 20:05:26.123+0000`.
fn timestamp() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:03}+0000",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        now.subsec_millis()
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `log!(Level::Debug, "vsphere", "...", args)`.
#[macro_export]
macro_rules! vlog {
    ($level:expr, $cat:expr, $($arg:tt)*) => {
        if $crate::vsphere::log::enabled($level) {
            $crate::vsphere::log::log($level, $cat, format_args!($($arg)*));
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_parse() {
        let p = parse_outputs("1:stderr 3:file:/tmp/x.log 2:syslog:foo bad 9:stderr");
        assert_eq!(
            p,
            vec![
                (Level::Debug, None),
                (Level::Warn, Some("/tmp/x.log".into()))
            ]
        );
    }

    #[test]
    fn debug_alone_means_stderr() {
        let c = config_from(Some("1".into()), None);
        assert_eq!(c.threshold, Some(Level::Debug));
        let c = config_from(None, None);
        assert_eq!(c.threshold, None);
        let c = config_from(Some("3".into()), Some("1:stderr".into()));
        assert_eq!(c.threshold, Some(Level::Warn));
        let c = config_from(None, Some("2:stderr".into()));
        assert_eq!(c.threshold, Some(Level::Info));
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
        assert_eq!(timestamp().len(), 28);
    }
}
