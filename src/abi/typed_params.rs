//! The logic behind `virTypedParams*`: arrays of `virTypedParameter` in `malloc`'d memory, grown,
//! filled and searched as libvirt 9.0's `virtypedparam-public.c` does, with its error wording.
//!
//! The entry points in `common.rs` only check their pointers and call in here.

use super::types::*;
use crate::error::{code, domain, Error, Result};
use std::ffi::CStr;
use std::os::raw::*;
use std::ptr;

/// A value to store in a parameter. Strings are `malloc`'d and owned by the parameter once stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    Int(c_int),
    UInt(c_uint),
    LLong(c_longlong),
    ULLong(c_ulonglong),
    Double(c_double),
    Boolean(bool),
    String(*mut c_char),
}

impl Value {
    fn type_code(&self) -> c_int {
        match self {
            Value::Int(_) => VIR_TYPED_PARAM_INT,
            Value::UInt(_) => VIR_TYPED_PARAM_UINT,
            Value::LLong(_) => VIR_TYPED_PARAM_LLONG,
            Value::ULLong(_) => VIR_TYPED_PARAM_ULLONG,
            Value::Double(_) => VIR_TYPED_PARAM_DOUBLE,
            Value::Boolean(_) => VIR_TYPED_PARAM_BOOLEAN,
            Value::String(_) => VIR_TYPED_PARAM_STRING,
        }
    }

    /// Store into `param` (the field is set apart).
    fn store(self, param: &mut virTypedParameter) {
        param.r#type = self.type_code();
        match self {
            Value::Int(v) => param.value.i = v,
            Value::UInt(v) => param.value.ui = v,
            Value::LLong(v) => param.value.l = v,
            Value::ULLong(v) => param.value.ul = v,
            Value::Double(v) => param.value.d = v,
            Value::Boolean(v) => param.value.b = v as c_char,
            Value::String(s) => param.value.s = s,
        }
    }
}

/// The name libvirt gives a parameter type (`virTypedParameterTypeToString`); a type outside the
/// enum prints as glib prints a NULL string.
pub(crate) fn type_name(t: c_int) -> &'static str {
    match t {
        0 => "unknown",
        VIR_TYPED_PARAM_INT => "int",
        VIR_TYPED_PARAM_UINT => "uint",
        VIR_TYPED_PARAM_LLONG => "llong",
        VIR_TYPED_PARAM_ULLONG => "ullong",
        VIR_TYPED_PARAM_DOUBLE => "double",
        VIR_TYPED_PARAM_BOOLEAN => "boolean",
        VIR_TYPED_PARAM_STRING => "string",
        _ => "(null)",
    }
}

/// The new allocation for an array of `max` slots holding `count` that needs `add` more
/// (`virResizeN`): `None` when it fits, else at least `count + add`, growing by half at least.
pub(crate) fn grown_size(max: usize, count: usize, add: usize) -> Option<usize> {
    let need = count.checked_add(add)?;
    if need <= max {
        return None;
    }
    let delta = (need - max).max(max / 2);
    max.checked_add(delta)
}

