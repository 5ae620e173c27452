//! Connects (and logs in, if VCSIM_USER is set) and prints the outcome:
//! `cargo run --example vsphere_connect -- URL [no_verify] [proxy]`.

use virt::vsphere::{Client, ConnectOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(url) = args.get(1) else {
        eprintln!("usage: vsphere_connect URL [no_verify] [proxy]");
        std::process::exit(2);
    };
    let opts = ConnectOptions {
        no_verify: args.get(2).is_some_and(|v| v == "1" || v == "no_verify"),
        proxy: args.get(3).cloned(),
        ..ConnectOptions::default()
    };
    match Client::connect(url, &opts) {
        Ok(c) => {
            println!("{} ({})", c.about().full_name, c.about().api_type);
            if let Ok(user) = std::env::var("VCSIM_USER") {
                let pass = std::env::var("VCSIM_PASS").unwrap_or_default();
                match c.login(&user, &pass) {
                    Ok(s) => println!("logged in as {}", s.user_name),
                    Err(e) => println!("{e}"),
                }
            }
        }
        Err(e) => println!("{e}"),
    }
}
