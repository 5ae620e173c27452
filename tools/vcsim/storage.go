package main

// Storage for the ESX driver's storage tests, where vcsim 0.24 has none or
// does too little:
//   - every host gets a software iSCSI adapter (vmhba65) with one static
//     target holding two LUNs (HostScsiDisk, 1 GiB and 4 GiB), in
//     config.storageDevice (hostBusAdapter, scsiLun, scsiTopology) and in its
//     storage system's storageDeviceInfo, as a real ESX with a SAN shows them;
//   - with -extra-datastores, a VMFS, an NFS, an NFS 4.1 and a CIFS datastore
//     beside vcsim's local one (each a local folder underneath, as vcsim's);
//   - VirtualDiskManager.ExtendVirtualDisk_Task (vcsim has none), and
//     QueryVirtualDiskUuid from the disk's datastore path (see below);
//   - a preallocated disk from CreateVirtualDisk_Task gets a -flat extent of
//     its full size (sparse), so its allocation shows, as on ESX;
//   - every datastore has a fixed capacity (500 GiB) and as free space that
//     less the bytes in its folder, at start and after RefreshDatastore
//     (vcsim reports the statfs of the machine's /tmp, which changes with
//     whatever else runs there, so two simulators never agreed);
//   - POST /_datastore?name=DS&accessible=false|true: a datastore's
//     summary.accessible (and its host mounts' mountInfo.accessible).

import (
	"context"
	"crypto/sha1"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// The iSCSI target every host sees, and its LUNs.
const (
	iscsiTargetName    = "iqn.2026-01.org.libvirt-esx:storage.target0"
	iscsiTargetAddress = "192.168.50.10"
	iscsiTargetPort    = 3260
	iscsiHBADevice     = "vmhba65"
)

type iscsiLun struct {
	naa    string // canonical name
	blocks int64  // of 512 bytes
	model  string
}

var iscsiLuns = []iscsiLun{
	{naa: "naa.6001405a1b2c3d4e5f60718293a4b5c6", blocks: 2 << 20, model: "lun0"},
	{naa: "naa.6001405f0e1d2c3b4a59687766554433", blocks: 8 << 20, model: "lun1"},
}

// installStorage adds the iSCSI adapter to every host and, if asked, the
// extra datastores. It runs before the launcher's per-host and
// per-datastore additions (mount paths, browsers) so those cover it too.
func installStorage(o *options) error {
	for _, ent := range simulator.Map.All("HostSystem") {
		host := ent.(*simulator.HostSystem)
		simulator.Map.WithLock(host, func() { addIscsi(host) })
	}
	if o.extraDatastores {
		if err := addExtraDatastores(); err != nil {
			return err
		}
	}
	for _, ent := range simulator.Map.All("Datastore") {
		ds := ent.(*simulator.Datastore)
		simulator.Map.WithLock(ds, func() { sizeDatastore(ds) })
	}
	return nil
}

// datastoreCapacity is every datastore's summary.capacity.
const datastoreCapacity = 500 << 30

// sizeDatastore sets a datastore's capacity and free space (see above).
func sizeDatastore(ds *simulator.Datastore) {
	info := ds.Info.GetDatastoreInfo()
	var used int64
	_ = filepath.Walk(info.Url, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			used += fi.Size()
		}
		return nil
	})
	free := int64(datastoreCapacity) - used
	if free < 0 {
		free = 0
	}
	ds.Summary.Capacity = datastoreCapacity
	ds.Summary.FreeSpace = free
	info.FreeSpace = free
	info.MaxFileSize = free
	info.MaxMemoryFileSize = free
	switch i := ds.Info.(type) {
	case *types.VmfsDatastoreInfo:
		if i.Vmfs != nil {
			i.Vmfs.Capacity = datastoreCapacity
		}
	case *types.NasDatastoreInfo:
		if i.Nas != nil {
			i.Nas.Capacity = datastoreCapacity
		}
	}
}

