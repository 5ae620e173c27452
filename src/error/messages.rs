//! libvirt's wording for each error code, as data: (code, without detail, with a `%s` detail).
//! `crate::error` formats messages from it.

pub(super) static MESSAGES: &[(i32, &str, &str)] = &[
    (1, "internal error", "internal error: %s"), // VIR_ERR_INTERNAL_ERROR
    (2, "out of memory", "out of memory: %s"),   // VIR_ERR_NO_MEMORY
    (
        3,
        "this function is not supported by the connection driver",
        "this function is not supported by the connection driver: %s",
    ), // VIR_ERR_NO_SUPPORT
    (4, "unknown host", "unknown host %s"),      // VIR_ERR_UNKNOWN_HOST
    (
        5,
        "no connection driver available",
        "no connection driver available for %s",
    ), // VIR_ERR_NO_CONNECT
    (
        6,
        "invalid connection pointer in",
        "invalid connection pointer in %s",
    ), // VIR_ERR_INVALID_CONN
    (
        7,
        "invalid domain pointer in",
        "invalid domain pointer in %s",
    ), // VIR_ERR_INVALID_DOMAIN
    (8, "invalid argument", "invalid argument: %s"), // VIR_ERR_INVALID_ARG
    (9, "operation failed", "operation failed: %s"), // VIR_ERR_OPERATION_FAILED
    (10, "GET operation failed", "GET operation failed: %s"), // VIR_ERR_GET_FAILED
    (11, "POST operation failed", "POST operation failed: %s"), // VIR_ERR_POST_FAILED
    (
        12,
        "got unknown HTTP error code",
        "got unknown HTTP error code %s",
    ), // VIR_ERR_HTTP_ERROR
    (
        13,
        "failed to serialize S-Expr",
        "failed to serialize S-Expr: %s",
    ), // VIR_ERR_SEXPR_SERIAL
    (
        14,
        "could not use Xen hypervisor entry",
        "could not use Xen hypervisor entry %s",
    ), // VIR_ERR_NO_XEN
    (15, "failed Xen syscall", "failed Xen syscall %s"), // VIR_ERR_XEN_CALL
    (16, "unknown OS type", "unknown OS type %s"), // VIR_ERR_OS_TYPE
    (
        17,
        "missing kernel information",
        "missing kernel information: %s",
    ), // VIR_ERR_NO_KERNEL
    (
        18,
        "missing root device information",
        "missing root device information in %s",
    ), // VIR_ERR_NO_ROOT
    (
        19,
        "missing source information for device",
        "missing source information for device %s",
    ), // VIR_ERR_NO_SOURCE
    (
        20,
        "missing target information for device",
        "missing target information for device %s",
    ), // VIR_ERR_NO_TARGET
    (
        21,
        "missing name information",
        "missing name information in %s",
    ), // VIR_ERR_NO_NAME
    (
        22,
        "missing operating system information",
        "missing operating system information for %s",
    ), // VIR_ERR_NO_OS
    (
        23,
        "missing devices information",
        "missing devices information for %s",
    ), // VIR_ERR_NO_DEVICE
    (
        24,
        "could not connect to Xen Store",
        "could not connect to Xen Store %s",
    ), // VIR_ERR_NO_XENSTORE
    (
        25,
        "too many drivers registered",
        "too many drivers registered in %s",
    ), // VIR_ERR_DRIVER_FULL
    (26, "library call failed", "library call failed: %s"), // VIR_ERR_CALL_FAILED
    (
        27,
        "XML description is invalid or not well formed",
        "XML error: %s",
    ), // VIR_ERR_XML_ERROR
    (28, "this domain exists already", "domain %s exists already"), // VIR_ERR_DOM_EXIST
    (
        29,
        "operation forbidden for read only access",
        "operation forbidden: %s",
    ), // VIR_ERR_OPERATION_DENIED
    (
        30,
        "failed to open configuration file",
        "failed to open configuration file %s",
    ), // VIR_ERR_OPEN_FAILED
    (
        31,
        "failed to read configuration file",
        "failed to read configuration file %s",
    ), // VIR_ERR_READ_FAILED
    (
        32,
        "failed to parse configuration file",
        "failed to parse configuration file %s",
    ), // VIR_ERR_PARSE_FAILED
    (
        33,
        "configuration file syntax error",
        "configuration file syntax error: %s",
    ), // VIR_ERR_CONF_SYNTAX
    (
        34,
        "failed to write configuration file",
        "failed to write configuration file: %s",
    ), // VIR_ERR_WRITE_FAILED
    (35, "parser error", "%s"),                  // VIR_ERR_XML_DETAIL
    (
        36,
        "invalid network pointer in",
        "invalid network pointer in %s",
    ), // VIR_ERR_INVALID_NETWORK
    (
        37,
        "this network exists already",
        "network %s exists already",
    ), // VIR_ERR_NETWORK_EXIST
    (38, "system call error", "%s"),             // VIR_ERR_SYSTEM_ERROR
    (39, "RPC error", "%s"),                     // VIR_ERR_RPC
    (40, "GNUTLS call error", "%s"),             // VIR_ERR_GNUTLS_ERROR
    (
        41,
        "Failed to find the network",
        "Failed to find the network: %s",
    ), // VIR_WAR_NO_NETWORK
    (42, "Domain not found", "Domain not found: %s"), // VIR_ERR_NO_DOMAIN
    (43, "Network not found", "Network not found: %s"), // VIR_ERR_NO_NETWORK
    (44, "invalid MAC address", "invalid MAC address: %s"), // VIR_ERR_INVALID_MAC
    (45, "authentication failed", "authentication failed: %s"), // VIR_ERR_AUTH_FAILED
    (
        46,
        "invalid storage pool pointer in",
        "invalid storage pool pointer in %s",
    ), // VIR_ERR_INVALID_STORAGE_POOL
    (
        47,
        "invalid storage volume pointer in",
        "invalid storage volume pointer in %s",
    ), // VIR_ERR_INVALID_STORAGE_VOL
    (
        48,
        "Failed to find a storage driver",
        "Failed to find a storage driver: %s",
    ), // VIR_WAR_NO_STORAGE
    (49, "Storage pool not found", "Storage pool not found: %s"), // VIR_ERR_NO_STORAGE_POOL
    (
        50,
        "Storage volume not found",
        "Storage volume not found: %s",
    ), // VIR_ERR_NO_STORAGE_VOL
    (
        51,
        "Failed to find a node driver",
        "Failed to find a node driver: %s",
    ), // VIR_WAR_NO_NODE
    (
        52,
        "invalid node device pointer",
        "invalid node device pointer in %s",
    ), // VIR_ERR_INVALID_NODE_DEVICE
    (53, "Node device not found", "Node device not found: %s"), // VIR_ERR_NO_NODE_DEVICE
    (
        54,
        "Security model not found",
        "Security model not found: %s",
    ), // VIR_ERR_NO_SECURITY_MODEL
    (
        55,
        "Requested operation is not valid",
        "Requested operation is not valid: %s",
    ), // VIR_ERR_OPERATION_INVALID
    (
        56,
        "Failed to find the interface",
        "Failed to find the interface: %s",
    ), // VIR_WAR_NO_INTERFACE
    (57, "Interface not found", "Interface not found: %s"), // VIR_ERR_NO_INTERFACE
    (
        58,
        "invalid interface pointer in",
        "invalid interface pointer in %s",
    ), // VIR_ERR_INVALID_INTERFACE
    (
        59,
        "multiple matching interfaces found",
        "multiple matching interfaces found: %s",
    ), // VIR_ERR_MULTIPLE_INTERFACES
    (
        60,
        "Failed to start the nwfilter driver",
        "Failed to start the nwfilter driver: %s",
    ), // VIR_WAR_NO_NWFILTER
    (61, "Invalid network filter", "Invalid network filter: %s"), // VIR_ERR_INVALID_NWFILTER
    (
        62,
        "Network filter not found",
        "Network filter not found: %s",
    ), // VIR_ERR_NO_NWFILTER
    (
        63,
        "Error while building firewall",
        "Error while building firewall: %s",
    ), // VIR_ERR_BUILD_FIREWALL
    (
        64,
        "Failed to find a secret storage driver",
        "Failed to find a secret storage driver: %s",
    ), // VIR_WAR_NO_SECRET
    (65, "Invalid secret", "Invalid secret: %s"), // VIR_ERR_INVALID_SECRET
    (66, "Secret not found", "Secret not found: %s"), // VIR_ERR_NO_SECRET
    (
        67,
        "unsupported configuration",
        "unsupported configuration: %s",
    ), // VIR_ERR_CONFIG_UNSUPPORTED
    (
        68,
        "Timed out during operation",
        "Timed out during operation: %s",
    ), // VIR_ERR_OPERATION_TIMEOUT
    (
        69,
        "Failed to make domain persistent after migration",
        "Failed to make domain persistent after migration: %s",
    ), // VIR_ERR_MIGRATE_PERSIST_FAILED
    (
        70,
        "Hook script execution failed",
        "Hook script execution failed: %s",
    ), // VIR_ERR_HOOK_SCRIPT_FAILED
    (71, "Invalid domain snapshot", "Invalid domain snapshot: %s"), // VIR_ERR_INVALID_DOMAIN_SNAPSHOT
    (
        72,
        "Domain snapshot not found",
        "Domain snapshot not found: %s",
    ), // VIR_ERR_NO_DOMAIN_SNAPSHOT
    (73, "invalid stream pointer", "invalid stream pointer in %s"), // VIR_ERR_INVALID_STREAM
    (74, "argument unsupported", "argument unsupported: %s"),       // VIR_ERR_ARGUMENT_UNSUPPORTED
    (
        75,
        "Storage pool probe failed",
        "Storage pool probe failed: %s",
    ), // VIR_ERR_STORAGE_PROBE_FAILED
    (
        76,
        "Storage pool already built",
        "Storage pool already built: %s",
    ), // VIR_ERR_STORAGE_POOL_BUILT
    (77, "revert requires force", "revert requires force: %s"),     // VIR_ERR_SNAPSHOT_REVERT_RISKY
    (78, "operation aborted", "operation aborted: %s"),             // VIR_ERR_OPERATION_ABORTED
    (
        79,
        "authentication cancelled",
        "authentication cancelled: %s",
    ), // VIR_ERR_AUTH_CANCELLED
    (80, "metadata not found", "metadata not found: %s"),           // VIR_ERR_NO_DOMAIN_METADATA
    (81, "Unsafe migration", "Unsafe migration: %s"),               // VIR_ERR_MIGRATE_UNSAFE
    (82, "numerical overflow", "numerical overflow: %s"),           // VIR_ERR_OVERFLOW
    (83, "block copy still active", "block copy still active: %s"), // VIR_ERR_BLOCK_COPY_ACTIVE
    (84, "Operation not supported", "Operation not supported: %s"), // VIR_ERR_OPERATION_UNSUPPORTED
    (85, "SSH transport error", "SSH transport error: %s"),         // VIR_ERR_SSH
    (
        86,
        "Guest agent is not responding",
        "Guest agent is not responding: %s",
    ), // VIR_ERR_AGENT_UNRESPONSIVE
    (87, "resource busy", "resource busy: %s"),                     // VIR_ERR_RESOURCE_BUSY
    (88, "access denied", "access denied: %s"),                     // VIR_ERR_ACCESS_DENIED
    (89, "error from service", "error from service: %s"),           // VIR_ERR_DBUS_SERVICE
    (
        90,
        "this storage volume exists already",
        "storage volume %s exists already",
    ), // VIR_ERR_STORAGE_VOL_EXIST
    (
        91,
        "the CPU is incompatible with host CPU",
        "the CPU is incompatible with host CPU: %s",
    ), // VIR_ERR_CPU_INCOMPATIBLE
    (
        92,
        "XML document failed to validate against schema",
        "XML document failed to validate against schema: %s",
    ), // VIR_ERR_XML_INVALID_SCHEMA
    (
        93,
        "migration successfully aborted",
        "migration successfully aborted: %s",
    ), // VIR_ERR_MIGRATE_FINISH_OK
    (
        94,
        "authentication unavailable",
        "authentication unavailable: %s",
    ), // VIR_ERR_AUTH_UNAVAILABLE
    (95, "Server not found", "Server not found: %s"),               // VIR_ERR_NO_SERVER
    (96, "Client not found", "Client not found: %s"),               // VIR_ERR_NO_CLIENT
    (
        97,
        "guest agent replied with wrong id to guest-sync command",
        "guest agent replied with wrong id to guest-sync command: %s",
    ), // VIR_ERR_AGENT_UNSYNCED
    (98, "libssh transport error", "libssh transport error: %s"),   // VIR_ERR_LIBSSH
    (99, "device not found", "device not found: %s"),               // VIR_ERR_DEVICE_MISSING
    (
        100,
        "Invalid network filter binding",
        "Invalid network filter binding: %s",
    ), // VIR_ERR_INVALID_NWFILTER_BINDING
    (
        101,
        "Network filter binding not found",
        "Network filter binding not found: %s",
    ), // VIR_ERR_NO_NWFILTER_BINDING
    (
        102,
        "Invalid domain checkpoint",
        "Invalid domain checkpoint: %s",
    ), // VIR_ERR_INVALID_DOMAIN_CHECKPOINT
    (
        103,
        "Domain checkpoint not found",
        "Domain checkpoint not found: %s",
    ), // VIR_ERR_NO_DOMAIN_CHECKPOINT
    (
        104,
        "Domain backup job id not found",
        "Domain backup job id not found: %s",
    ), // VIR_ERR_NO_DOMAIN_BACKUP
    (
        105,
        "Invalid network port pointer",
        "Invalid network port pointer: %s",
    ), // VIR_ERR_INVALID_NETWORK_PORT
    (
        106,
        "this network port exists already",
        "network port %s exists already",
    ), // VIR_ERR_NETWORK_PORT_EXIST
    (107, "network port not found", "network port not found: %s"),  // VIR_ERR_NO_NETWORK_PORT
    (108, "no hostname found", "no hostname found: %s"),            // VIR_ERR_NO_HOSTNAME
    (
        109,
        "checkpoint inconsistent",
        "checkpoint inconsistent: %s",
    ), // VIR_ERR_CHECKPOINT_INCONSISTENT
    (
        110,
        "multiple matching domains found",
        "multiple matching domains found: %s",
    ), // VIR_ERR_MULTIPLE_DOMAINS
];