/// The text of a name as libvirt's messages print it (`%s`; NULL prints as "(null)").
fn shown(name: Option<&CStr>) -> String {
    name.map_or_else(
        || "(null)".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A field name for a parameter (`virStrcpyStatic` into `field`): it must leave room for its NUL.
/// A NULL name leaves the field empty, as libvirt's (asserting) `g_strlcpy` does.
pub(crate) fn field_of(name: Option<&CStr>) -> Result<[c_char; VIR_TYPED_PARAM_FIELD_LENGTH]> {
    let mut field = [0 as c_char; VIR_TYPED_PARAM_FIELD_LENGTH];
    let Some(n) = name else { return Ok(field) };
    let bytes = n.to_bytes();
    if bytes.len() >= VIR_TYPED_PARAM_FIELD_LENGTH {
        return Err(Error::new(
            domain::NONE,
            code::INTERNAL_ERROR,
            format!("Field name '{}' too long", shown(name)),
        ));
    }
    for (d, s) in field.iter_mut().zip(bytes) {
        *d = *s as c_char;
    }
    Ok(field)
}

/// The name stored in a parameter's field (up to its NUL, or the whole field if it has none).
pub(crate) fn field_name(field: &[c_char; VIR_TYPED_PARAM_FIELD_LENGTH]) -> &[u8] {
    // SAFETY: c_char and u8 have the same size and alignment
    let bytes: &[u8] = unsafe { &*(field as *const [c_char] as *const [u8]) };
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..len]
}

/// The error of a `virTypedParamsGet*` asked for the wrong type.
pub(crate) fn type_mismatch(requested: c_int, name: &CStr, actual: c_int) -> Error {
    Error::new(
        domain::NONE,
        code::INVALID_ARG,
        format!(
            "Invalid type '{}' requested for parameter '{}', actual type is '{}'",
            type_name(requested),
            name.to_string_lossy(),
            type_name(actual)
        ),
    )
}

fn invalid_value(name: Option<&CStr>, expected: &str) -> Error {
    Error::new(
        domain::NONE,
        code::INVALID_ARG,
        format!(
            "Invalid value for field '{}': expected {expected}",
            shown(name)
        ),
    )
}

fn errno_ptr() -> *mut c_int {
    // SAFETY: glibc's per-thread errno location is always valid
    unsafe { libc::__errno_location() }
}

/// The result of a `strto*` call: the value, whether it failed (errno, nothing read, or text
/// left over), and the bytes it read.
fn strto<T>(s: &CStr, f: impl FnOnce(*const c_char, *mut *mut c_char) -> T) -> (T, bool, usize) {
    let mut end: *mut c_char = ptr::null_mut();
    // SAFETY: errno is this thread's; `s` is NUL-terminated and `end` points into it
    unsafe {
        *errno_ptr() = 0;
        let v = f(s.as_ptr(), &mut end);
        let err = *errno_ptr() != 0;
        let read = (end as usize).saturating_sub(s.as_ptr() as usize);
        let rest = if end.is_null() { 0 } else { *end };
        (v, err || rest != 0 || read == 0, read)
    }
}

/// `virStrToLong_i`.
pub(crate) fn parse_int(s: &CStr) -> Option<c_int> {
    // SAFETY: strtol on a NUL-terminated string
    let (v, err, _) = strto(s, |p, e| unsafe { libc::strtol(p, e, 10) });
    let narrow = v as c_int;
    (!err && narrow as c_long == v).then_some(narrow)
}

/// `virStrToLong_ui`: "-1" is `UINT_MAX` (twos-complement wraparound), larger magnitudes fail.
pub(crate) fn parse_uint(s: &CStr) -> Option<c_uint> {
    // SAFETY: strtoul on a NUL-terminated string
    let (mut v, mut err, read) = strto(s, |p, e| unsafe { libc::strtoul(p, e, 10) });
    if s.to_bytes()[..read].contains(&b'-') {
        if v.wrapping_neg() > c_uint::MAX as c_ulong {
            err = true;
        } else {
            v &= 0xffff_ffff;
        }
    }
    let narrow = v as c_uint;
    (!err && narrow as c_ulong == v).then_some(narrow)
}

/// `virStrToLong_ll`.
pub(crate) fn parse_llong(s: &CStr) -> Option<c_longlong> {
    // SAFETY: strtoll on a NUL-terminated string
    let (v, err, _) = strto(s, |p, e| unsafe { libc::strtoll(p, e, 10) });
    (!err).then_some(v)
}

/// `virStrToLong_ull` (negative numbers wrap around, as strtoull does).
pub(crate) fn parse_ullong(s: &CStr) -> Option<c_ulonglong> {
    // SAFETY: strtoull on a NUL-terminated string
    let (v, err, _) = strto(s, |p, e| unsafe { libc::strtoull(p, e, 10) });
    (!err).then_some(v)
}

/// The C locale, for reading numbers independently of the program's locale.
fn c_locale() -> libc::locale_t {
    static LOCALE: once_cell::sync::OnceCell<usize> = once_cell::sync::OnceCell::new();
    *LOCALE.get_or_init(|| {
        // SAFETY: a new locale object, kept for the life of the process
        unsafe { libc::newlocale(libc::LC_ALL_MASK, c"C".as_ptr(), ptr::null_mut()) as usize }
    }) as libc::locale_t
}

/// `virStrToDouble`: strtod in the C locale.
pub(crate) fn parse_double(s: &CStr) -> Option<c_double> {
    let loc = c_locale();
    if loc.is_null() {
        return None;
    }
    // SAFETY: switch this thread to the C locale around strtod and back
    let (v, err, _) = strto(s, |p, e| unsafe {
        let old = libc::uselocale(loc);
        let v = libc::strtod(p, e);
        let saved = *errno_ptr();
        if !old.is_null() {
            libc::uselocale(old);
        }
        *errno_ptr() = saved;
        v
    });
    (!err).then_some(v)
}

/// `virTypedParameterAssignFromStr` minus the field: the value of `val` as a parameter of type
/// `ty`. A string value is `malloc`'d.
pub(crate) fn parse_value(name: Option<&CStr>, ty: c_int, val: &CStr) -> Result<Value> {
    let v = match ty {
        VIR_TYPED_PARAM_INT => {
            Value::Int(parse_int(val).ok_or_else(|| invalid_value(name, "int"))?)
        }
        VIR_TYPED_PARAM_UINT => {
            Value::UInt(parse_uint(val).ok_or_else(|| invalid_value(name, "unsigned int"))?)
        }
        VIR_TYPED_PARAM_LLONG => {
            Value::LLong(parse_llong(val).ok_or_else(|| invalid_value(name, "long long"))?)
        }
        VIR_TYPED_PARAM_ULLONG => Value::ULLong(
            parse_ullong(val).ok_or_else(|| invalid_value(name, "unsigned long long"))?,
        ),
        VIR_TYPED_PARAM_DOUBLE => {
            Value::Double(parse_double(val).ok_or_else(|| invalid_value(name, "double"))?)
        }
        VIR_TYPED_PARAM_BOOLEAN => {
            let b = val.to_bytes();
            if b.eq_ignore_ascii_case(b"true") || b == b"1" {
                Value::Boolean(true)
            } else if b.eq_ignore_ascii_case(b"false") || b == b"0" {
                Value::Boolean(false)
            } else {
                return Err(Error::new(
                    domain::NONE,
                    code::INVALID_ARG,
                    format!("Invalid boolean value for field '{}'", shown(name)),
                ));
            }
        }
        VIR_TYPED_PARAM_STRING => Value::String(dup(val)?),
        _ => {
            return Err(Error::new(
                domain::NONE,
                code::INTERNAL_ERROR,
                format!("unexpected type {ty} for field {}", shown(name)),
            ))
        }
    };
    Ok(v)
}

fn no_memory() -> Error {
    Error::bare(domain::NONE, code::NO_MEMORY)
}

/// A `malloc`'d copy of `s`.
pub(crate) fn dup(s: &CStr) -> Result<*mut c_char> {
    // SAFETY: strdup of a NUL-terminated string
    let p = unsafe { libc::strdup(s.as_ptr()) };
    if p.is_null() {
        return Err(no_memory());
    }
    Ok(p)
}

/// The array the caller passes as `params`/`nparams`/`maxparams` to the `Add` functions.
pub(crate) struct Array {
    pub params: *mut virTypedParameterPtr,
    pub nparams: *mut c_int,
    pub maxparams: *mut c_int,
}

/// What a new parameter holds: a value ready to store, or text to parse as a type.
pub(crate) enum Source<'a> {
    Value(Value),
    /// `virTypedParamsAddString`: NULL stores "".
    String(Option<&'a CStr>),
    Text(c_int, Option<&'a CStr>),
}

impl Array {
    /// Make room for one more parameter (`VIR_RESIZE_N`), zero-filling new slots, and publish
    /// the new size in `*maxparams`. Returns the slot for the new parameter.
    ///
    /// # Safety
    /// The three pointers are valid; `*params` is NULL or `malloc`'d with `*maxparams` slots.
    unsafe fn reserve_one(&self) -> Result<*mut virTypedParameter> {
        let n = usize::try_from(*self.nparams).map_err(|_| {
            Error::new(
                domain::NONE,
                code::INTERNAL_ERROR,
                format!("invalid number of parameters {}", *self.nparams),
            )
        })?;
        let max = usize::try_from(*self.maxparams).unwrap_or(0);
        if let Some(new_max) = grown_size(max, n, 1) {
            let c_max = c_int::try_from(new_max).map_err(|_| no_memory())?;
            let size = std::mem::size_of::<virTypedParameter>();
            let bytes = new_max.checked_mul(size).ok_or_else(no_memory)?;
            let p = libc::realloc(*self.params as *mut c_void, bytes) as *mut virTypedParameter;
            if p.is_null() {
                return Err(no_memory());
            }
            ptr::write_bytes(p.add(max), 0, new_max - max);
            *self.params = p;
            *self.maxparams = c_max;
        }
        Ok((*self.params).add(n))
    }

    /// Append a parameter as libvirt's `virTypedParamsAdd*` do: the array grows first (and stays
    /// grown on error), then the name and value are checked and stored.
    ///
    /// # Safety
    /// As for `reserve_one`.
    pub(crate) unsafe fn add(&self, name: Option<&CStr>, source: Source) -> Result<()> {
        let slot = &mut *self.reserve_one()?;
        let value = match source {
            Source::Value(v) => {
                slot.field = field_of(name)?;
                v
            }
            Source::String(s) => {
                let copy = dup(s.unwrap_or(c""))?;
                match field_of(name) {
                    Ok(f) => slot.field = f,
                    Err(e) => {
                        libc::free(copy as *mut c_void);
                        return Err(e);
                    }
                }
                Value::String(copy)
            }
            Source::Text(ty, text) => {
                let Some(text) = text else {
                    return Err(Error::new(
                        domain::NONE,
                        code::INVALID_ARG,
                        format!("NULL value for field '{}'", shown(name)),
                    ));
                };
                slot.field = field_of(name)?;
                parse_value(name, ty, text)?
            }
        };
        value.store(slot);
        *self.nparams += 1;
        Ok(())
    }
}

/// The parameters of a C array, for reading. A NULL array or a negative count is empty.
///
/// # Safety
/// `params` is NULL or points to `nparams` parameters valid for `'a`.
pub(crate) unsafe fn slice<'a>(
    params: virTypedParameterPtr,
    nparams: c_int,
) -> &'a mut [virTypedParameter] {
    match usize::try_from(nparams) {
        Ok(n) if !params.is_null() && n > 0 => std::slice::from_raw_parts_mut(params, n),
        _ => &mut [],
    }
}

