//! Prints a simulator's inventory as paths: `VCSIM_URL=... cargo run --example vsphere_inventory`.

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
    let about = client.about();
    println!(
        "{} ({}, {})",
        about.full_name, about.api_type, about.product_line_id
    );
    let inv = client.inventory()?;
    for item in inv.all() {
        println!(
            "{:<24} {:<28} {}",
            item.obj.ty,
            item.obj.value,
            inv.path_of(&item.obj).unwrap_or_default()
        );
    }
    println!("SOAP calls: {}", client.soap_calls());
    client.logout()
}
