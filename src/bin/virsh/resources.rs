//! Domain resources: `setmem`, `setmaxmem`, `setvcpus`, `vcpucount`, `schedinfo`, `memtune`,
//! `autostart`.

use crate::api::*;
use crate::domain::opt_domain;
use crate::ffi::*;
use crate::vsh::{self, argv, cmd, data, flag, int, named, required, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "setmem",
        &[
            data("domain"),
            required("size"),
            flag("config"),
            flag("live"),
            flag("current"),
        ],
        setmem,
    ),
    cmd(
        "setmaxmem",
        &[
            data("domain"),
            required("size"),
            flag("config"),
            flag("live"),
            flag("current"),
        ],
        setmaxmem,
    ),
    cmd(
        "setvcpus",
        &[
            data("domain"),
            required("count"),
            flag("maximum"),
            flag("config"),
            flag("live"),
            flag("current"),
            flag("guest"),
            flag("hotpluggable"),
        ],
        setvcpus,
    ),
    cmd(
        "vcpucount",
        &[
            data("domain"),
            flag("maximum"),
            flag("active"),
            flag("live"),
            flag("config"),
            flag("current"),
            flag("guest"),
        ],
        vcpucount,
    ),
    cmd(
        "schedinfo",
        &[
            data("domain"),
            argv("set"),
            int("weight"),
            int("cap"),
            flag("current"),
            flag("config"),
            flag("live"),
        ],
        schedinfo,
    ),
    cmd(
        "memtune",
        &[
            data("domain"),
            named("hard-limit"),
            named("soft-limit"),
            named("swap-hard-limit"),
            named("min-guarantee"),
            flag("config"),
            flag("live"),
            flag("current"),
        ],
        memtune,
    ),
    cmd("autostart", &[data("domain"), flag("disable")], autostart),
];

/// `--config`, `--live`, `--current` as virsh checks and combines them; None when none given.
fn affect(a: &Args) -> Result<Option<c_uint>, ()> {
    let (config, live, current) = (a.has("config"), a.has("live"), a.has("current"));
    if current && (config || live) {
        let other = if live { "live" } else { "config" };
        vsh::error(&format!(
            "Options --current and --{other} are mutually exclusive"
        ));
        return Err(());
    }
    let mut f = 0;
    if config {
        f |= VIR_DOMAIN_AFFECT_CONFIG;
    }
    if live {
        f |= VIR_DOMAIN_AFFECT_LIVE;
    }
    Ok((config || live || current).then_some(f as c_uint))
}

/// A size with virsh's suffixes (`k`, `KiB`, `KB`, `M`, ...), `scale` bytes a unit by default,
/// in bytes; None when malformed.
pub fn parse_scaled(text: &str, scale: u64) -> Option<u64> {
    let digits = text
        .find(|ch: char| !ch.is_ascii_digit())
        .unwrap_or(text.len());
    let (num, suffix) = text.split_at(digits);
    let n: u64 = num.parse().ok()?;
    let lower = suffix.to_ascii_lowercase();
    let unit = if suffix.is_empty() {
        scale
    } else if matches!(lower.as_str(), "b" | "byte" | "bytes") {
        1
    } else {
        let base: u64 = match &lower[1..] {
            "" | "ib" => 1024,
            "b" => 1000,
            _ => return None,
        };
        let power = match lower.as_bytes()[0] {
            b'k' => 1,
            b'm' => 2,
            b'g' => 3,
            b't' => 4,
            b'p' => 5,
            b'e' => 6,
            _ => return None,
        };
        base.pow(power)
    };
    n.checked_mul(unit)
}

/// [`parse_scaled`] with virsh's error.
pub fn scaled(text: &str, scale: u64, opt: &str) -> Result<u64, ()> {
    parse_scaled(text, scale).ok_or_else(|| {
        vsh::error(&format!(
            "Scaled numeric value '{text}' for <{opt}> option is malformed or out of range"
        ))
    })
}

fn kib_of(a: &Args, opt: &str) -> Result<c_ulong, ()> {
    let bytes = scaled(a.get(opt).unwrap_or_default(), 1024, opt)?;
    Ok(bytes.div_ceil(1024) as c_ulong)
}

fn setmem(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    // virsh 9.0 changes the running domain unless told otherwise
    let flags = affect(a)?.unwrap_or(VIR_DOMAIN_AFFECT_LIVE as c_uint);
    let kib = kib_of(a, "size")?;
    // SAFETY: a live handle
    if unsafe { virDomainSetMemoryFlags(dom.0, kib, flags) } < 0 {
        return Err(());
    }
    Ok(())
}