/// The first parameter called `name` (`virTypedParamsGet`).
pub(crate) fn find<'a>(
    params: &'a mut [virTypedParameter],
    name: &CStr,
) -> Option<&'a mut virTypedParameter> {
    params
        .iter_mut()
        .find(|p| field_name(&p.field) == name.to_bytes())
}

/// Look `name` up for a typed getter: `Ok(None)` if absent, an error if of another type.
pub(crate) fn get_typed<'a>(
    params: &'a mut [virTypedParameter],
    name: Option<&CStr>,
    ty: c_int,
) -> Result<Option<&'a virTypedParameter>> {
    let Some(name) = name else { return Ok(None) };
    match find(params, name) {
        None => Ok(None),
        Some(p) if p.r#type != ty => Err(type_mismatch(ty, name, p.r#type)),
        Some(p) => Ok(Some(p)),
    }
}

/// Free the strings of the parameters (`virTypedParamsClear`); the array itself stays.
pub(crate) fn clear(params: &mut [virTypedParameter]) {
    for p in params {
        if p.r#type == VIR_TYPED_PARAM_STRING {
            // SAFETY: a string parameter's value is malloc'd (or NULL) by the array's contract
            unsafe {
                libc::free(p.value.s as *mut c_void);
                p.value.s = ptr::null_mut();
            }
        }
    }
}

