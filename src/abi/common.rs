//! Entry points of `libvirt-common.h`: the typed-parameter helpers (`virTypedParams*`).
//!
//! Thin wrappers over `typed_params`. As in libvirt, the `Add` and typed `Get` functions reset
//! the thread's last error and report their own; `virTypedParamsGet`, `Clear`, `Free` and
//! `AddStringList` leave the last error alone.

use super::boundary::{entry, entry_void, Call};
use super::typed_params::{self as tp, Array, Source, Value};
use super::types::*;
use crate::error::Result;
use std::ffi::CStr;
use std::os::raw::*;

/// A C string argument that may be NULL.
///
/// # Safety
/// `p` is NULL or NUL-terminated and valid for the call.
unsafe fn opt<'a>(p: *const c_char) -> Option<&'a CStr> {
    (!p.is_null()).then(|| CStr::from_ptr(p))
}

/// Check the array pointers of an `Add` call (libvirt dereferences them unchecked; we report
/// them instead of crashing) and append.
unsafe fn add(
    cx: &Call,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    source: Source,
) -> Result<c_int> {
    cx.non_null(params, "params")?;
    cx.non_null(nparams, "nparams")?;
    cx.non_null(maxparams, "maxparams")?;
    let array = Array {
        params,
        nparams,
        maxparams,
    };
    array.add(opt(name), source)?;
    Ok(0)
}

/// A typed getter: 1 and `*value` set if found, 0 if absent, an error if of another type.
unsafe fn get<T>(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    ty: c_int,
    value: *mut T,
    read: impl FnOnce(&virTypedParameter) -> T,
) -> Result<c_int> {
    let all = tp::slice(params, nparams);
    match tp::get_typed(all, opt(name), ty)? {
        None => Ok(0),
        Some(p) => {
            if !value.is_null() {
                *value = read(p);
            }
            Ok(1)
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddBoolean(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_int,
) -> c_int {
    entry("virTypedParamsAddBoolean", VIR_FROM_NONE, |cx| {
        let v = Source::Value(Value::Boolean(value != 0));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddDouble(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_double,
) -> c_int {
    entry("virTypedParamsAddDouble", VIR_FROM_NONE, |cx| {
        let v = Source::Value(Value::Double(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddFromString(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    r#type: c_int,
    value: *const c_char,
) -> c_int {
    entry("virTypedParamsAddFromString", VIR_FROM_NONE, |cx| {
        let v = Source::Text(r#type, opt(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddInt(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_int,
) -> c_int {
    entry("virTypedParamsAddInt", VIR_FROM_NONE, |cx| {
        let v = Source::Value(Value::Int(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddLLong(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_longlong,
) -> c_int {
    entry("virTypedParamsAddLLong", VIR_FROM_NONE, |cx| {
        let v = Source::Value(Value::LLong(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddString(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: *const c_char,
) -> c_int {
    entry("virTypedParamsAddString", VIR_FROM_NONE, |cx| {
        let v = Source::String(opt(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

/// Adds each string of the NULL-terminated `values` under `name`, stopping at the first failure.
/// As libvirt's: NULL `values` is 0 and an empty list is -1, both without touching the last
/// error.
#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddStringList(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    values: *mut *const c_char,
) -> c_int {
    entry_void(-1, || {
        if values.is_null() {
            return 0;
        }
        let mut rv = -1;
        let mut i = 0;
        while !(*values.add(i)).is_null() {
            rv = virTypedParamsAddString(params, nparams, maxparams, name, *values.add(i));
            if rv < 0 {
                break;
            }
            i += 1;
        }
        rv
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddUInt(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_uint,
) -> c_int {
    entry("virTypedParamsAddUInt", VIR_FROM_NONE, |cx| {
        let v = Source::Value(Value::UInt(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddULLong(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_ulonglong,
) -> c_int {
    entry("virTypedParamsAddULLong", VIR_FROM_NONE, |cx| {
        let v = Source::Value(Value::ULLong(value));
        add(cx, params, nparams, maxparams, name, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsClear(params: virTypedParameterPtr, nparams: c_int) {
    entry_void((), || tp::clear(tp::slice(params, nparams)))
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsFree(params: virTypedParameterPtr, nparams: c_int) {
    entry_void((), || {
        tp::clear(tp::slice(params, nparams));
        libc::free(params as *mut c_void);
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGet(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
) -> virTypedParameterPtr {
    entry_void(std::ptr::null_mut(), || {
        let Some(name) = opt(name) else {
            return std::ptr::null_mut();
        };
        tp::find(tp::slice(params, nparams), name)
            .map_or(std::ptr::null_mut(), |p| p as *mut virTypedParameter)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetBoolean(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_int,
) -> c_int {
    entry("virTypedParamsGetBoolean", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_BOOLEAN, value, |p| {
            (p.value.b != 0) as c_int
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetDouble(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_double,
) -> c_int {
    entry("virTypedParamsGetDouble", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_DOUBLE, value, |p| {
            p.value.d
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetInt(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_int,
) -> c_int {
    entry("virTypedParamsGetInt", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_INT, value, |p| {
            p.value.i
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetLLong(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_longlong,
) -> c_int {
    entry("virTypedParamsGetLLong", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_LLONG, value, |p| {
            p.value.l
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetString(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut *const c_char,
) -> c_int {
    entry("virTypedParamsGetString", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_STRING, value, |p| {
            p.value.s as *const c_char
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetUInt(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_uint,
) -> c_int {
    entry("virTypedParamsGetUInt", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_UINT, value, |p| {
            p.value.ui
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetULLong(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_ulonglong,
) -> c_int {
    entry("virTypedParamsGetULLong", VIR_FROM_NONE, |_| {
        get(params, nparams, name, VIR_TYPED_PARAM_ULLONG, value, |p| {
            p.value.ul
        })
    })
}
