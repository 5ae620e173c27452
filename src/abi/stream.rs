//! Entry points of `libvirt-stream.h`. The transfer itself is the driver's
//! ([`crate::driver::stream::Stream`]); the `...All` helpers loop over it with the caller's
//! callbacks the way libvirt's public layer does.

use super::boundary::{entry, Call};
use super::handles::{self, Kind};
use super::objects::StreamObject;
use super::types::*;
use crate::driver::stream::Stream;
use crate::error::{code, domain as from, Error, Result};
use std::os::raw::*;
use std::sync::Arc;

/// libvirt's `VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX`: the piece size of the `...All` loops.
const PIECE: usize = 262120;

/// What libvirt's public layer reports for a stream no driver call has opened: the function
/// it was in lacks a stream driver.
fn unopened(function: &str) -> Error {
    Error::new(from::STREAMS, code::NO_SUPPORT, function)
}

/// `virReportSystemError` of a failed callback: the caller's `errno` (EIO when unset).
fn callback_failed(what: &str) -> Error {
    // SAFETY: glibc's per-thread errno location is always valid
    let errno = match unsafe { *libc::__errno_location() } {
        0 => libc::EIO,
        e => e,
    };
    // SAFETY: strerror returns a NUL-terminated string valid until the next call on this thread
    let text = unsafe { std::ffi::CStr::from_ptr(libc::strerror(errno)) }.to_string_lossy();
    let mut e = Error::new(
        from::STREAMS,
        VIR_ERR_SYSTEM_ERROR,
        format!("{what}: {text}"),
    );
    e.int1 = errno;
    e
}

fn set_errno(v: c_int) {
    // SAFETY: as above
    unsafe { *libc::__errno_location() = v };
}

/// `virStreamRecv` on the driver: the caller's buffer, `nbytes` long, filled.
///
/// # Safety
/// `data` points at `nbytes` writable bytes.
unsafe fn recv_into(
    st: &Stream,
    data: *mut c_char,
    nbytes: usize,
    function: &str,
) -> Result<c_int> {
    let n = nbytes.min(c_int::MAX as usize);
    let buf: &mut [u8] = if n == 0 {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(data as *mut u8, n)
    };
    match st.recv(buf)? {
        Some(got) => Ok(got as c_int),
        None => Err(unopened(function)),
    }
}

/// `virStreamSend` on the driver: all of the caller's `nbytes`.
///
/// # Safety
/// `data` points at `nbytes` readable bytes.
unsafe fn send_from(
    st: &Stream,
    data: *const c_char,
    nbytes: usize,
    function: &str,
) -> Result<c_int> {
    let n = nbytes.min(c_int::MAX as usize);
    let buf: &[u8] = if n == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(data as *const u8, n)
    };
    match st.send(buf)? {
        Some(put) => Ok(put as c_int),
        None => Err(unopened(function)),
    }
}

/// The `...All` helpers, after libvirt's: the stream, then the callbacks (`checks`), then
/// blocking mode, then `body`; on any failure after the stream check the stream is aborted, as
/// libvirt aborts it (keeping the error).
fn all_helper(
    cx: &mut Call,
    stream: virStreamPtr,
    what: &str,
    checks: impl FnOnce(&Call) -> Result<()>,
    body: impl FnOnce(&Stream) -> Result<c_int>,
) -> Result<c_int> {
    let st = cx.stream(stream)?;
    let outcome = checks(cx).and_then(|()| {
        if st.stream.nonblocking() {
            return Err(Error::new(
                from::STREAMS,
                code::OPERATION_INVALID,
                format!("{what} cannot be used for non-blocking streams"),
            ));
        }
        body(&st.stream)
    });
    if outcome.is_err() {
        st.stream.abort();
    }
    outcome
}

