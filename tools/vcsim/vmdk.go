package main

// vcsim 0.24 creates virtual disks as two empty files (x.vmdk and
// x-flat.vmdk). A real VMDK descriptor is never empty, and the datastore
// browser of a real ESX always reports its fileSize; with a 0-byte file the
// field goes missing from vcsim's reply (Go's omitempty) and libvirt 9.0
// crashes in vol-info. So the launcher writes a small VMFS descriptor into
// each empty descriptor it knows the capacity of: the disks of the VMs at
// start and when searched, and the disks made by CreateVirtualDisk_Task.

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// vmdkDescriptor returns a VMFS descriptor for a disk of capacityKB whose
// data is in flat (a file name in the same directory).
func vmdkDescriptor(flat string, capacityKB int64, adapter string, thin bool) string {
	sectors := capacityKB * 2
	cylinders := sectors / (255 * 63)
	if cylinders < 1 {
		cylinders = 1
	}
	thinFlag := ""
	if thin {
		thinFlag = "ddb.thinProvisioned = \"1\"\n"
	}
	return fmt.Sprintf(`# Disk DescriptorFile
version=1
encoding="UTF-8"
CID=fffffffe
parentCID=ffffffff
createType="vmfs"

# Extent description
RW %d VMFS "%s"

# The Disk Data Base
#DDB

ddb.adapterType = "%s"
ddb.geometry.cylinders = "%d"
ddb.geometry.heads = "255"
ddb.geometry.sectors = "63"
%sddb.virtualHWVersion = "13"
`, sectors, flat, adapter, cylinders, thinFlag)
}

// ensureDescriptor writes a descriptor into file if it exists and is empty.
func ensureDescriptor(file string, capacityKB int64, adapter string, thin bool) {
	st, err := os.Stat(file)
	if err != nil || st.Size() != 0 || capacityKB <= 0 || path.Ext(file) != ".vmdk" || isExtentName(path.Base(file)) {
		return
	}
	flat := strings.TrimSuffix(path.Base(file), ".vmdk") + "-flat.vmdk"
	_ = os.WriteFile(file, []byte(vmdkDescriptor(flat, capacityKB, adapter, thin)), 0o644)
}

// adapterType is a descriptor's ddb.adapterType for a controller type name.
func adapterType(controller string) string {
	switch controller {
	case "VirtualIDEController":
		return "ide"
	case "VirtualBusLogicController":
		return "buslogic"
	}
	return "lsilogic"
}

// localPath turns "[ds] dir/file" into the file's local path, "" if unknown.
func localPath(dsPath string) string {
	var p object.DatastorePath
	if !p.FromString(dsPath) {
		return ""
	}
	dir := datastoreDir(p.Datastore)
	if dir == "" {
		return ""
	}
	return path.Join(dir, path.Clean("/"+p.Path))
}

// writeVMDescriptors fills the empty descriptors of all VMs' disks.
func writeVMDescriptors() {
	for _, ent := range simulator.Map.All("Datastore") {
		ds := ent.(*simulator.Datastore)
		for rel, di := range diskIndex(ds.Name) {
			ensureDescriptor(path.Join(ds.Info.GetDatastoreInfo().Url, rel), di.capacityKB, adapterType(di.controllerType), isTrue(di.thin))
		}
	}
}

// prepareCreateVirtualDisk: after vcsim made the two empty files, write the
// descriptor with the spec's capacity.
func prepareCreateVirtualDisk(body []byte) func() {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return nil
	}
	req, ok := m.Body.(*types.CreateVirtualDisk_Task)
	if !ok || req.Spec == nil {
		return nil
	}
	spec, ok := req.Spec.(types.BaseFileBackedVirtualDiskSpec)
	if !ok {
		return nil
	}
	s := spec.GetFileBackedVirtualDiskSpec()
	file := localPath(req.Name)
	if file == "" {
		return nil
	}
	adapter := s.AdapterType
	if adapter == "busLogic" {
		adapter = "buslogic"
	} else if adapter == "lsiLogic" || adapter == "" {
		adapter = "lsilogic"
	}
	thin := s.DiskType == string(types.VirtualDiskTypeThin)
	return func() {
		ensureDescriptor(file, s.CapacityKb, adapter, thin)
		preallocate(file, s.CapacityKb, s.DiskType)
	}
}