/// The name libvirt prints for each `virErrorDomain`, indexed by its value.
pub(super) static DOMAIN_NAMES: &[&str] = &[
    "",
    "Xen Driver",
    "Xen Daemon",
    "Xen Store",
    "S-Expression",
    "XML Util",
    "Domain",
    "XML-RPC",
    "Proxy Daemon",
    "Config File",
    "QEMU Driver",
    "Network",
    "Test Driver",
    "Remote Driver",
    "OpenVZ Driver",
    "Xen XM Driver",
    "Linux Statistics",
    "LXC Driver",
    "Storage Driver",
    "Network Driver",
    "Domain Config",
    "User Mode Linux Driver",
    "Node Device Driver",
    "Xen Inotify Driver",
    "Security Driver",
    "VirtualBox Driver",
    "Network Interface Driver",
    "Open Nebula Driver",
    "ESX Driver",
    "Power Hypervisor Driver",
    "Secrets Driver",
    "CPU Driver",
    "XenAPI Driver",
    "Network Filter Driver",
    "Lifecycle Hook",
    "Domain Snapshot",
    "Audit Utils",
    "Sysinfo Utils",
    "I/O Stream Utils",
    "VMware Driver",
    "Event Loop",
    "Xen Light Driver",
    "Lock Driver",
    "Hyper-V Driver",
    "Capabilities Utils",
    "URI Utils",
    "Authentication Utils",
    "DBus Utils",
    "Parallels Cloud Server",
    "Device Config",
    "SSH transport layer",
    "Lock Space",
    "Init control",
    "Identity",
    "Cgroup",
    "Access Manager",
    "Systemd",
    "Bhyve",
    "Crypto",
    "Firewall",
    "Polkit",
    "Thread jobs",
    "Admin Interface",
    "Log Manager",
    "Xen XL Config",
    "Perf",
    "Libssh transport layer",
    "Resource control",
    "FirewallD",
    "Domain Checkpoint",
    "TPM",
    "BPF",
    "Cloud-Hypervisor Driver",
];