fn setmaxmem(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let flags = affect(a)?.unwrap_or(0) | VIR_DOMAIN_MEM_MAXIMUM as c_uint;
    let kib = kib_of(a, "size")?;
    // SAFETY: a live handle
    if unsafe { virDomainSetMemoryFlags(dom.0, kib, flags) } < 0 {
        vsh::error("Unable to change MaxMemorySize");
        return Err(());
    }
    Ok(())
}

fn uint_opt(a: &Args, opt: &str) -> Result<c_uint, ()> {
    let text = a.get(opt).unwrap_or_default();
    text.parse::<c_uint>().map_err(|_| {
        vsh::error(&format!(
            "Numeric value '{text}' for <{opt}> option is malformed or out of range"
        ))
    })
}

fn setvcpus(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let flags = affect(a)?;
    let count = uint_opt(a, "count")?;
    let mut f = flags.unwrap_or(0);
    for (opt, bit) in [
        ("maximum", VIR_DOMAIN_VCPU_MAXIMUM),
        ("guest", VIR_DOMAIN_VCPU_GUEST),
        ("hotpluggable", VIR_DOMAIN_VCPU_HOTPLUGGABLE),
    ] {
        if a.has(opt) {
            f |= bit as c_uint;
        }
    }
    // SAFETY: a live handle
    let rc = unsafe {
        if flags.is_none() && f == 0 {
            virDomainSetVcpus(dom.0, count)
        } else {
            virDomainSetVcpusFlags(dom.0, count, f)
        }
    };
    if rc < 0 {
        return Err(());
    }
    Ok(())
}

/// One vCPU count as virsh's `virshCPUCountCollect` finds it: None when the state does not
/// apply, Err when it failed.
fn vcpu_count(dom: &Dom, flags: c_uint) -> Result<Option<c_int>, ()> {
    // SAFETY: a live handle throughout
    unsafe {
        if (flags & VIR_DOMAIN_AFFECT_LIVE as c_uint != 0 && virDomainIsActive(dom.0) < 1)
            || (flags & VIR_DOMAIN_AFFECT_CONFIG as c_uint != 0 && virDomainIsPersistent(dom.0) < 1)
        {
            return Ok(None);
        }
        let n = virDomainGetVcpusFlags(dom.0, flags);
        if n >= 0 {
            return Ok(Some(n));
        }
        let e = virGetLastError();
        if e.is_null() || !((*e).code == VIR_ERR_NO_SUPPORT || (*e).code == VIR_ERR_INVALID_ARG) {
            return Err(());
        }
        vsh::reset_error();
        if flags & VIR_DOMAIN_AFFECT_LIVE as c_uint != 0 {
            if flags & VIR_DOMAIN_VCPU_MAXIMUM as c_uint != 0 {
                let n = virDomainGetMaxVcpus(dom.0);
                return if n < 0 { Err(()) } else { Ok(Some(n)) };
            }
            let mut info: virDomainInfo = std::mem::zeroed();
            if virDomainGetInfo(dom.0, &mut info) < 0 {
                return Err(());
            }
            return Ok(Some(info.nrVirtCpu as c_int));
        }
        let xml = owned(virDomainGetXMLDesc(
            dom.0,
            VIR_DOMAIN_XML_INACTIVE as c_uint,
        ))
        .ok_or(())?;
        let vcpu = xml.split_once("<vcpu").map(|(_, r)| r).unwrap_or_default();
        let (attrs, rest) = vcpu.split_once('>').unwrap_or_default();
        let max: Option<c_int> = rest.split('<').next().and_then(|v| v.trim().parse().ok());
        let current: Option<c_int> = attrs
            .split_once("current='")
            .and_then(|(_, r)| r.split('\'').next())
            .and_then(|v| v.parse().ok());
        if flags & VIR_DOMAIN_VCPU_MAXIMUM as c_uint != 0 {
            max.map(Some)
                .ok_or_else(|| vsh::error("Failed to retrieve maximum vcpu count"))
        } else {
            current
                .map(Some)
                .ok_or_else(|| vsh::error("Failed to retrieve current vcpu count"))
        }
    }
}