func addIscsi(host *simulator.HostSystem) {
	if host.Config == nil || host.Config.StorageDevice == nil {
		return
	}
	info := *host.Config.StorageDevice // vcsim's storage system shares a global template: copy
	hbaKey := "key-vim.host.InternetScsiHba-" + iscsiHBADevice
	hba := &types.HostInternetScsiHba{
		HostHostBusAdapter: types.HostHostBusAdapter{
			Key:    hbaKey,
			Device: iscsiHBADevice,
			Bus:    0,
			Status: "online",
			Model:  "iSCSI Software Adapter",
			Driver: "iscsi_vmk",
		},
		IsSoftwareBased: true,
		CanBeDisabled:   types.NewBool(true),
		DiscoveryCapabilities: types.HostInternetScsiHbaDiscoveryCapabilities{
			StaticTargetDiscoverySettable: true,
			SendTargetsDiscoverySettable:  true,
		},
		DiscoveryProperties: types.HostInternetScsiHbaDiscoveryProperties{
			StaticTargetDiscoveryEnabled: true,
			SendTargetsDiscoveryEnabled:  true,
		},
		AuthenticationCapabilities: types.HostInternetScsiHbaAuthenticationCapabilities{ChapAuthSettable: true},
		AuthenticationProperties:   types.HostInternetScsiHbaAuthenticationProperties{ChapAuthEnabled: false},
		IpCapabilities:             types.HostInternetScsiHbaIPCapabilities{},
		IpProperties:               types.HostInternetScsiHbaIPProperties{DhcpConfigurationEnabled: false},
		IScsiName:                  "iqn.1998-01.com.vmware:" + host.Name + "-4c4c4544",
		ConfiguredSendTarget: []types.HostInternetScsiHbaSendTarget{
			{Address: iscsiTargetAddress, Port: iscsiTargetPort},
		},
		ConfiguredStaticTarget: []types.HostInternetScsiHbaStaticTarget{
			{Address: iscsiTargetAddress, Port: iscsiTargetPort, IScsiName: iscsiTargetName, DiscoveryMethod: "sendTargetMethod"},
		},
	}
	info.HostBusAdapter = append(append([]types.BaseHostHostBusAdapter{}, info.HostBusAdapter...), hba)

	luns := append([]types.BaseScsiLun{}, info.ScsiLun...)
	var topoLuns []types.HostScsiTopologyLun
	for i, l := range iscsiLuns {
		id := strings.TrimPrefix(l.naa, "naa.")
		uuid := "0200" + fmt.Sprintf("%02x", i) + "0000" + id + "4c494f2d4f52"
		key := "key-vim.host.ScsiDisk-" + uuid
		dev := "/vmfs/devices/disks/" + l.naa
		luns = append(luns, &types.HostScsiDisk{
			ScsiLun: types.ScsiLun{
				HostDevice:       types.HostDevice{DeviceName: dev, DeviceType: "disk"},
				Key:              key,
				Uuid:             uuid,
				Descriptor:       []types.ScsiLunDescriptor{{Quality: "highQuality", Id: l.naa}, {Quality: "mediumQuality", Id: "vml." + uuid}},
				CanonicalName:    l.naa,
				DisplayName:      fmt.Sprintf("LIO-ORG iSCSI Disk (%s)", l.naa),
				LunType:          "disk",
				Vendor:           "LIO-ORG ",
				Model:            l.model,
				Revision:         "4.0 ",
				ScsiLevel:        6,
				SerialNumber:     "unavailable",
				QueueDepth:       128,
				OperationalState: []string{"ok"},
				Capabilities:     &types.ScsiLunCapabilities{},
				VStorageSupport:  "vStorageUnsupported",
				ProtocolEndpoint: types.NewBool(false),
			},
			Capacity:     types.HostDiskDimensionsLba{BlockSize: 512, Block: l.blocks},
			DevicePath:   dev,
			Ssd:          types.NewBool(false),
			LocalDisk:    types.NewBool(false),
			ScsiDiskType: "native512",
		})
		topoLuns = append(topoLuns, types.HostScsiTopologyLun{
			Key:     "key-vim.host.ScsiTopology.Lun-" + uuid,
			Lun:     int32(i),
			ScsiLun: key,
		})
	}
	info.ScsiLun = luns

	topo := types.HostScsiTopology{}
	if info.ScsiTopology != nil {
		topo = *info.ScsiTopology
	}
	topo.Adapter = append(append([]types.HostScsiTopologyInterface{}, topo.Adapter...), types.HostScsiTopologyInterface{
		Key:     "key-vim.host.ScsiTopology.Interface-" + iscsiHBADevice,
		Adapter: hbaKey,
		Target: []types.HostScsiTopologyTarget{{
			Key:    "key-vim.host.ScsiTopology.Target-" + iscsiHBADevice + ":0:0",
			Target: 0,
			Lun:    topoLuns,
			Transport: &types.HostInternetScsiTargetTransport{
				IScsiName:  iscsiTargetName,
				IScsiAlias: "target0",
				Address:    []string{fmt.Sprintf("%s:%d", iscsiTargetAddress, iscsiTargetPort)},
			},
		}},
	})
	info.ScsiTopology = &topo
	info.SoftwareInternetScsiEnabled = true

	host.Config.StorageDevice = &info
	if ref := host.ConfigManager.StorageSystem; ref != nil {
		switch s := simulator.Map.Get(*ref).(type) {
		case *simulator.HostStorageSystem:
			s.StorageDeviceInfo = &info
		case *hostStorageSystem:
			s.StorageDeviceInfo = &info
		}
	}
}

