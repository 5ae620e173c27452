package main

// HostDatastoreBrowser searches as a real ESX does them. vcsim 0.24's
//   - returns no file at all when the search spec has no matchPattern (ESX:
//     no pattern matches every name), so libvirt's vol-list is empty;
//   - writes sub-folder paths as "[ds]/dir" (ESX: "[ds] dir");
//   - fills none of VmDiskFileInfo's details (capacityKb, controllerType...).
// The browser is not type-asserted by vcsim, so it is replaced in the
// registry by datastoreBrowser (its first field is the mo type, as vcsim's
// registry scans need).

import (
	"bufio"
	"fmt"
	"io/ioutil"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type datastoreBrowser struct {
	mo.HostDatastoreBrowser
}

// wrapBrowser replaces vcsim's browser at ref by ours (if it is vcsim's).
func wrapBrowser(ref types.ManagedObjectReference) {
	b, ok := simulator.Map.Get(ref).(*simulator.HostDatastoreBrowser)
	if !ok {
		return
	}
	simulator.Map.Put(&datastoreBrowser{HostDatastoreBrowser: b.HostDatastoreBrowser})
}

func (b *datastoreBrowser) SearchDatastoreTask(req *types.SearchDatastore_Task) soap.HasFault {
	task := simulator.CreateTask(b, "searchDatastore", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		res, fault := b.search(req.DatastorePath, req.SearchSpec, false)
		if fault != nil {
			return nil, fault
		}
		return res[0], nil
	})
	return &methods.SearchDatastore_TaskBody{Res: &types.SearchDatastore_TaskResponse{Returnval: runTask(task)}}
}

func (b *datastoreBrowser) SearchDatastoreSubFoldersTask(req *types.SearchDatastoreSubFolders_Task) soap.HasFault {
	task := simulator.CreateTask(b, "searchDatastoreSubFolders", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		res, fault := b.search(req.DatastorePath, req.SearchSpec, true)
		if fault != nil {
			return nil, fault
		}
		return types.ArrayOfHostDatastoreBrowserSearchResults{HostDatastoreBrowserSearchResults: res}, nil
	})
	return &methods.SearchDatastoreSubFolders_TaskBody{Res: &types.SearchDatastoreSubFolders_TaskResponse{Returnval: runTask(task)}}
}

func (b *datastoreBrowser) search(dsPath string, spec *types.HostDatastoreBrowserSearchSpec, recurse bool) ([]types.HostDatastoreBrowserSearchResults, types.BaseMethodFault) {
	var p object.DatastorePath
	if !p.FromString(dsPath) {
		return nil, &types.InvalidDatastorePath{DatastorePath: dsPath}
	}
	var ds *simulator.Datastore
	for _, ref := range b.Datastore {
		if d, ok := simulator.Map.Get(ref).(*simulator.Datastore); ok && d.Name == p.Datastore {
			ds = d
		}
	}
	if ds == nil {
		return nil, &types.InvalidDatastore{Name: p.Datastore}
	}
	if spec == nil {
		spec = &types.HostDatastoreBrowserSearchSpec{}
	}
	rel := strings.Trim(path.Clean("/"+p.Path), "/")
	root := ds.Info.GetDatastoreInfo().Url
	st, err := os.Stat(path.Join(root, rel))
	if err != nil || !st.IsDir() {
		return nil, &types.FileNotFound{FileFault: types.FileFault{File: dsPath}}
	}
	s := &dsSearch{ds: ds, spec: spec, root: root, disks: diskIndex(ds.Name)}
	for rel, di := range s.disks { // VMs made since start (see vmdk.go)
		ensureDescriptor(path.Join(root, rel), di.capacityKB, adapterType(di.controllerType), isTrue(di.thin))
	}
	s.walk(rel, recurse)
	return s.res, nil
}

type dsSearch struct {
	ds    *simulator.Datastore
	spec  *types.HostDatastoreBrowserSearchSpec
	root  string
	disks map[string]diskInfo // by "[ds] dir/file.vmdk"
	res   []types.HostDatastoreBrowserSearchResults
}

func folderPath(ds, rel string) string {
	if rel == "" {
		return "[" + ds + "]"
	}
	return "[" + ds + "] " + rel
}

