//! Entry points of `libvirt-stream.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virStreamAbort(stream: virStreamPtr) -> c_int {
    entry("virStreamAbort", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamEventAddCallback(
    stream: virStreamPtr,
    events: c_int,
    cb: virStreamEventCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry("virStreamEventAddCallback", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamEventRemoveCallback(stream: virStreamPtr) -> c_int {
    entry("virStreamEventRemoveCallback", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamEventUpdateCallback(
    stream: virStreamPtr,
    events: c_int,
) -> c_int {
    entry("virStreamEventUpdateCallback", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamFinish(stream: virStreamPtr) -> c_int {
    entry("virStreamFinish", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamFree(stream: virStreamPtr) -> c_int {
    entry("virStreamFree", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamNew(conn: virConnectPtr, flags: c_uint) -> virStreamPtr {
    entry("virStreamNew", VIR_FROM_STREAMS, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRecv(
    stream: virStreamPtr,
    data: *mut c_char,
    nbytes: usize,
) -> c_int {
    entry("virStreamRecv", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(data, "data")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRecvAll(
    stream: virStreamPtr,
    handler: virStreamSinkFunc,
    opaque: *mut c_void,
) -> c_int {
    entry("virStreamRecvAll", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(handler, "handler")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRecvFlags(
    stream: virStreamPtr,
    data: *mut c_char,
    nbytes: usize,
    flags: c_uint,
) -> c_int {
    entry("virStreamRecvFlags", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(data, "data")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRecvHole(
    stream: virStreamPtr,
    length: *mut c_longlong,
    flags: c_uint,
) -> c_int {
    entry("virStreamRecvHole", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(length, "length")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRef(stream: virStreamPtr) -> c_int {
    entry("virStreamRef", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSend(
    stream: virStreamPtr,
    data: *const c_char,
    nbytes: usize,
) -> c_int {
    entry("virStreamSend", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(data, "data")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSendAll(
    stream: virStreamPtr,
    handler: virStreamSourceFunc,
    opaque: *mut c_void,
) -> c_int {
    entry("virStreamSendAll", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(handler, "handler")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSendHole(
    stream: virStreamPtr,
    length: c_longlong,
    flags: c_uint,
) -> c_int {
    entry("virStreamSendHole", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSparseRecvAll(
    stream: virStreamPtr,
    handler: virStreamSinkFunc,
    holeHandler: virStreamSinkHoleFunc,
    opaque: *mut c_void,
) -> c_int {
    entry("virStreamSparseRecvAll", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        cx.non_null(handler, "handler")?;
        cx.non_null(holeHandler, "holeHandler")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSparseSendAll(
    stream: virStreamPtr,
    handler: virStreamSourceFunc,
    holeHandler: virStreamSourceHoleFunc,
    skipHandler: virStreamSourceSkipFunc,
    opaque: *mut c_void,
) -> c_int {
    entry("virStreamSparseSendAll", VIR_FROM_STREAMS, |cx| {
        cx.unsupported()
    })
}