// extraDirs are the local folders of the extra datastores (removed at stop).
var (
	extraDirsMu sync.Mutex
	extraDirs   []string
)

func removeExtraDirs() {
	extraDirsMu.Lock()
	defer extraDirsMu.Unlock()
	for _, d := range extraDirs {
		os.RemoveAll(d)
	}
	extraDirs = nil
}

// addExtraDatastores makes VMFS_0, NFS_0, NFS41_0 and CIFS_0 on every host
// (made as local datastores by vcsim, then given the info a real ESX has for
// each kind).
func addExtraDatastores() error {
	kinds := []struct{ name, kind string }{
		{"VMFS_0", "VMFS"}, {"NFS_0", "NFS"}, {"NFS41_0", "NFS41"}, {"CIFS_0", "CIFS"},
	}
	ctx := &simulator.Context{Context: context.Background(), Map: simulator.Map}
	for _, ent := range simulator.Map.All("HostSystem") {
		host := ent.(*simulator.HostSystem)
		if host.ConfigManager.DatastoreSystem == nil {
			continue
		}
		dss, ok := simulator.Map.Get(*host.ConfigManager.DatastoreSystem).(*simulator.HostDatastoreSystem)
		if !ok {
			continue
		}
		for _, k := range kinds {
			dir, err := ioutil.TempDir("", "govcsim-extra-"+k.name+"-")
			if err != nil {
				return err
			}
			extraDirsMu.Lock()
			extraDirs = append(extraDirs, dir)
			extraDirsMu.Unlock()
			res := dss.CreateLocalDatastore(ctx, &types.CreateLocalDatastore{This: dss.Self, Name: k.name, Path: dir})
			body, _ := res.(*methods.CreateLocalDatastoreBody)
			if body == nil || body.Res == nil {
				return fmt.Errorf("creating datastore %s failed", k.name)
			}
			ds, ok := simulator.Map.Get(body.Res.Returnval).(*simulator.Datastore)
			if !ok {
				return fmt.Errorf("datastore %s not registered", k.name)
			}
			retype(ds, k.kind)
		}
	}
	return nil
}

