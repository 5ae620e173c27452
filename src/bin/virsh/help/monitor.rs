//! `help` for virsh's group 'monitor' (Domain Monitoring): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Domain Monitoring",
    keyword: "monitor",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "domblklist",
        brief: "list all domain blocks",
        synopsis: "<domain> [--inactive] [--details]",
        description: "Get the summary of block devices for a domain.",
        options: &[
            ("[--domain] <string>", "domain name, id or uuid"),
            ("--inactive", "get inactive rather than running configuration"),
            ("--details", "additionally display the type and device value"),
        ],
    },
    Help {
        name: "domifaddr",
        brief: "Get network interfaces' addresses for a running domain",
        synopsis: "<domain> [--interface <string>] [--full] [--source <string>]",
        description: "Get network interfaces' addresses for a running domain",
        options: &[
            ("[--domain] <string>", "domain name, id or uuid"),
            ("--interface <string>", "network interface name"),
            ("--full", "always display names and MACs of interfaces"),
            ("--source <string>", "address source: 'lease', 'agent', or 'arp'"),
        ],
    },
    Help {
        name: "domiflist",
        brief: "list all domain virtual interfaces",
        synopsis: "<domain> [--inactive]",
        description: "Get the summary of virtual interfaces for a domain.",
        options: &[
            ("[--domain] <string>", "domain name, id or uuid"),
            ("--inactive", "get inactive rather than running configuration"),
        ],
    },
    Help {
        name: "dominfo",
        brief: "domain information",
        synopsis: "<domain>",
        description: "Returns basic information about the domain.",
        options: &[
            ("[--domain] <string>", "domain name, id or uuid"),
        ],
    },
    Help {
        name: "domstate",
        brief: "domain state",
        synopsis: "<domain> [--reason]",
        description: "Returns state about a domain.",
        options: &[
            ("[--domain] <string>", "domain name, id or uuid"),
            ("--reason", "also print reason for the state"),
        ],
    },
    Help {
        name: "list",
        brief: "list domains",
        synopsis: "[--inactive] [--all] [--transient] [--persistent] [--with-snapshot] [--without-snapshot] [--with-checkpoint] [--without-checkpoint] [--state-running] [--state-paused] [--state-shutoff] [--state-other] [--autostart] [--no-autostart] [--with-managed-save] [--without-managed-save] [--uuid] [--name] [--id] [--table] [--managed-save] [--title]",
        description: "Returns list of domains.",
        options: &[
            ("--inactive", "list inactive domains"),
            ("--all", "list inactive & active domains"),
            ("--transient", "list transient domains"),
            ("--persistent", "list persistent domains"),
            ("--with-snapshot", "list domains with existing snapshot"),
            ("--without-snapshot", "list domains without a snapshot"),
            ("--with-checkpoint", "list domains with existing checkpoint"),
            ("--without-checkpoint", "list domains without a checkpoint"),
            ("--state-running", "list domains in running state"),
            ("--state-paused", "list domains in paused state"),
            ("--state-shutoff", "list domains in shutoff state"),
            ("--state-other", "list domains in other states"),
            ("--autostart", "list domains with autostart enabled"),
            ("--no-autostart", "list domains with autostart disabled"),
            ("--with-managed-save", "list domains with managed save state"),
            ("--without-managed-save", "list domains without managed save"),
            ("--uuid", "list uuid's only"),
            ("--name", "list domain names only"),
            ("--id", "list domain IDs only"),
            ("--table", "list table (default)"),
            ("--managed-save", "mark inactive domains with managed save state"),
            ("--title", "show domain title"),
        ],
    },
];
