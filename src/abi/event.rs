//! Entry points of `libvirt-event.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virEventAddHandle(
    fd: c_int,
    events: c_int,
    cb: virEventHandleCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry("virEventAddHandle", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virEventAddTimeout(
    timeout: c_int,
    cb: virEventTimeoutCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry("virEventAddTimeout", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virEventRegisterDefaultImpl() -> c_int {
    entry("virEventRegisterDefaultImpl", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventRegisterImpl(
    addHandle: virEventAddHandleFunc,
    updateHandle: virEventUpdateHandleFunc,
    removeHandle: virEventRemoveHandleFunc,
    addTimeout: virEventAddTimeoutFunc,
    updateTimeout: virEventUpdateTimeoutFunc,
    removeTimeout: virEventRemoveTimeoutFunc,
) {
    entry("virEventRegisterImpl", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virEventRemoveHandle(watch: c_int) -> c_int {
    entry("virEventRemoveHandle", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virEventRemoveTimeout(timer: c_int) -> c_int {
    entry("virEventRemoveTimeout", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventRunDefaultImpl() -> c_int {
    entry("virEventRunDefaultImpl", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventUpdateHandle(watch: c_int, events: c_int) {
    entry("virEventUpdateHandle", VIR_FROM_NONE, |cx| cx.unsupported())
}

#[no_mangle]
pub unsafe extern "C" fn virEventUpdateTimeout(timer: c_int, timeout: c_int) {
    entry("virEventUpdateTimeout", VIR_FROM_NONE, |cx| {
        cx.unsupported()
    })
}