func (s *dsSearch) walk(rel string, recurse bool) {
	files, err := ioutil.ReadDir(path.Join(s.root, rel))
	if err != nil {
		return
	}
	res := types.HostDatastoreBrowserSearchResults{Datastore: &s.ds.Self, FolderPath: folderPath(s.ds.Name, rel)}
	for _, f := range files {
		if q, ok := s.match(f); ok {
			res.File = append(res.File, s.info(rel, f, q))
		}
	}
	s.res = append(s.res, res)
	if !recurse {
		return
	}
	for _, f := range files {
		if f.IsDir() {
			s.walk(path.Join(rel, f.Name()), true)
		}
	}
}

// match tells whether a file matches the spec, and the query it matched.
func (s *dsSearch) match(f os.FileInfo) (types.BaseFileQuery, bool) {
	name := f.Name()
	if len(s.spec.MatchPattern) != 0 {
		ok := false
		for _, m := range s.spec.MatchPattern {
			if hit, _ := path.Match(m, name); hit {
				ok = true
				break
			}
		}
		if !ok {
			return nil, false
		}
	}
	if len(s.spec.Query) == 0 {
		return nil, true
	}
	ext := strings.ToLower(path.Ext(name))
	for _, q := range s.spec.Query {
		hit := false
		switch q.(type) {
		case *types.FileQuery:
			hit = true
		case *types.FolderFileQuery:
			hit = f.IsDir()
		case *types.FloppyImageFileQuery:
			hit = !f.IsDir() && (ext == ".flp" || ext == ".img")
		case *types.IsoImageFileQuery:
			hit = !f.IsDir() && ext == ".iso"
		case *types.VmConfigFileQuery:
			hit = !f.IsDir() && ext == ".vmx"
		case *types.TemplateConfigFileQuery:
			hit = !f.IsDir() && ext == ".vmtx"
		case *types.VmDiskFileQuery:
			hit = !f.IsDir() && ext == ".vmdk" && !isExtentName(name)
		case *types.VmLogFileQuery:
			hit = !f.IsDir() && ext == ".log"
		case *types.VmNvramFileQuery:
			hit = !f.IsDir() && ext == ".nvram"
		case *types.VmSnapshotFileQuery:
			hit = !f.IsDir() && ext == ".vmsn"
		}
		if hit {
			return q, true
		}
	}
	return nil, false
}