// retype gives a datastore the info and summary type of a VMFS or NAS one.
func retype(ds *simulator.Datastore, kind string) {
	base := *ds.Info.GetDatastoreInfo()
	switch kind {
	case "VMFS":
		ds.Info = &types.VmfsDatastoreInfo{
			DatastoreInfo: base,
			Vmfs: &types.HostVmfsVolume{
				HostFileSystemVolume: types.HostFileSystemVolume{Type: "VMFS", Name: ds.Name, Capacity: ds.Summary.Capacity},
				BlockSizeMb:          1,
				MaxBlocks:            63963136,
				MajorVersion:         6,
				Version:              "6.82",
				Uuid:                 "5f1e2d3c-4b5a6978-8796-a5b4c3d2e1f0",
				Extent:               []types.HostScsiDiskPartition{{DiskName: "mpx.vmhba0:C0:T0:L0", Partition: 3}},
				VmfsUpgradable:       false,
				Ssd:                  types.NewBool(true),
				Local:                types.NewBool(true),
			},
		}
		ds.Summary.Type = "VMFS"
	default:
		remote := map[string][2]string{
			"NFS":   {"nfs.example.com", "/exports/vms"},
			"NFS41": {"nfs4.example.com", "/exports/v41"},
			"CIFS":  {"smb.example.com", "/share/vms"},
		}[kind]
		ds.Info = &types.NasDatastoreInfo{
			DatastoreInfo: base,
			Nas: &types.HostNasVolume{
				HostFileSystemVolume: types.HostFileSystemVolume{Type: kind, Name: ds.Name, Capacity: ds.Summary.Capacity},
				RemoteHost:           remote[0],
				RemotePath:           remote[1],
			},
		}
		ds.Summary.Type = kind
	}
}

// ExtendVirtualDiskTask grows a disk: its descriptor's extent gets the new
// size, and a preallocated extent (or any with eagerZero) grows with it.
// Shrinking is refused, as ESX refuses it.
func (m *virtualDiskManager) ExtendVirtualDiskTask(req *types.ExtendVirtualDisk_Task) soap.HasFault {
	task := simulator.CreateTask(m, "extendVirtualDisk", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		file := localPath(req.Name)
		if file == "" {
			return nil, &types.InvalidDatastorePath{DatastorePath: req.Name}
		}
		if _, err := os.Stat(file); err != nil {
			return nil, &types.FileNotFound{FileFault: types.FileFault{File: req.Name}}
		}
		current := vmdkCapacityKB(file)
		if req.NewCapacityKb < current {
			return nil, &types.InvalidArgument{InvalidProperty: "newCapacityKb"}
		}
		if err := setDescriptorCapacity(file, req.NewCapacityKb); err != nil {
			return nil, &types.FileFault{File: req.Name}
		}
		flat := strings.TrimSuffix(file, ".vmdk") + "-flat.vmdk"
		if st, err := os.Stat(flat); err == nil && (st.Size() > 0 || isTrue(req.EagerZero)) {
			_ = os.Truncate(flat, req.NewCapacityKb*1024)
		}
		return nil, nil
	})
	return &methods.ExtendVirtualDisk_TaskBody{Res: &types.ExtendVirtualDisk_TaskResponse{Returnval: runTask(task)}}
}

var extentSectorsRe = regexp.MustCompile(`(?m)^((?:RW|RDONLY|NOACCESS)\s+)\d+(\s)`)
var cylindersRe = regexp.MustCompile(`(?m)^(ddb\.geometry\.cylinders = ")\d+(")`)

// setDescriptorCapacity rewrites a single-extent descriptor for capacityKB.
func setDescriptorCapacity(file string, capacityKB int64) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	sectors := capacityKB * 2
	cylinders := sectors / (255 * 63)
	if cylinders < 1 {
		cylinders = 1
	}
	out := extentSectorsRe.ReplaceAll(data, []byte("${1}"+strconv.FormatInt(sectors, 10)+"${2}"))
	out = cylindersRe.ReplaceAll(out, []byte("${1}"+strconv.FormatInt(cylinders, 10)+"${2}"))
	return os.WriteFile(file, out, 0o644)
}