/// The parameters `virDomainMigrate3` passes on to the version-1 protocol: libvirt accepts only
/// these four there.
pub(crate) struct MigrateParams {
    pub uri: Option<String>,
    pub dname: Option<String>,
    pub dxml: Option<String>,
}

impl MigrateParams {
    /// # Safety
    /// `params` holds `nparams` valid parameters (or is NULL with 0).
    pub(crate) unsafe fn read(
        params: virTypedParameterPtr,
        nparams: c_uint,
    ) -> Result<MigrateParams> {
        let mut out = MigrateParams {
            uri: None,
            dname: None,
            dxml: None,
        };
        if params.is_null() {
            return Ok(out);
        }
        for i in 0..nparams as usize {
            let p = &*params.add(i);
            let name = field_name(&p.field);
            let text = || {
                if p.r#type == VIR_TYPED_PARAM_STRING && !p.value.s.is_null() {
                    Some(CStr::from_ptr(p.value.s).to_string_lossy().into_owned())
                } else {
                    None
                }
            };
            match name {
                b"migrate_uri" => out.uri = text(),
                b"destination_name" => out.dname = text(),
                b"destination_xml" => out.dxml = text(),
                b"bandwidth" => {}
                _ => {
                    return Err(Error::new(
                        VIR_FROM_DOMAIN,
                        VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Migration APIs with extensible parameters are not supported but \
                         extended parameters were passed",
                    ))
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    fn c(s: &str) -> CString {
        CString::new(s).unwrap_or_default()
    }

    #[test]
    fn growth_follows_vir_resize_n() {
        let mut max = 0;
        let mut seen = vec![];
        for n in 0..10 {
            if let Some(m) = grown_size(max, n, 1) {
                max = m;
            }
            seen.push(max);
        }
        assert_eq!(seen, vec![1, 2, 3, 4, 6, 6, 9, 9, 9, 13]);
        assert_eq!(grown_size(5, 2, 1), None);
        assert_eq!(grown_size(usize::MAX, usize::MAX, 1), None);
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name(VIR_TYPED_PARAM_ULLONG), "ullong");
        assert_eq!(type_name(0), "unknown");
        assert_eq!(type_name(42), "(null)");
        let e = type_mismatch(VIR_TYPED_PARAM_UINT, &c("k1"), VIR_TYPED_PARAM_INT);
        assert_eq!(
            e.message,
            "invalid argument: Invalid type 'uint' requested for parameter 'k1', actual type is 'int'"
        );
        assert_eq!(e.code, code::INVALID_ARG);
        assert_eq!(e.domain, domain::NONE);
    }

    #[test]
    fn field_length_is_checked() {
        let ok = "a".repeat(79);
        let f = field_of(Some(&c(&ok))).unwrap_or([1; VIR_TYPED_PARAM_FIELD_LENGTH]);
        assert_eq!(field_name(&f), ok.as_bytes());
        let long = "a".repeat(80);
        let e = field_of(Some(&c(&long))).err();
        assert_eq!(
            e.map(|e| e.message),
            Some(format!("internal error: Field name '{long}' too long"))
        );
        assert_eq!(field_of(None).map(|f| f[0]), Ok(0));
    }

    #[test]
    fn numbers_parse_as_libvirt() {
        assert_eq!(parse_int(&c("12")), Some(12));
        assert_eq!(parse_int(&c(" -7")), Some(-7));
        assert_eq!(parse_int(&c("12x")), None);
        assert_eq!(parse_int(&c("")), None);
        assert_eq!(parse_int(&c("4294967296")), None);
        assert_eq!(parse_uint(&c("-1")), Some(u32::MAX));
        assert_eq!(parse_uint(&c("4294967295")), Some(u32::MAX));
        assert_eq!(parse_uint(&c("4294967296")), None);
        assert_eq!(parse_uint(&c("-4294967296")), None);
        assert_eq!(parse_llong(&c("-9223372036854775808")), Some(i64::MIN));
        assert_eq!(parse_llong(&c("9223372036854775808")), None);
        assert_eq!(parse_ullong(&c("18446744073709551615")), Some(u64::MAX));
        assert_eq!(parse_ullong(&c("-1")), Some(u64::MAX));
        assert_eq!(parse_ullong(&c("x")), None);
        assert_eq!(parse_double(&c(" 1.5")), Some(1.5));
        assert_eq!(parse_double(&c("1,5")), None);
        assert_eq!(parse_double(&c("1e400")), None);
    }

    #[test]
    fn values_parse_with_libvirt_errors() {
        let n = c("f");
        let msg = |ty, v: &str| parse_value(Some(&n), ty, &c(v)).err().map(|e| e.message);
        assert_eq!(
            parse_value(Some(&n), VIR_TYPED_PARAM_BOOLEAN, &c("TRUE")),
            Ok(Value::Boolean(true))
        );
        assert_eq!(
            parse_value(Some(&n), VIR_TYPED_PARAM_BOOLEAN, &c("0")),
            Ok(Value::Boolean(false))
        );
        assert_eq!(
            msg(VIR_TYPED_PARAM_BOOLEAN, "yes").as_deref(),
            Some("invalid argument: Invalid boolean value for field 'f'")
        );
        assert_eq!(
            msg(VIR_TYPED_PARAM_UINT, "x").as_deref(),
            Some("invalid argument: Invalid value for field 'f': expected unsigned int")
        );
        assert_eq!(
            msg(99, "1").as_deref(),
            Some("internal error: unexpected type 99 for field f")
        );
        let s = parse_value(Some(&n), VIR_TYPED_PARAM_STRING, &c("hello"));
        assert!(matches!(s, Ok(Value::String(_))));
        if let Ok(Value::String(p)) = s {
            // SAFETY: the malloc'd copy just made
            unsafe {
                assert_eq!(CStr::from_ptr(p).to_bytes(), b"hello");
                libc::free(p as *mut c_void);
            }
        }
    }

    #[test]
    fn add_get_clear_roundtrip() {
        let mut params: virTypedParameterPtr = ptr::null_mut();
        let (mut n, mut max) = (0, 0);
        let arr = Array {
            params: &mut params,
            nparams: &mut n,
            maxparams: &mut max,
        };
        // SAFETY: a fresh array owned by this test
        unsafe {
            assert!(arr.add(Some(&c("a")), Source::Value(Value::Int(5))).is_ok());
            assert!(arr.add(Some(&c("s")), Source::String(None)).is_ok());
            assert!(arr
                .add(
                    Some(&c("u")),
                    Source::Text(VIR_TYPED_PARAM_ULLONG, Some(&c("42")))
                )
                .is_ok());
            let bad = arr.add(Some(&c(&"x".repeat(90))), Source::Value(Value::Int(1)));
            assert_eq!(bad.err().map(|e| e.code), Some(code::INTERNAL_ERROR));
            assert_eq!((*arr.nparams, *arr.maxparams), (3, 4));
            let all = slice(*arr.params, *arr.nparams);
            let a = get_typed(all, Some(&c("a")), VIR_TYPED_PARAM_INT);
            assert_eq!(a.ok().flatten().map(|p| p.value.i), Some(5));
            let u = get_typed(all, Some(&c("u")), VIR_TYPED_PARAM_ULLONG);
            assert_eq!(u.ok().flatten().map(|p| p.value.ul), Some(42));
            let s = get_typed(all, Some(&c("s")), VIR_TYPED_PARAM_STRING);
            let sp = s
                .ok()
                .flatten()
                .map(|p| p.value.s)
                .unwrap_or(ptr::null_mut());
            assert_eq!(CStr::from_ptr(sp).to_bytes(), b"");
            assert!(get_typed(all, Some(&c("a")), VIR_TYPED_PARAM_UINT).is_err());
            assert!(matches!(
                get_typed(all, Some(&c("zz")), VIR_TYPED_PARAM_INT),
                Ok(None)
            ));
            assert!(matches!(
                get_typed(all, None, VIR_TYPED_PARAM_INT),
                Ok(None)
            ));
            clear(all);
            assert!(all[1].value.s.is_null());
            libc::free(*arr.params as *mut c_void);
        }
    }
}
