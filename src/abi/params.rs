//! Typed-parameter arrays of the domain calls that take or fill them (memory and scheduler
//! parameters): read into the driver's [`Param`]s after libvirt's `virTypedParameterValidateSet`,
//! and written back as `virTypedParameterAssign` does.

use super::typed_params::field_name;
use super::types::*;
use crate::driver::resources::{Param, ParamValue};
use crate::error::{domain, Error, Result};
use std::ffi::CStr;
use std::os::raw::*;

fn invalid(message: String) -> Error {
    Error::invalid_arg(
        domain::NONE,
        "virTypedParameterValidateSet",
        "params",
        &message,
    )
}

/// The caller's `nparams` parameters, checked as libvirt's `virTypedParameterValidateSet` does
/// (the ESX driver takes string parameters: only a NULL string is refused).
///
/// # Safety
/// `params` points to `nparams` parameters (or `nparams` <= 0).
pub(crate) unsafe fn read(params: virTypedParameterPtr, nparams: c_int) -> Result<Vec<Param>> {
    let n = usize::try_from(nparams).unwrap_or(0);
    if params.is_null() || n == 0 {
        return Ok(Vec::new());
    }
    let slice = std::slice::from_raw_parts(params, n);
    let mut out = Vec::with_capacity(n);
    for p in slice {
        let name = String::from_utf8_lossy(field_name(&p.field)).into_owned();
        if field_name(&p.field).len() == VIR_TYPED_PARAM_FIELD_LENGTH {
            return Err(invalid(format!("string parameter name '{name}' too long")));
        }
        let value = match p.r#type {
            VIR_TYPED_PARAM_INT => ParamValue::Int(p.value.i),
            VIR_TYPED_PARAM_UINT => ParamValue::UInt(p.value.ui),
            VIR_TYPED_PARAM_LLONG => ParamValue::LLong(p.value.l),
            VIR_TYPED_PARAM_ULLONG => ParamValue::ULLong(p.value.ul),
            VIR_TYPED_PARAM_DOUBLE => ParamValue::Double(p.value.d),
            VIR_TYPED_PARAM_BOOLEAN => ParamValue::Boolean(p.value.b != 0),
            VIR_TYPED_PARAM_STRING => {
                if p.value.s.is_null() {
                    return Err(invalid(format!("NULL string parameter '{name}'")));
                }
                ParamValue::String(CStr::from_ptr(p.value.s).to_string_lossy().into_owned())
            }
            other => ParamValue::Other(other),
        };
        out.push(Param { field: name, value });
    }
    Ok(out)
}

/// Store `list` in the caller's array from its start (which has room for them) and return how
/// many were stored.
///
/// # Safety
/// `params` has room for `list.len()` parameters.
pub(crate) unsafe fn write(params: virTypedParameterPtr, list: &[Param]) -> Result<c_int> {
    for (i, p) in list.iter().enumerate() {
        let slot = &mut *params.add(i);
        *slot = std::mem::zeroed();
        let bytes = p.field.as_bytes();
        for (d, s) in slot
            .field
            .iter_mut()
            .zip(bytes.iter().take(VIR_TYPED_PARAM_FIELD_LENGTH - 1))
        {
            *d = *s as c_char;
        }
        match &p.value {
            ParamValue::Int(v) => {
                slot.r#type = VIR_TYPED_PARAM_INT;
                slot.value.i = *v;
            }
            ParamValue::UInt(v) => {
                slot.r#type = VIR_TYPED_PARAM_UINT;
                slot.value.ui = *v;
            }
            ParamValue::LLong(v) => {
                slot.r#type = VIR_TYPED_PARAM_LLONG;
                slot.value.l = *v;
            }
            ParamValue::ULLong(v) => {
                slot.r#type = VIR_TYPED_PARAM_ULLONG;
                slot.value.ul = *v;
            }
            ParamValue::Double(v) => {
                slot.r#type = VIR_TYPED_PARAM_DOUBLE;
                slot.value.d = *v;
            }
            ParamValue::Boolean(v) => {
                slot.r#type = VIR_TYPED_PARAM_BOOLEAN;
                slot.value.b = *v as c_char;
            }
            ParamValue::String(s) => {
                let c = std::ffi::CString::new(s.replace('\0', "")).unwrap_or_default();
                let dup = libc::strdup(c.as_ptr());
                if dup.is_null() {
                    return Err(Error::bare(domain::NONE, VIR_ERR_NO_MEMORY));
                }
                slot.r#type = VIR_TYPED_PARAM_STRING;
                slot.value.s = dup;
            }
            ParamValue::Other(t) => slot.r#type = *t,
        }
    }
    Ok(list.len() as c_int)
}
