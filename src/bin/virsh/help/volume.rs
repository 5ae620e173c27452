//! `help` for virsh's group 'volume' (Storage Volume): virsh 9.0's text for the commands we have.

use super::{Group, Help};

pub static GROUP: Group = Group {
    title: "Storage Volume",
    keyword: "volume",
    commands: COMMANDS,
};

static COMMANDS: &[Help] = &[
    Help {
        name: "vol-create-as",
        brief: "create a volume from a set of args",
        synopsis: "<pool> <name> <capacity> [--allocation <string>] [--format <string>] [--backing-vol <string>] [--backing-vol-format <string>] [--prealloc-metadata] [--print-xml]",
        description: "Create a vol.",
        options: &[
            ("[--pool] <string>", "pool name"),
            ("[--name] <string>", "name of the volume"),
            ("[--capacity] <string>", "size of the vol, as scaled integer (default bytes)"),
            ("--allocation <string>", "initial allocation size, as scaled integer (default bytes)"),
            ("--format <string>", "file format type raw,bochs,qcow,qcow2,qed,vmdk"),
            ("--backing-vol <string>", "the backing volume if taking a snapshot"),
            ("--backing-vol-format <string>", "format of backing volume if taking a snapshot"),
            ("--prealloc-metadata", "preallocate metadata (for qcow2 instead of full allocation)"),
            ("--print-xml", "print XML document, but don't define/create"),
        ],
    },
    Help {
        name: "vol-delete",
        brief: "delete a vol",
        synopsis: "<vol> [--pool <string>] [--delete-snapshots]",
        description: "Delete a given vol.",
        options: &[
            ("[--vol] <string>", "vol name, key or path"),
            ("--pool <string>", "pool name or uuid"),
            ("--delete-snapshots", "delete snapshots associated with volume (must be supported by storage driver)"),
        ],
    },
    Help {
        name: "vol-download",
        brief: "download volume contents to a file",
        synopsis: "<vol> <file> [--pool <string>] [--offset <number>] [--length <number>] [--sparse]",
        description: "Download volume contents to a file",
        options: &[
            ("[--vol] <string>", "vol name, key or path"),
            ("[--file] <string>", "file"),
            ("--pool <string>", "pool name or uuid"),
            ("--offset <number>", "volume offset to download from"),
            ("--length <number>", "amount of data to download"),
            ("--sparse", "preserve sparseness of volume"),
        ],
    },
    Help {
        name: "vol-dumpxml",
        brief: "vol information in XML",
        synopsis: "<vol> [--pool <string>] [--xpath <string>] [--wrap]",
        description: "Output the vol information as an XML dump to stdout.",
        options: &[
            ("[--vol] <string>", "vol name, key or path"),
            ("--pool <string>", "pool name or uuid"),
            ("--xpath <string>", "xpath expression to filter the XML document"),
            ("--wrap", "wrap xpath results in an common root element"),
        ],
    },
    Help {
        name: "vol-info",
        brief: "storage vol information",
        synopsis: "<vol> [--pool <string>] [--bytes] [--physical]",
        description: "Returns basic information about the storage vol.",
        options: &[
            ("[--vol] <string>", "vol name, key or path"),
            ("--pool <string>", "pool name or uuid"),
            ("--bytes", "sizes are represented in bytes rather than pretty units"),
            ("--physical", "return the physical size of the volume in allocation field"),
        ],
    },
    Help {
        name: "vol-list",
        brief: "list vols",
        synopsis: "<pool> [--details]",
        description: "Returns list of vols by pool.",
        options: &[
            ("[--pool] <string>", "pool name or uuid"),
            ("--details", "display extended details for volumes"),
        ],
    },
    Help {
        name: "vol-upload",
        brief: "upload file contents to a volume",
        synopsis: "<vol> <file> [--pool <string>] [--offset <number>] [--length <number>] [--sparse]",
        description: "Upload file contents to a volume",
        options: &[
            ("[--vol] <string>", "vol name, key or path"),
            ("[--file] <string>", "file"),
            ("--pool <string>", "pool name or uuid"),
            ("--offset <number>", "volume offset to upload to"),
            ("--length <number>", "amount of data to upload"),
            ("--sparse", "preserve sparseness of volume"),
        ],
    },
];