fn vcpucount(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let (config, live) = (
        VIR_DOMAIN_AFFECT_CONFIG as c_uint,
        VIR_DOMAIN_AFFECT_LIVE as c_uint,
    );
    let max = VIR_DOMAIN_VCPU_MAXIMUM as c_uint;
    let any = ["maximum", "active", "live", "config", "current", "guest"]
        .iter()
        .any(|o| a.has(o));
    if !any {
        let conf_max = vcpu_count(&dom, config | max)?;
        let conf_cur = vcpu_count(&dom, config)?;
        let live_max = vcpu_count(&dom, live | max)?;
        let live_cur = vcpu_count(&dom, live)?;
        for (v, which, state) in [
            (conf_max, "maximum", "config"),
            (live_max, "maximum", "live"),
            (conf_cur, "current", "config"),
            (live_cur, "current", "live"),
        ] {
            if let Some(n) = v.filter(|n| *n > 0) {
                println!("{which:<12} {state:<12} {n:>3}");
            }
        }
        return Ok(());
    }
    let mut f = 0;
    if a.has("maximum") {
        f |= max;
    }
    if a.has("live") {
        f |= live;
    }
    if a.has("config") {
        f |= config;
    }
    if a.has("guest") {
        f |= VIR_DOMAIN_VCPU_GUEST as c_uint;
    }
    match vcpu_count(&dom, f)? {
        Some(n) => println!("{n}"),
        None => return Err(()),
    }
    Ok(())
}

/// A typed parameter's value as virsh prints it (`vshGetTypedParamValue`).
pub fn param_value(p: &virTypedParameter) -> String {
    // SAFETY: the union member named by the parameter's type
    unsafe {
        match p.r#type {
            VIR_TYPED_PARAM_INT => p.value.i.to_string(),
            VIR_TYPED_PARAM_UINT => p.value.ui.to_string(),
            VIR_TYPED_PARAM_LLONG => p.value.l.to_string(),
            VIR_TYPED_PARAM_ULLONG => p.value.ul.to_string(),
            VIR_TYPED_PARAM_DOUBLE => format!("{:.6}", p.value.d),
            VIR_TYPED_PARAM_BOOLEAN => if p.value.b != 0 { "yes" } else { "no" }.into(),
            VIR_TYPED_PARAM_STRING => borrowed(p.value.s).unwrap_or_default(),
            _ => "unimplemented parameter type".into(),
        }
    }
}

fn field(p: &virTypedParameter) -> String {
    borrowed(p.field.as_ptr()).unwrap_or_default()
}

fn schedinfo(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let flags = affect(a)?;
    let mut nparams: c_int = 0;
    // SAFETY: a live handle and an int
    let Some(kind) = owned(unsafe { virDomainGetSchedulerType(dom.0, &mut nparams) }) else {
        println!("{:<15}: Could not determine scheduler type", "Scheduler");
        return Err(());
    };
    println!("{:<15}: {kind}", "Scheduler");
    if nparams == 0 {
        return Ok(());
    }
    let (live, config) = (a.has("live"), a.has("config"));
    let get_flags = if live && config {
        0
    } else {
        flags.unwrap_or(0)
    };
    let get = |params: &mut Vec<virTypedParameter>, n: &mut c_int| -> c_int {
        // SAFETY: `n` zeroed parameters for the library to fill
        unsafe {
            match flags {
                Some(_) => {
                    virDomainGetSchedulerParametersFlags(dom.0, params.as_mut_ptr(), n, get_flags)
                }
                None => virDomainGetSchedulerParameters(dom.0, params.as_mut_ptr(), n),
            }
        }
    };
    // SAFETY: plain C structs, zero is their empty value
    let mut params: Vec<virTypedParameter> = (0..nparams)
        .map(|_| unsafe { std::mem::zeroed() })
        .collect();
    if get(&mut params, &mut nparams) < 0 {
        return Err(());
    }
    let mut sets: Vec<String> = a.rest.clone();
    for (opt, name) in [("weight", "weight"), ("cap", "cap")] {
        if let Some(v) = a.get(opt) {
            sets.push(format!("{name}={v}"));
        }
    }
    if !sets.is_empty() {
        let mut updates: virTypedParameterPtr = std::ptr::null_mut();
        let (mut nupdates, mut max) = (0, 0);
        for s in &sets {
            let Some((name, value)) = s.split_once('=') else {
                vsh::error("Invalid syntax for --set, expecting name=value");
                return Err(());
            };
            let Some(p) = params[..nparams as usize].iter().find(|p| field(p) == name) else {
                vsh::error(&format!("invalid scheduler option: {name}"));
                return Err(());
            };
            let (cn, cv) = (c(name), c(value));
            // SAFETY: the library's typed-parameter list builder
            if unsafe {
                virTypedParamsAddFromString(
                    &mut updates,
                    &mut nupdates,
                    &mut max,
                    cn.as_ptr(),
                    p.r#type,
                    cv.as_ptr(),
                )
            } < 0
            {
                // SAFETY: the list built so far
                unsafe { virTypedParamsFree(updates, nupdates) };
                return Err(());
            }
        }
        // SAFETY: the list built above, freed after
        let rc = unsafe {
            let rc = match flags {
                Some(f) => virDomainSetSchedulerParametersFlags(dom.0, updates, nupdates, f),
                None => virDomainSetSchedulerParameters(dom.0, updates, nupdates),
            };
            virTypedParamsFree(updates, nupdates);
            rc
        };
        if rc < 0 || get(&mut params, &mut nparams) < 0 {
            return Err(());
        }
    } else if live && config {
        vsh::error("cannot query both live and config at once");
        return Err(());
    }
    for p in &params[..nparams as usize] {
        println!("{:<15}: {}", field(p), param_value(p));
    }
    Ok(())
}

