//! `help` for virsh's group 'network' (Networking): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Networking",
    keyword: "network",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "net-dumpxml",
        brief: "network information in XML",
        synopsis: "<network> [--inactive] [--xpath <string>] [--wrap]",
        description: "Output the network information as an XML dump to stdout.",
        options: &[
            ("[--network] <string>", "network name or uuid"),
            ("--inactive", "show inactive defined XML"),
            ("--xpath <string>", "xpath expression to filter the XML document"),
            ("--wrap", "wrap xpath results in an common root element"),
        ],
    },
    Help {
        name: "net-info",
        brief: "network information",
        synopsis: "<network>",
        description: "Returns basic information about the network",
        options: &[
            ("[--network] <string>", "network name or uuid"),
        ],
    },
    Help {
        name: "net-list",
        brief: "list networks",
        synopsis: "[--inactive] [--all] [--persistent] [--transient] [--autostart] [--no-autostart] [--uuid] [--name] [--table]",
        description: "Returns list of networks.",
        options: &[
            ("--inactive", "list inactive networks"),
            ("--all", "list inactive & active networks"),
            ("--persistent", "list persistent networks"),
            ("--transient", "list transient networks"),
            ("--autostart", "list networks with autostart enabled"),
            ("--no-autostart", "list networks with autostart disabled"),
            ("--uuid", "list uuid's only"),
            ("--name", "list network names only"),
            ("--table", "list table (default)"),
        ],
    },
];
