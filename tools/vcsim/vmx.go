package main

// -write-vmx: vcsim 0.24 leaves the .vmx files of the VMs it creates empty,
// so a client that reads them (libvirt's dumpxml) has nothing to parse. With
// this flag the launcher writes, for each VM whose .vmx is empty at start, a
// VMX describing the VM's config as vcsim reports it. A VMX uploaded later
// (PUT /folder/...) or one that is not empty is never touched.

import (
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// datastoreDir returns the local directory holding a datastore's files.
func datastoreDir(name string) string {
	for _, ent := range simulator.Map.All("Datastore") {
		if ds, ok := ent.(*simulator.Datastore); ok && ds.Name == name {
			return ds.Info.GetDatastoreInfo().Url
		}
	}
	return ""
}

// writeVMXFiles fills the empty .vmx of every VM; returns how many it wrote.
func writeVMXFiles() (int, error) {
	n := 0
	for _, ent := range simulator.Map.All("VirtualMachine") {
		vm, ok := ent.(*simulator.VirtualMachine)
		if !ok || vm.Config == nil {
			continue
		}
		var p object.DatastorePath
		if !p.FromString(vm.Config.Files.VmPathName) || path.Ext(p.Path) != ".vmx" {
			continue
		}
		dir := datastoreDir(p.Datastore)
		if dir == "" {
			continue
		}
		file := path.Join(dir, p.Path)
		if st, err := os.Stat(file); err == nil && st.Size() > 0 {
			continue
		}
		var text string
		simulator.Map.WithLock(vm, func() { text = vmxFor(vm, path.Dir(p.Path), p.Datastore) })
		if err := os.MkdirAll(path.Dir(file), 0o755); err != nil {
			return n, err
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// vmxGuestOS maps a vSphere guestId to a VMX guestOS ("otherGuest64" -> "other-64").
func vmxGuestOS(id string) string {
	if id == "" {
		return "other"
	}
	s := id
	suffix := ""
	if strings.HasSuffix(s, "Guest64") {
		s, suffix = strings.TrimSuffix(s, "Guest64"), "-64"
	} else if strings.HasSuffix(s, "_64Guest") {
		s, suffix = strings.TrimSuffix(s, "_64Guest"), "-64"
	} else if strings.HasSuffix(s, "64Guest") {
		s, suffix = strings.TrimSuffix(s, "64Guest"), "-64"
	} else {
		s = strings.TrimSuffix(s, "Guest")
	}
	return strings.ToLower(s) + suffix
}

// vmxUUID turns "564d9e8e-0d3e-4f8a-a16c-3b5f2f2e0e3c" into VMX's
// "56 4d 9e 8e 0d 3e 4f 8a-a1 6c 3b 5f 2f 2e 0e 3c".
func vmxUUID(u string) string {
	h := strings.Replace(u, "-", "", -1)
	if len(h) != 32 {
		return ""
	}
	var b strings.Builder
	for i := 0; i < 16; i++ {
		switch {
		case i == 8:
			b.WriteByte('-')
		case i > 0:
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(h[2*i : 2*i+2]))
	}
	return b.String()
}

func scsiVirtualDev(c types.BaseVirtualDevice) string {
	switch c.(type) {
	case *types.ParaVirtualSCSIController:
		return "pvscsi"
	case *types.VirtualLsiLogicController:
		return "lsilogic"
	case *types.VirtualLsiLogicSASController:
		return "lsisas1068"
	case *types.VirtualBusLogicController:
		return "buslogic"
	}
	return ""
}

func nicVirtualDev(d types.BaseVirtualDevice) string {
	switch d.(type) {
	case *types.VirtualE1000:
		return "e1000"
	case *types.VirtualE1000e:
		return "e1000e"
	case *types.VirtualVmxnet3:
		return "vmxnet3"
	case *types.VirtualVmxnet2:
		return "vmxnet2"
	case *types.VirtualPCNet32:
		return "vlance"
	}
	return ""
}

// vmxFor renders vm's config as a VMX. dir is the VMX's directory on
// datastore ds (files there are written relative).
func vmxFor(vm *simulator.VirtualMachine, dir, ds string) string {
	kv := map[string]string{}
	set := func(k, v string) { kv[k] = v }
	cfg := vm.Config
	hwVersion := strings.TrimPrefix(cfg.Version, "vmx-")
	if hwVersion == "" {
		hwVersion = "13"
	}
	set(".encoding", "UTF-8")
	set("config.version", "8")
	set("virtualHW.version", hwVersion)
	set("displayName", vm.Name)
	set("guestOS", vmxGuestOS(cfg.GuestId))
	if u := vmxUUID(cfg.Uuid); u != "" {
		set("uuid.bios", u)
	}
	if u := vmxUUID(cfg.InstanceUuid); u != "" {
		set("vc.uuid", u)
	}
	set("memsize", fmt.Sprint(cfg.Hardware.MemoryMB))
	set("numvcpus", fmt.Sprint(cfg.Hardware.NumCPU))
	if cfg.Hardware.NumCoresPerSocket > 0 {
		set("cpuid.coresPerSocket", fmt.Sprint(cfg.Hardware.NumCoresPerSocket))
	}
	if cfg.Annotation != "" {
		set("annotation", strings.Replace(cfg.Annotation, "\n", "|0A", -1))
	}

	fileName := func(name string) string {
		var p object.DatastorePath
		if !p.FromString(name) {
			return name
		}
		if p.Datastore == ds && path.Dir(p.Path) == dir {
			return path.Base(p.Path)
		}
		return "/vmfs/volumes/" + p.Datastore + "/" + p.Path
	}

	devices := append(object.VirtualDeviceList(nil), cfg.Hardware.Device...) // a copy: it gets sorted
	bus := map[int32]string{}                                                // controller key -> "scsi0", "ide1"
	for _, d := range devices {
		switch c := d.(type) {
		case types.BaseVirtualSCSIController:
			sc := c.GetVirtualSCSIController()
			name := fmt.Sprintf("scsi%d", sc.BusNumber)
			bus[sc.Key] = name
			set(name+".present", "TRUE")
			if dev := scsiVirtualDev(d); dev != "" {
				set(name+".virtualDev", dev)
			}
		case *types.VirtualIDEController:
			bus[c.Key] = fmt.Sprintf("ide%d", c.BusNumber)
		}
	}
	// vcsim can put two devices on one unit (its CD-ROM and disk share
	// scsi0:0): a taken unit moves to the next free one; disks go first.
	taken := map[string]bool{}
	slot := func(vd *types.VirtualDevice) string {
		b, ok := bus[vd.ControllerKey]
		if !ok {
			return ""
		}
		max := 16
		if strings.HasPrefix(b, "ide") {
			max = 2
		}
		first := 0
		if vd.UnitNumber != nil {
			first = int(*vd.UnitNumber)
		}
		for i := 0; i < max; i++ {
			u := (first + i) % max
			s := fmt.Sprintf("%s:%d", b, u)
			if (strings.HasPrefix(b, "scsi") && u == 7) || taken[s] {
				continue
			}
			taken[s] = true
			return s
		}
		return ""
	}
	sort.SliceStable(devices, func(i, j int) bool {
		_, di := devices[i].(*types.VirtualDisk)
		_, dj := devices[j].(*types.VirtualDisk)
		return di && !dj
	})
	nic := 0
	for _, d := range devices {
		vd := d.GetVirtualDevice()
		switch dev := d.(type) {
		case *types.VirtualDisk:
			s := slot(vd)
			b, ok := vd.Backing.(types.BaseVirtualDeviceFileBackingInfo)
			if s == "" || !ok {
				continue
			}
			set(s+".present", "TRUE")
			if strings.HasPrefix(s, "ide") {
				set(s+".deviceType", "ata-hardDisk")
			} else {
				set(s+".deviceType", "scsi-hardDisk")
			}
			set(s+".fileName", fileName(b.GetVirtualDeviceFileBackingInfo().FileName))
		case *types.VirtualCdrom:
			s := slot(vd)
			if s == "" {
				continue
			}
			switch b := vd.Backing.(type) {
			case *types.VirtualCdromIsoBackingInfo:
				set(s+".present", "TRUE")
				set(s+".deviceType", "cdrom-image")
				set(s+".fileName", fileName(b.FileName))
			case *types.VirtualCdromAtapiBackingInfo:
				set(s+".present", "TRUE")
				set(s+".deviceType", "atapi-cdrom")
				set(s+".fileName", "auto detect")
			}
		case types.BaseVirtualEthernetCard:
			card := dev.GetVirtualEthernetCard()
			name := fmt.Sprintf("ethernet%d", nic)
			nic++
			set(name+".present", "TRUE")
			if v := nicVirtualDev(d); v != "" {
				set(name+".virtualDev", v)
			}
			switch b := vd.Backing.(type) {
			case *types.VirtualEthernetCardNetworkBackingInfo:
				set(name+".networkName", b.DeviceName)
			case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
				pg := types.ManagedObjectReference{Type: "DistributedVirtualPortgroup", Value: b.Port.PortgroupKey}
				if e, ok := simulator.Map.Get(pg).(*simulator.DistributedVirtualPortgroup); ok {
					set(name+".networkName", e.Name)
				}
			}
			if card.MacAddress != "" {
				switch strings.ToLower(card.AddressType) {
				case "manual":
					set(name+".addressType", "static")
					set(name+".address", card.MacAddress)
				case "assigned":
					set(name+".addressType", "vpx")
					set(name+".generatedAddress", card.MacAddress)
				default:
					set(name+".addressType", "generated")
					set(name+".generatedAddress", card.MacAddress)
				}
			}
		}
	}

	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		// .encoding and config.version first, like ESX writes them
		rank := func(k string) int {
			switch k {
			case ".encoding":
				return 0
			case "config.version":
				return 1
			case "virtualHW.version":
				return 2
			}
			return 3
		}
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = \"%s\"\n", k, strings.Replace(kv[k], `"`, "|22", -1))
	}
	return b.String()
}
