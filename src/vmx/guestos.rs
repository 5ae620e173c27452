//! The VMX `guestOS` a domain gets when its XML names its operating system with libosinfo
//! (`<libosinfo:os id='http://microsoft.com/win/10'/>`, as virt-install and virt-manager
//! write it), instead of libvirt 9.0's `other`/`other-64` for every domain.
//!
//! The VMware ids are the `guestOS` values VMware products write (the vSphere API's
//! `VirtualMachineGuestOsIdentifier` in VMX spelling); only operating systems with a clear
//! VMware id are listed, anything else stays `other`/`other-64`.

/// The VMware `guestOS` id for a libosinfo OS id, for a 64-bit (`x86_64`) or 32-bit guest;
/// `None` where there is no such id (or none for that width).
pub fn guest_os_for(libosinfo_id: &str, x86_64: bool) -> Option<&'static str> {
    let (family, version) = split_id(libosinfo_id)?;
    let major = version.split('.').next().unwrap_or("");
    let major_num: Option<u32> = major.parse().ok();
    // (32-bit id, 64-bit id)
    let pair: (Option<&'static str>, Option<&'static str>) = match family {
        "microsoft.com/win" => match version {
            "xp" => (Some("winxppro"), Some("winxppro-64")),
            "vista" => (Some("winvista"), Some("winvista-64")),
            "7" => (Some("windows7"), Some("windows7-64")),
            "8" | "8.1" => (Some("windows8"), Some("windows8-64")),
            "10" => (Some("windows9"), Some("windows9-64")),
            "11" => (None, Some("windows11-64")),
            "2k3" | "2k3r2" => (Some("winnetenterprise"), Some("winnetenterprise-64")),
            "2k8" => (Some("longhorn"), Some("longhorn-64")),
            "2k8r2" => (None, Some("windows7srv-64")),
            "2k12" | "2k12r2" => (None, Some("windows8srv-64")),
            "2k16" => (None, Some("windows9srv-64")),
            "2k19" => (None, Some("windows2019srv-64")),
            "2k22" => (None, Some("windows2019srvnext-64")),
            "2k25" => (None, Some("windows2022srvnext-64")),
            _ => return None,
        },
        "redhat.com/rhel" => match major_num? {
            4 => (Some("rhel4"), Some("rhel4-64")),
            5 => (Some("rhel5"), Some("rhel5-64")),
            6 => (Some("rhel6"), Some("rhel6-64")),
            7 => (Some("rhel7"), Some("rhel7-64")),
            8 => (None, Some("rhel8-64")),
            9 => (None, Some("rhel9-64")),
            _ => return None,
        },
        "centos.org/centos" => match major_num? {
            6 => (Some("centos6"), Some("centos6-64")),
            7 => (None, Some("centos7-64")),
            8 => (None, Some("centos8-64")),
            _ => (Some("centos"), Some("centos-64")),
        },
        "centos.org/centos-stream" => match major_num? {
            8 => (None, Some("centos8-64")),
            9 => (None, Some("centos9-64")),
            _ => return None,
        },
        "debian.org/debian" => match major_num? {
            6 => (Some("debian6"), Some("debian6-64")),
            7 => (Some("debian7"), Some("debian7-64")),
            8 => (Some("debian8"), Some("debian8-64")),
            9 => (Some("debian9"), Some("debian9-64")),
            10 => (Some("debian10"), Some("debian10-64")),
            11 => (Some("debian11"), Some("debian11-64")),
            12 => (Some("debian12"), Some("debian12-64")),
            _ => return None,
        },
        "ubuntu.com/ubuntu" => (Some("ubuntu"), Some("ubuntu-64")),
        "fedoraproject.org/fedora" => (Some("fedora"), Some("fedora-64")),
        "suse.com/sles" | "suse.com/sle" => match major_num? {
            11 => (Some("sles11"), Some("sles11-64")),
            12 => (None, Some("sles12-64")),
            15 => (None, Some("sles15-64")),
            16 => (None, Some("sles16-64")),
            _ => return None,
        },
        "opensuse.org/opensuse" => (Some("opensuse"), Some("opensuse-64")),
        "oracle.com/ol" => match major_num? {
            7 => (None, Some("oraclelinux7-64")),
            8 => (None, Some("oraclelinux8-64")),
            9 => (None, Some("oraclelinux9-64")),
            _ => return None,
        },
        "almalinux.org/almalinux" => (None, Some("almalinux-64")),
        "rockylinux.org/rocky" => (None, Some("rockylinux-64")),
        "freebsd.org/freebsd" => match major_num? {
            n @ 10..=14 => FREEBSD[(n - 10) as usize],
            _ => return None,
        },
        _ => return None,
    };
    if x86_64 {
        pair.1
    } else {
        pair.0
    }
}

const FREEBSD: [(Option<&str>, Option<&str>); 5] = [
    (Some("freebsd10"), Some("freebsd10-64")),
    (Some("freebsd11"), Some("freebsd11-64")),
    (Some("freebsd12"), Some("freebsd12-64")),
    (Some("freebsd13"), Some("freebsd13-64")),
    (Some("freebsd14"), Some("freebsd14-64")),
];

/// `http://<family path>/<version>` -> (family path, version).
fn split_id(id: &str) -> Option<(&str, &str)> {
    let rest = id
        .strip_prefix("http://")
        .or_else(|| id.strip_prefix("https://"))?;
    rest.rsplit_once('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libosinfo_ids() {
        assert_eq!(
            guest_os_for("http://microsoft.com/win/10", true),
            Some("windows9-64")
        );
        assert_eq!(
            guest_os_for("http://microsoft.com/win/10", false),
            Some("windows9")
        );
        assert_eq!(guest_os_for("http://microsoft.com/win/11", false), None);
        assert_eq!(
            guest_os_for("http://microsoft.com/win/2k19", true),
            Some("windows2019srv-64")
        );
        assert_eq!(
            guest_os_for("http://redhat.com/rhel/9.2", true),
            Some("rhel9-64")
        );
        assert_eq!(
            guest_os_for("http://debian.org/debian/12", true),
            Some("debian12-64")
        );
        assert_eq!(
            guest_os_for("http://ubuntu.com/ubuntu/22.04", true),
            Some("ubuntu-64")
        );
        assert_eq!(
            guest_os_for("http://freebsd.org/freebsd/13.2", false),
            Some("freebsd13")
        );
        assert_eq!(guest_os_for("http://example.com/os/1", true), None);
        assert_eq!(guest_os_for("not a uri", true), None);
    }
}
