//! `help` for virsh's group 'host' (Host and Hypervisor): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Host and Hypervisor",
    keyword: "host",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "capabilities",
        brief: "capabilities",
        synopsis: "",
        description: "Returns capabilities of hypervisor/driver.",
        options: &[],
    },
    Help {
        name: "freecell",
        brief: "NUMA free memory",
        synopsis: "[--cellno <number>] [--all]",
        description: "display available free memory for the NUMA cell.",
        options: &[
            ("--cellno <number>", "NUMA cell number"),
            ("--all", "show free memory for all NUMA cells"),
        ],
    },
    Help {
        name: "hostname",
        brief: "print the hypervisor hostname",
        synopsis: "",
        description: "",
        options: &[],
    },
    Help {
        name: "nodeinfo",
        brief: "node information",
        synopsis: "",
        description: "Returns basic information about the node.",
        options: &[],
    },
    Help {
        name: "nodememstats",
        brief: "Prints memory stats of the node.",
        synopsis: "[--cell <number>]",
        description: "Returns memory stats of the node, in kilobytes.",
        options: &[("--cell <number>", "prints specified cell statistics only.")],
    },
    Help {
        name: "uri",
        brief: "print the hypervisor canonical URI",
        synopsis: "",
        description: "",
        options: &[],
    },
    Help {
        name: "version",
        brief: "show version",
        synopsis: "[--daemon]",
        description: "Display the system version information.",
        options: &[("--daemon", "report daemon version too")],
    },
];
