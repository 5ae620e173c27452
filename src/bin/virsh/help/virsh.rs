//! `help` for virsh's group 'virsh' (Virsh itself): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Virsh itself",
    keyword: "virsh",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "exit",
        brief: "quit this interactive terminal",
        synopsis: "",
        description: "",
        options: &[],
    },
    Help {
        name: "help",
        brief: "print help",
        synopsis: "[--command <string>]",
        description: "Prints global help, command specific help, or help for a
group of related commands",
        options: &[(
            "--command <string>",
            "Prints global help, command specific help, or help for a group of related commands",
        )],
    },
    Help {
        name: "quit",
        brief: "quit this interactive terminal",
        synopsis: "",
        description: "",
        options: &[],
    },
    Help {
        name: "connect",
        brief: "(re)connect to hypervisor",
        synopsis: "[--name <string>] [--readonly]",
        description: "Connect to local hypervisor. This is built-in command after shell start up.",
        options: &[
            ("--name <string>", "hypervisor connection URI"),
            ("--readonly", "read-only connection"),
        ],
    },
];
