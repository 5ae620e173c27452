//! Times the vSphere client against a simulator: `VCSIM_URL=... cargo run --release --example
//! vsphere_bench`. Prints the VM count, the one-call list time, the per-call time of a one
//! property read, and the SOAP calls made.

use std::time::Instant;
use virt::vsphere::{Client, ConnectOptions};

fn main() -> Result<(), virt::vsphere::ViError> {
    let Ok(url) = std::env::var("VCSIM_URL") else {
        eprintln!("set VCSIM_URL (and VCSIM_USER/VCSIM_PASS) to a simulator's SDK URL");
        std::process::exit(2);
    };
    let user = std::env::var("VCSIM_USER").unwrap_or_else(|_| "user".into());
    let pass = std::env::var("VCSIM_PASS").unwrap_or_else(|_| "pass".into());
    let opts = ConnectOptions {
        no_verify: url.starts_with("https:"),
        ..ConnectOptions::default()
    };
    let client = Client::connect(&url, &opts)?;
    client.login(&user, &pass)?;
    let start = Instant::now();
    let vms = client.list_vms(&["name", "runtime.powerState", "config.uuid"])?;
    let list = start.elapsed();
    let n = vms.len().min(200);
    let start = Instant::now();
    for vm in vms.iter().take(n) {
        client.retrieve_object(&vm.obj, &["runtime.powerState"])?;
    }
    let per_call = start.elapsed() / n.max(1) as u32;
    println!(
        "vms {} | list (name, powerState, uuid) in one call: {:.3} s | one property of one VM: {:.3} ms/call | SOAP calls: {}",
        vms.len(),
        list.as_secs_f64(),
        per_call.as_secs_f64() * 1000.0,
        client.soap_calls()
    );
    Ok(())
}
