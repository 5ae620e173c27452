//! C strings crossing the boundary: what C passes in, and what we hand out (allocated with
//! `malloc`, so the caller's `free` releases it, as with libvirt).

use std::ffi::CStr;
use std::os::raw::{c_char, c_void};

/// A copy of `s` in memory from `malloc`; NULL if memory is short. An interior NUL ends the copy.
pub(crate) fn strdup_c(s: &str) -> *mut c_char {
    let bytes = s.as_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    // SAFETY: a fresh allocation of len + 1 bytes, filled and terminated below
    unsafe {
        let p = libc::malloc(len + 1) as *mut u8;
        if p.is_null() {
            return p as *mut c_char;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, len);
        *p.add(len) = 0;
        p as *mut c_char
    }
}

/// Free a string from `strdup_c` (or any `malloc`); NULL is fine.
///
/// # Safety
/// `p` is NULL or was allocated with `malloc` and is not used again.
pub(crate) unsafe fn free_c(p: *mut c_char) {
    if !p.is_null() {
        libc::free(p as *mut c_void);
    }
}

/// The text of a C string argument, or `None` for NULL. Bytes that are not UTF-8 are replaced,
/// as nothing libvirt accepts (URIs, XML, names) can use them meaningfully.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string valid for the call.
pub(crate) unsafe fn arg_str<'a>(p: *const c_char) -> Option<std::borrow::Cow<'a, str>> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p).to_string_lossy())
    }
}
