//! Entry points of `libvirt-common.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddBoolean(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_int,
) -> c_int {
    entry("virTypedParamsAddBoolean", VIR_FROM_NONE, |cx| {
        cx.unsupported()
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
        cx.unsupported()
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
        cx.unsupported()
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
    entry("virTypedParamsAddInt", VIR_FROM_NONE, |cx| cx.unsupported())
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
        cx.unsupported()
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
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsAddStringList(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    values: *mut *const c_char,
) -> c_int {
    entry("virTypedParamsAddStringList", VIR_FROM_NONE, |cx| {
        cx.unsupported()
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
        cx.unsupported()
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
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsClear(params: virTypedParameterPtr, nparams: c_int) {
    entry("virTypedParamsClear", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsFree(params: virTypedParameterPtr, nparams: c_int) {
    entry("virTypedParamsFree", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGet(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
) -> virTypedParameterPtr {
    entry("virTypedParamsGet", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetBoolean(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_int,
) -> c_int {
    entry("virTypedParamsGetBoolean", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetDouble(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_double,
) -> c_int {
    entry("virTypedParamsGetDouble", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetInt(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_int,
) -> c_int {
    entry("virTypedParamsGetInt", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetLLong(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_longlong,
) -> c_int {
    entry("virTypedParamsGetLLong", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetString(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut *const c_char,
) -> c_int {
    entry("virTypedParamsGetString", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetUInt(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_uint,
) -> c_int {
    entry("virTypedParamsGetUInt", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virTypedParamsGetULLong(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_ulonglong,
) -> c_int {
    entry("virTypedParamsGetULLong", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}
