//! `help` for virsh's group 'pool' (Storage Pool): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Storage Pool",
    keyword: "pool",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "pool-dumpxml",
        brief: "pool information in XML",
        synopsis: "<pool> [--inactive] [--xpath <string>] [--wrap]",
        description: "Output the pool information as an XML dump to stdout.",
        options: &[
            ("[--pool] <string>", "pool name or uuid"),
            ("--inactive", "show inactive defined XML"),
            ("--xpath <string>", "xpath expression to filter the XML document"),
            ("--wrap", "wrap xpath results in an common root element"),
        ],
    },
    Help {
        name: "pool-info",
        brief: "storage pool information",
        synopsis: "<pool> [--bytes]",
        description: "Returns basic information about the storage pool.",
        options: &[
            ("[--pool] <string>", "pool name or uuid"),
            ("--bytes", "Return pool info in bytes"),
        ],
    },
    Help {
        name: "pool-list",
        brief: "list pools",
        synopsis: "[--inactive] [--all] [--transient] [--persistent] [--autostart] [--no-autostart] [--type <string>] [--details] [--uuid] [--name]",
        description: "Returns list of pools.",
        options: &[
            ("--inactive", "list inactive pools"),
            ("--all", "list inactive & active pools"),
            ("--transient", "list transient pools"),
            ("--persistent", "list persistent pools"),
            ("--autostart", "list pools with autostart enabled"),
            ("--no-autostart", "list pools with autostart disabled"),
            ("--type <string>", "only list pool of specified type(s) (if supported)"),
            ("--details", "display extended details for pools"),
            ("--uuid", "list UUID of active pools only"),
            ("--name", "list name of active pools only"),
        ],
    },
    Help {
        name: "pool-refresh",
        brief: "refresh a pool",
        synopsis: "<pool>",
        description: "Refresh a given pool.",
        options: &[
            ("[--pool] <string>", "pool name or uuid"),
        ],
    },
];