// preallocate gives a new preallocated disk its full-size (sparse) extent.
func preallocate(file string, capacityKB int64, diskType string) {
	switch types.VirtualDiskType(diskType) {
	case types.VirtualDiskTypePreallocated, types.VirtualDiskTypeThick, types.VirtualDiskTypeEagerZeroedThick:
	default:
		return
	}
	flat := strings.TrimSuffix(file, ".vmdk") + "-flat.vmdk"
	if st, err := os.Stat(flat); err == nil && st.Size() == 0 {
		_ = os.Truncate(flat, capacityKB*1024)
	}
}

// serveDatastore: POST /_datastore?name=DS&accessible=false|true.
func serveDatastore(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method == http.MethodGet {
		serveDatastoreDir(w, q.Get("name"))
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "GET or POST only", http.StatusMethodNotAllowed)
		return
	}
	accessible, err := strconv.ParseBool(q.Get("accessible"))
	if err != nil {
		http.Error(w, "accessible must be true or false", http.StatusBadRequest)
		return
	}
	found := 0
	for _, ent := range simulator.Map.All("Datastore") {
		ds := ent.(*simulator.Datastore)
		if ds.Name != q.Get("name") {
			continue
		}
		simulator.Map.WithLock(ds, func() {
			ds.Summary.Accessible = accessible
			for i := range ds.Host {
				ds.Host[i].MountInfo.Accessible = types.NewBool(accessible)
			}
		})
		found++
	}
	if found == 0 {
		http.Error(w, "no such datastore", http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"datastores": found, "accessible": accessible})
}

// serveDatastoreDir: GET /_datastore?name=DS gives the local folder that holds
// the datastore's files ({"name": DS, "path": DIR}), for tests that compare
// what a client reads with the bytes on disk.
func serveDatastoreDir(w http.ResponseWriter, name string) {
	for _, ent := range simulator.Map.All("Datastore") {
		ds := ent.(*simulator.Datastore)
		if ds.Name == name {
			var dir string
			simulator.Map.WithLock(ds, func() { dir = ds.Info.GetDatastoreInfo().Url })
			writeJSON(w, http.StatusOK, map[string]string{"name": name, "path": dir})
			return
		}
	}
	http.Error(w, "no such datastore", http.StatusNotFound)
}

var ddbUUIDRe = regexp.MustCompile(`(?m)^ddb\.uuid\s*=\s*"([^"]*)"`)

// QueryVirtualDiskUuid answers as ESX does ("60 00 C2 ..."): the descriptor's ddb.uuid if it
// has one, else one derived from the disk's datastore path (vcsim derived it from the
// simulator's local file path, so two simulators never agreed on a disk's key).
func (m *virtualDiskManager) QueryVirtualDiskUuid(ctx *simulator.Context, req *types.QueryVirtualDiskUuid) soap.HasFault {
	var p object.DatastorePath
	file := localPath(req.Name)
	if !p.FromString(req.Name) || file == "" {
		return m.VirtualDiskManager.QueryVirtualDiskUuid(ctx, req)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return m.VirtualDiskManager.QueryVirtualDiskUuid(ctx, req)
	}
	uuid := ""
	if g := ddbUUIDRe.FindSubmatch(data); g != nil {
		uuid = string(g[1])
	} else {
		sum := sha1.Sum([]byte(p.String()))
		b := sum[:16]
		b[0], b[1], b[2] = 0x60, 0x00, 0xc2 // VMware's prefix
		parts := make([]string, 16)
		for i, c := range b {
			parts[i] = fmt.Sprintf("%02x", c)
		}
		uuid = strings.Join(parts[:8], " ") + "-" + strings.Join(parts[8:], " ")
	}
	return &methods.QueryVirtualDiskUuidBody{Res: &types.QueryVirtualDiskUuidResponse{Returnval: uuid}}
}