// isExtentName tells a disk's data file ("x-flat.vmdk") from its descriptor.
func isExtentName(name string) bool {
	for _, suffix := range []string{"-flat.vmdk", "-delta.vmdk", "-sesparse.vmdk", "-ctk.vmdk", "-rdm.vmdk", "-rdmp.vmdk"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

func (s *dsSearch) info(rel string, f os.FileInfo, q types.BaseFileQuery) types.BaseFileInfo {
	d := s.spec.Details
	if d == nil {
		d = &types.FileQueryFlags{}
	}
	base := types.FileInfo{Path: f.Name()}
	if d.FileSize {
		base.FileSize = f.Size()
	}
	if d.Modification {
		t := f.ModTime()
		base.Modification = &t
	}
	if isTrue(d.FileOwner) {
		base.Owner = "root"
	}
	if f.IsDir() {
		return &types.FolderFileInfo{FileInfo: base}
	}
	if !d.FileType && q == nil {
		return &base
	}
	ext := strings.ToLower(path.Ext(f.Name()))
	switch {
	case ext == ".vmdk" && !isExtentName(f.Name()):
		if d.FileSize { // a disk's size is its descriptor's and extent's
			flat := strings.TrimSuffix(f.Name(), ".vmdk") + "-flat.vmdk"
			if st, err := os.Stat(path.Join(s.root, rel, flat)); err == nil {
				base.FileSize += st.Size()
			}
		}
		info := &types.VmDiskFileInfo{FileInfo: base}
		if dq, ok := q.(*types.VmDiskFileQuery); ok && dq.Details != nil {
			s.diskDetails(info, path.Join(rel, f.Name()), dq.Details)
		}
		return info
	case ext == ".iso":
		return &types.IsoImageFileInfo{FileInfo: base}
	case ext == ".flp" || ext == ".img":
		return &types.FloppyImageFileInfo{FileInfo: base}
	case ext == ".vmx":
		return &types.VmConfigFileInfo{FileInfo: base}
	case ext == ".vmtx":
		return &types.TemplateConfigFileInfo{VmConfigFileInfo: types.VmConfigFileInfo{FileInfo: base}}
	case ext == ".log":
		return &types.VmLogFileInfo{FileInfo: base}
	case ext == ".nvram":
		return &types.VmNvramFileInfo{FileInfo: base}
	case ext == ".vmsn":
		return &types.VmSnapshotFileInfo{FileInfo: base}
	}
	return &base
}

func isTrue(b *bool) bool { return b != nil && *b }

// diskInfo is what the VMs' devices say about a disk file.
type diskInfo struct {
	capacityKB     int64
	controllerType string
	diskType       string
	thin           *bool
	hwVersion      int32
}

// diskIndex maps the disk files of all VMs on datastore ds to their devices.
func diskIndex(ds string) map[string]diskInfo {
	out := map[string]diskInfo{}
	for _, ent := range simulator.Map.All("VirtualMachine") {
		vm, ok := ent.(*simulator.VirtualMachine)
		if !ok {
			continue
		}
		simulator.Map.WithLock(vm, func() {
			if vm.Config == nil {
				return
			}
			devices := object.VirtualDeviceList(vm.Config.Hardware.Device)
			hw, _ := strconv.Atoi(strings.TrimPrefix(vm.Config.Version, "vmx-"))
			for _, d := range devices.SelectByType((*types.VirtualDisk)(nil)) {
				disk := d.(*types.VirtualDisk)
				fb, ok := disk.Backing.(types.BaseVirtualDeviceFileBackingInfo)
				if !ok {
					continue
				}
				name := fb.GetVirtualDeviceFileBackingInfo().FileName
				var p object.DatastorePath
				if !p.FromString(name) || p.Datastore != ds {
					continue
				}
				di := diskInfo{capacityKB: disk.CapacityInKB, hwVersion: int32(hw)}
				di.diskType = strings.TrimPrefix(fmt.Sprintf("%T", disk.Backing), "*types.")
				if fb2, ok := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo); ok {
					di.thin = fb2.ThinProvisioned
				}
				if c := devices.FindByKey(disk.ControllerKey); c != nil {
					di.controllerType = strings.TrimPrefix(fmt.Sprintf("%T", c), "*types.")
				}
				out[p.Path] = di
			}
		})
	}
	return out
}

// vmdkCapacityKB reads the capacity from a VMDK descriptor's extent lines
// (RW <sectors> ...), 0 if there is none.
func vmdkCapacityKB(file string) int64 {
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	var sectors int64
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan() && i < 200; i++ {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && (fields[0] == "RW" || fields[0] == "RDONLY" || fields[0] == "NOACCESS") {
			if n, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
				sectors += n
			}
		}
	}
	return sectors / 2
}

func (s *dsSearch) diskDetails(info *types.VmDiskFileInfo, rel string, flags *types.VmDiskFileQueryFlags) {
	di, known := s.disks[rel]
	if !known {
		di = diskInfo{capacityKB: vmdkCapacityKB(path.Join(s.root, rel)), diskType: "VirtualDiskFlatVer2BackingInfo"}
	}
	if flags.CapacityKb {
		info.CapacityKb = di.capacityKB
	}
	if flags.DiskType {
		info.DiskType = di.diskType
	}
	if isTrue(flags.ControllerType) && di.controllerType != "" {
		info.ControllerType = di.controllerType
	}
	if flags.HardwareVersion && di.hwVersion != 0 {
		info.HardwareVersion = di.hwVersion
	}
	if isTrue(flags.Thin) {
		info.Thin = di.thin
	}
	if isTrue(flags.DiskExtents) {
		flat := strings.TrimSuffix(rel, ".vmdk") + "-flat.vmdk"
		if _, err := os.Stat(path.Join(s.root, flat)); err == nil {
			info.DiskExtents = []string{folderPath(s.ds.Name, flat)}
		}
	}
}
