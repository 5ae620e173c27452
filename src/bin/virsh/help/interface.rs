//! `help` for virsh's group 'interface' (Interface): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Interface",
    keyword: "interface",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "iface-dumpxml",
        brief: "interface information in XML",
        synopsis: "<interface> [--inactive] [--xpath <string>] [--wrap]",
        description: "Output the physical host interface information as an XML dump to stdout.",
        options: &[
            ("[--interface] <string>", "interface name or MAC address"),
            ("--inactive", "show inactive defined XML"),
            (
                "--xpath <string>",
                "xpath expression to filter the XML document",
            ),
            ("--wrap", "wrap xpath results in an common root element"),
        ],
    },
    Help {
        name: "iface-list",
        brief: "list physical host interfaces",
        synopsis: "[--inactive] [--all]",
        description: "Returns list of physical host interfaces.",
        options: &[
            ("--inactive", "list inactive interfaces"),
            ("--all", "list inactive & active interfaces"),
        ],
    },
];