fn memtune(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let flags = affect(a)?.unwrap_or(0);
    let mut sets: Vec<virTypedParameter> = Vec::new();
    for (opt, name) in [
        ("hard-limit", "hard_limit"),
        ("soft-limit", "soft_limit"),
        ("swap-hard-limit", "swap_hard_limit"),
        ("min-guarantee", "min_guarantee"),
    ] {
        let Some(text) = a.get(opt) else { continue };
        let kib = if text == "-1" {
            VIR_DOMAIN_MEMORY_PARAM_UNLIMITED
        } else {
            scaled(text, 1024, opt)
                .map_err(|_| vsh::error(&format!("Unable to parse integer parameter {opt}")))?
                .div_ceil(1024)
        };
        // SAFETY: a plain C struct, filled below
        let mut p: virTypedParameter = unsafe { std::mem::zeroed() };
        for (i, b) in name.bytes().enumerate() {
            p.field[i] = b as c_char;
        }
        p.r#type = VIR_TYPED_PARAM_ULLONG;
        p.value.ul = kib;
        sets.push(p);
    }
    if !sets.is_empty() {
        // SAFETY: a live handle and our parameters
        if unsafe {
            virDomainSetMemoryParameters(dom.0, sets.as_mut_ptr(), sets.len() as c_int, flags)
        } != 0
        {
            vsh::error("Unable to change memory parameters");
            return Err(());
        }
        return Ok(());
    }
    // virsh reads string parameters too
    let flags = flags | VIR_TYPED_PARAM_STRING_OKAY as c_uint;
    let mut n: c_int = 0;
    // SAFETY: NULL parameters asks for their number
    if unsafe { virDomainGetMemoryParameters(dom.0, std::ptr::null_mut(), &mut n, flags) } != 0 {
        vsh::error("Unable to get number of memory parameters");
        return Err(());
    }
    if n == 0 {
        return Ok(());
    }
    // SAFETY: `n` zeroed parameters for the library to fill
    let mut params: Vec<virTypedParameter> =
        (0..n).map(|_| unsafe { std::mem::zeroed() }).collect();
    if unsafe { virDomainGetMemoryParameters(dom.0, params.as_mut_ptr(), &mut n, flags) } != 0 {
        vsh::error("Unable to get memory parameters");
        return Err(());
    }
    for p in &params[..n as usize] {
        // SAFETY: the member the type names
        let unlimited = p.r#type == VIR_TYPED_PARAM_ULLONG
            && unsafe { p.value.ul } == VIR_DOMAIN_MEMORY_PARAM_UNLIMITED;
        let v = if unlimited {
            "unlimited".to_string()
        } else {
            param_value(p)
        };
        println!("{:<15}: {v}", field(p));
    }
    Ok(())
}

fn autostart(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let name = dom.name();
    let on = !a.has("disable");
    // SAFETY: a live handle
    if unsafe { virDomainSetAutostart(dom.0, on as c_int) } < 0 {
        let what = if on { "mark" } else { "unmark" };
        vsh::error(&format!("Failed to {what} domain '{name}' as autostarted"));
        return Err(());
    }
    let what = if on { "marked" } else { "unmarked" };
    println!("Domain '{name}' {what} as autostarted");
    Ok(())
}
