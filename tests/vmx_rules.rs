//! The export rules and API behaviour the corpus doesn't pin down.

use std::cell::RefCell;
use virt::domxml::{self, DiskDef};
use virt::error::Result;
use virt::vmx::{self, Context, FileResolver, TestResolver, VmxConf};

fn xml_with_devices(devices: &str) -> String {
    format!(
        "<domain type='vmware'>\n  <name>t</name>\n  <uuid>564d9bef-acd9-b4e0-c8f0-aea8b9103515</uuid>\n  <memory unit='KiB'>4096</memory>\n  <os>\n    <type>hvm</type>\n  </os>\n  <devices>\n{devices}\n  </devices>\n</domain>\n"
    )
}

fn to_vmx(xml: &str) -> Result<String> {
    let r = TestResolver;
    let ctx = Context::new(&r);
    vmx::from_domain(&domxml::parse(xml)?, &ctx)
}

fn eth_lines(mac: &str, extra: &str) -> String {
    let vmx = to_vmx(&xml_with_devices(&format!(
        "<interface type='bridge'><mac address='{mac}'{extra}/><source bridge='VM Network'/></interface>"
    )))
    .unwrap();
    vmx.lines()
        .filter(|l| {
            l.starts_with("ethernet0.")
                && !l.contains("present")
                && !l.contains("network")
                && !l.contains("connectionType")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn mac_ranges() {
    assert_eq!(
        eth_lines("00:0c:29:01:02:03", ""),
        "ethernet0.addressType = \"generated\"\nethernet0.generatedAddress = \"00:0c:29:01:02:03\"\nethernet0.generatedAddressOffset = \"0\""
    );
    assert_eq!(
        eth_lines("00:50:56:3f:ff:ff", ""),
        "ethernet0.addressType = \"static\"\nethernet0.address = \"00:50:56:3f:ff:ff\""
    );
    assert_eq!(
        eth_lines("00:50:56:80:00:01", ""),
        "ethernet0.addressType = \"vpx\"\nethernet0.generatedAddress = \"00:50:56:80:00:01\""
    );
    assert_eq!(
        eth_lines("00:50:56:40:00:01", ""),
        "ethernet0.addressType = \"static\"\nethernet0.address = \"00:50:56:40:00:01\"\nethernet0.checkMACAddress = \"false\""
    );
    assert_eq!(
        eth_lines("52:54:00:12:34:56", ""),
        "ethernet0.addressType = \"static\"\nethernet0.address = \"52:54:00:12:34:56\"\nethernet0.checkMACAddress = \"false\""
    );
    // an explicit type wins over the range
    assert_eq!(
        eth_lines("52:54:00:12:34:56", " type='generated'"),
        "ethernet0.addressType = \"generated\"\nethernet0.generatedAddress = \"52:54:00:12:34:56\"\nethernet0.generatedAddressOffset = \"0\""
    );
    assert_eq!(
        eth_lines("00:0c:29:01:02:03", " type='static' check='yes'"),
        "ethernet0.addressType = \"static\"\nethernet0.address = \"00:0c:29:01:02:03\"\nethernet0.checkMACAddress = \"true\""
    );
}

fn scsi_disk(dst: &str, file: &str) -> String {
    format!("<disk type='file' device='disk'><source file='[ds] {file}.vmdk'/><target dev='{dst}' bus='scsi'/></disk>")
}

#[test]
fn scsi_models() {
    for (model, vmx_name) in [
        ("buslogic", "buslogic"),
        ("lsilogic", "lsilogic"),
        ("lsisas1068", "lsisas1068"),
        ("vmpvscsi", "pvscsi"),
    ] {
        let vmx = to_vmx(&xml_with_devices(&format!(
            "{}<controller type='scsi' index='0' model='{model}'/>",
            scsi_disk("sda", "a")
        )))
        .unwrap();
        assert!(
            vmx.contains(&format!("scsi0.virtualDev = \"{vmx_name}\"\n")),
            "{vmx}"
        );
    }
    let e = to_vmx(&xml_with_devices(&format!(
        "{}<controller type='scsi' index='0' model='virtio-scsi'/>",
        scsi_disk("sda", "a")
    )))
    .unwrap_err();
    assert!(
        e.message.contains("but found 'virtio-scsi'"),
        "{}",
        e.message
    );
}

/// Answers auto-detection from a per-file table and records the questions.
struct Detecting {
    asked: RefCell<Vec<String>>,
}

impl FileResolver for Detecting {
    fn parse_file_name(&self, f: &str, a: bool) -> Result<Option<String>> {
        TestResolver.parse_file_name(f, a)
    }
    fn format_file_name(&self, s: &str) -> Result<String> {
        TestResolver.format_file_name(s)
    }
    fn autodetect_scsi_controller_model(&self, disk: &DiskDef) -> Result<Option<String>> {
        let src = disk.source.clone().unwrap_or_default();
        self.asked.borrow_mut().push(src.clone());
        Ok(Some(
            if src.contains("bus") {
                "buslogic"
            } else {
                "lsilogic"
            }
            .to_string(),
        ))
    }
}

#[test]
fn scsi_auto_detection() {
    let r = Detecting {
        asked: RefCell::new(Vec::new()),
    };
    let ctx = Context::new(&r);
    let def = domxml::parse(&xml_with_devices(&format!(
        "{}{}<controller type='scsi' index='0' model='auto'/>",
        scsi_disk("sda", "bus1"),
        scsi_disk("sdb", "bus2")
    )))
    .unwrap();
    let vmx = vmx::from_domain(&def, &ctx).unwrap();
    assert!(vmx.contains("scsi0.virtualDev = \"buslogic\"\n"));
    assert_eq!(r.asked.borrow().len(), 2);

    let def = domxml::parse(&xml_with_devices(&format!(
        "{}{}<controller type='scsi' index='0' model='auto'/>",
        scsi_disk("sda", "bus1"),
        scsi_disk("sdb", "lsi")
    )))
    .unwrap();
    let e = vmx::from_domain(&def, &ctx).unwrap_err();
    assert_eq!(
        e.message,
        "internal error: Disks on SCSI controller 0 have inconsistent controller models, cannot autodetect model"
    );

    // a resolver that can't detect leaves 'auto', which can't be written
    struct NoDetect;
    impl FileResolver for NoDetect {
        fn parse_file_name(&self, f: &str, a: bool) -> Result<Option<String>> {
            TestResolver.parse_file_name(f, a)
        }
        fn format_file_name(&self, s: &str) -> Result<String> {
            TestResolver.format_file_name(s)
        }
    }
    let ctx = Context::new(&NoDetect);
    let e = vmx::from_domain(&def, &ctx).unwrap_err();
    assert!(e.message.contains("but found 'auto'"), "{}", e.message);
}

#[test]
fn strict_export_rules() {
    let r = TestResolver;
    let mut ctx = Context::new(&r);
    let xml = "<domain type='vmware'><name>t</name><memory>5000</memory><vcpu>3</vcpu><os><type>hvm</type></os></domain>";
    let def = domxml::parse(xml).unwrap();
    // libvirt 9.0 behaviour: memory rounded up, any vCPU count
    let vmx = vmx::from_domain(&def, &ctx).unwrap();
    assert!(vmx.contains("memsize = \"8\"\n") && vmx.contains("numvcpus = \"3\"\n"));
    ctx.strict_export_rules = true;
    let e = vmx::from_domain(&def, &ctx).unwrap_err();
    assert!(
        e.message.contains("multiple of 4096) but found 5000"),
        "{}",
        e.message
    );
    let def = domxml::parse(&xml.replace("5000", "8192")).unwrap();
    let e = vmx::from_domain(&def, &ctx).unwrap_err();
    assert!(
        e.message.contains("(1 or a multiple of 2) but found 3"),
        "{}",
        e.message
    );
    ctx.virtual_hw_version = 7;
    assert!(vmx::from_domain(&def, &ctx).is_ok());
}

#[test]
fn values_cannot_inject_keys() {
    let xml = "<domain type='vmware'><name>a\"b&#10;guestOS = \"evil</name><description>x\"\ny</description><memory>4096</memory><os><type>hvm</type></os><devices><disk type='file' device='disk'><source file='/x\"&#10;evil = \"1.vmdk'/><target dev='sda'/></disk></devices></domain>";
    let vmx_text = to_vmx(xml).unwrap();
    let conf = VmxConf::parse(&vmx_text).unwrap();
    assert!(conf.get("evil").is_none());
    assert_eq!(conf.get("guestOS"), Some("other"));
    assert_eq!(conf.get("displayName"), Some("a|22b|0aguestOS = |22evil"));
    // and it reads back to the same name
    let r = TestResolver;
    let def =
        vmx::to_domain(&vmx_text, &Context::new(&r)).unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(def.name.as_deref(), Some("a\"b\nguestOS = \"evil"));
}

#[test]
fn reader_errors_name_lines() {
    let r = TestResolver;
    let ctx = Context::new(&r);
    let e = vmx::to_domain(
        "config.version = \"8\"\nvirtualHW.version = \"4\"\nCONFIG.VERSION = \"8\"\n",
        &ctx,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "configuration file syntax error: memory conf:3: duplicate key 'CONFIG.VERSION' (first given on line 1)"
    );
    let e = vmx::to_domain("config.version = \"8\"\n\n  = \"4\"\n", &ctx).unwrap_err();
    assert_eq!(
        e.message,
        "configuration file syntax error: memory conf:3: expecting a name"
    );
    let e = vmx::to_domain("config.version = \"8\"\n", &ctx).unwrap_err();
    assert_eq!(
        e.message,
        "internal error: Missing essential config entry 'virtualHW.version'"
    );
}

#[test]
fn encoding_and_metadata() {
    let r = TestResolver;
    let mut ctx = Context::new(&r);
    ctx.datacenter_path = Some("dc1 & <x>".to_string());
    let mut vmx_bytes = b".encoding = \"windows-1252\"\nconfig.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"caf".to_vec();
    vmx_bytes.push(0xe9);
    vmx_bytes.extend_from_slice(b"\"\n");
    let def = vmx::to_domain_bytes(&vmx_bytes, &ctx).unwrap();
    assert_eq!(def.name.as_deref(), Some("caf\u{e9}"));
    let xml = domxml::format(&def);
    assert!(xml.starts_with(
        "<domain type='vmware' xmlns:vmware='http://libvirt.org/schemas/domain/vmware/1.0'>\n"
    ));
    assert!(xml.contains(
        "  <vmware:datacenterpath>dc1 &amp; &lt;x&gt;</vmware:datacenterpath>\n</domain>\n"
    ));
}

#[test]
fn hw7_adds_bridges_and_vmci() {
    let r = TestResolver;
    let mut ctx = Context::new(&r);
    ctx.virtual_hw_version = 7;
    let def = domxml::parse(&xml_with_devices(&scsi_disk("sda", "a"))).unwrap();
    let vmx = vmx::from_domain(&def, &ctx).unwrap();
    assert!(vmx.ends_with("pciBridge7.functions = \"8\"\nvmci0.present = \"true\"\n"));
}

#[test]
fn xml_errors() {
    assert!(domxml::parse("<domain type='vmware'><name>x</name>").is_err());
    let e = domxml::parse("<domain><name>x</name></domain>").unwrap_err();
    assert_eq!(e.message, "internal error: missing domain type attribute");
    let e = domxml::parse(
        "<domain type='vmware'><memory>4096</memory><os><type>hvm</type></os></domain>",
    )
    .unwrap_err();
    assert_eq!(e.code, virt::error::code::NO_NAME);
    let e = domxml::parse("<domain type='vmware'><name>x</name><uuid>nope</uuid><memory>4096</memory><os><type>hvm</type></os></domain>").unwrap_err();
    assert_eq!(e.message, "internal error: malformed uuid element");
    let e = domxml::parse("<foo/>").unwrap_err();
    assert_eq!(e.code, virt::error::code::XML_ERROR);
}

#[test]
fn format_options() {
    let r = TestResolver;
    let ctx = Context::new(&r);
    let vmx_text = "config.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"v\"\nRemoteDisplay.vnc.enabled = \"true\"\nRemoteDisplay.vnc.port = \"5901\"\nRemoteDisplay.vnc.password = \"pw\"\n";
    let mut def = vmx::to_domain(vmx_text, &ctx).unwrap();
    def.id = 7;
    let secure = domxml::format(&def);
    assert!(secure.starts_with("<domain type='vmware' id='7'>\n"));
    assert!(secure.contains("<graphics type='vnc' port='5901' autoport='no' passwd='pw'>\n      <listen type='address'/>\n    </graphics>\n"));
    let plain = domxml::format_with(
        &def,
        domxml::FormatOptions {
            secure: false,
            inactive: true,
        },
    );
    assert!(plain.starts_with("<domain type='vmware'>\n"));
    assert!(plain.contains("<graphics type='vnc' port='5901' autoport='no'>\n"));
}

#[test]
fn duplicate_keys_optionally_as_libvirt() {
    let r = TestResolver;
    let mut ctx = Context::new(&r);
    let text =
        "config.version = \"8\"\nvirtualHW.version = \"4\"\nmemsize = \"64\"\nMEMSIZE = \"128\"\n";
    assert!(vmx::to_domain(text, &ctx).is_err());
    ctx.allow_duplicate_keys = true;
    let def = vmx::to_domain(text, &ctx).unwrap();
    assert_eq!(def.memory_kib, 64 * 1024);
    let conf = VmxConf::parse_allowing_duplicates(text).unwrap();
    assert_eq!(conf.duplicates, vec![("MEMSIZE".to_string(), 3, 4)]);
}