#[no_mangle]
pub unsafe extern "C" fn virStreamAbort(stream: virStreamPtr) -> c_int {
    entry("virStreamAbort", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?.stream.abort();
        Ok(0)
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
        match cx.stream(stream)?.stream.finish()? {
            Some(()) => Ok(0),
            None => cx.unsupported(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamFree(stream: virStreamPtr) -> c_int {
    entry("virStreamFree", VIR_FROM_STREAMS, |cx| {
        cx.stream(stream)?;
        // the last reference drops the stream, and with it a transfer still open
        handles::release(stream as usize, Kind::Stream);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamNew(conn: virConnectPtr, flags: c_uint) -> virStreamPtr {
    entry("virStreamNew", VIR_FROM_STREAMS, |cx| {
        let c = cx.connect(conn)?;
        let parent = Arc::as_ptr(&c) as usize;
        let object = Arc::new(StreamObject {
            conn: c,
            stream: Stream::new(flags),
        });
        Ok(handles::register(Kind::Stream, object, Some(parent)) as virStreamPtr)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRecv(
    stream: virStreamPtr,
    data: *mut c_char,
    nbytes: usize,
) -> c_int {
    entry("virStreamRecv", VIR_FROM_STREAMS, |cx| {
        let st = cx.stream(stream)?;
        cx.non_null(data, "data")?;
        recv_into(&st.stream, data, nbytes, cx.name)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamRecvAll(
    stream: virStreamPtr,
    handler: virStreamSinkFunc,
    opaque: *mut c_void,
) -> c_int {
    entry("virStreamRecvAll", VIR_FROM_STREAMS, |cx| {
        all_helper(
            cx,
            stream,
            "data sinks",
            |cx| cx.non_null(handler, "handler"),
            |st| {
                let Some(handler) = handler else {
                    return Ok(0);
                };
                let mut bytes = vec![0u8; PIECE];
                set_errno(0);
                loop {
                    let got =
                        recv_into(st, bytes.as_mut_ptr() as _, PIECE, "virStreamRecv")? as usize;
                    if got == 0 {
                        return Ok(0);
                    }
                    let mut offset = 0;
                    while offset < got {
                        let done = handler(
                            stream,
                            bytes[offset..].as_ptr() as *const c_char,
                            got - offset,
                            opaque,
                        );
                        if done < 0 {
                            return Err(callback_failed("recv handler failed"));
                        }
                        offset += done as usize;
                    }
                }
            },
        )
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
        let st = cx.stream(stream)?;
        cx.non_null(data, "data")?;
        recv_flags(&st.stream, data, nbytes, flags, cx.name)
    })
}

/// `virStreamRecvFlags` on the driver: libvirt's ESX stream takes no flags (no holes).
unsafe fn recv_flags(
    st: &Stream,
    data: *mut c_char,
    nbytes: usize,
    flags: c_uint,
    function: &str,
) -> Result<c_int> {
    if st.recv(&mut [])?.is_none() {
        return Err(unopened(function));
    }
    crate::driver::domain::check_flags(flags, 0, "esxStreamRecvFlags")?;
    recv_into(st, data, nbytes, function)
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
        handles::add_ref(stream as usize, Kind::Stream);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSend(
    stream: virStreamPtr,
    data: *const c_char,
    nbytes: usize,
) -> c_int {
    entry("virStreamSend", VIR_FROM_STREAMS, |cx| {
        let st = cx.stream(stream)?;
        cx.non_null(data, "data")?;
        send_from(&st.stream, data, nbytes, cx.name)
    })
}

/// One piece from the caller's source callback into the stream; false at the end.
unsafe fn send_piece(
    st: &Stream,
    stream: virStreamPtr,
    handler: unsafe extern "C" fn(virStreamPtr, *mut c_char, usize, *mut c_void) -> c_int,
    bytes: &mut [u8],
    opaque: *mut c_void,
) -> Result<usize> {
    let got = handler(
        stream,
        bytes.as_mut_ptr() as *mut c_char,
        bytes.len(),
        opaque,
    );
    if got < 0 {
        return Err(callback_failed("send handler failed"));
    }
    let got = got as usize;
    let mut offset = 0;
    while offset < got {
        offset += send_from(
            st,
            bytes[offset..].as_ptr() as _,
            got - offset,
            "virStreamSend",
        )? as usize;
    }
    Ok(got)
}

#[no_mangle]
pub unsafe extern "C" fn virStreamSendAll(
    stream: virStreamPtr,
    handler: virStreamSourceFunc,
    opaque: *mut c_void,
) -> c_int {
    entry("virStreamSendAll", VIR_FROM_STREAMS, |cx| {
        all_helper(
            cx,
            stream,
            "data sources",
            |cx| cx.non_null(handler, "handler"),
            |st| {
                let Some(handler) = handler else {
                    return Ok(0);
                };
                let mut bytes = vec![0u8; PIECE];
                set_errno(0);
                while send_piece(st, stream, handler, &mut bytes, opaque)? > 0 {}
                Ok(0)
            },
        )
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
        all_helper(
            cx,
            stream,
            "data sinks",
            |cx| {
                cx.non_null(handler, "handler")?;
                cx.non_null(holeHandler, "holeHandler")
            },
            // libvirt's loop asks for the data up to the next hole, which libvirt's ESX stream
            // refuses (it takes no flags): the first request fails
            |st| {
                recv_flags(
                    st,
                    std::ptr::null_mut(),
                    0,
                    VIR_STREAM_RECV_STOP_AT_HOLE as c_uint,
                    "virStreamRecvFlags",
                )
            },
        )
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
        all_helper(
            cx,
            stream,
            "data sources",
            |cx| {
                cx.non_null(handler, "handler")?;
                cx.non_null(holeHandler, "holeHandler")?;
                cx.non_null(skipHandler, "skipHandler")
            },
            |st| {
                let (Some(handler), Some(hole_handler)) = (handler, holeHandler) else {
                    return Ok(0);
                };
                let mut bytes = vec![0u8; PIECE];
                let mut data_len: u64 = 0;
                set_errno(0);
                loop {
                    if data_len == 0 {
                        let (mut in_data, mut section): (c_int, c_longlong) = (0, 0);
                        if hole_handler(stream, &mut in_data, &mut section, opaque) < 0 {
                            return Err(callback_failed("send holeHandler failed"));
                        }
                        if in_data == 0 && section != 0 {
                            // a hole: ESX streams cannot send one
                            return Err(unopened("virStreamSendHole"));
                        }
                        data_len = section.max(0) as u64;
                    }
                    let want = (PIECE as u64).min(data_len) as usize;
                    let got = send_piece(st, stream, handler, &mut bytes[..want], opaque)?;
                    if got == 0 {
                        return Ok(0);
                    }
                    data_len -= got as u64;
                }
            },
        )
    })
}
