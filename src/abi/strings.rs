//! C strings crossing the boundary: what C passes in, and what we hand out (allocated with
//! `malloc`, so the caller's `free` releases it, as with libvirt).

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

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

/// Copies the first `maxnames` of `found` into the caller's `names` array as `malloc`ed
/// strings (the caller frees them); returns how many.
///
/// # Safety
/// `names` has room for `maxnames` pointers (checked non-NULL when `maxnames` > 0).
pub(crate) unsafe fn fill_names(
    names: *mut *mut c_char,
    maxnames: c_int,
    found: &[String],
) -> c_int {
    let n = found.len().min(maxnames.max(0) as usize);
    for (i, name) in found.iter().take(n).enumerate() {
        *names.add(i) = strdup_c(name);
    }
    n as c_int
}

/// A NULL-terminated `malloc`ed array of new handles, one made by `make` per item, as the
/// `virConnectListAll...` functions return it.
pub(crate) fn handle_array<T, P>(
    items: Vec<T>,
    mut make: impl FnMut(T) -> crate::error::Result<*mut P>,
) -> crate::error::Result<*mut *mut P> {
    let n = items.len();
    // SAFETY: room for n pointers and the NULL that ends them
    let array = unsafe { libc::calloc(n + 1, std::mem::size_of::<*mut P>()) } as *mut *mut P;
    if array.is_null() {
        return Err(crate::error::Error::bare(0, crate::error::code::NO_MEMORY));
    }
    for (i, item) in items.into_iter().enumerate() {
        // SAFETY: i < n
        unsafe { *array.add(i) = make(item)? };
    }
    Ok(array)
}
