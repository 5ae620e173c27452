package main

// Checks of storage.go: the iSCSI adapter, target and LUNs; -extra-datastores; fixed datastore
// sizes; ExtendVirtualDisk_Task; preallocated extents; QueryVirtualDiskUuid; /_datastore;
// HTTP ranges on /folder.

import (
	"io/ioutil"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func TestIscsiTarget(t *testing.T) {
	e := setup(t)
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var h mo.HostSystem
	if err := host.Properties(e.ctx, host.Reference(), []string{"config.storageDevice"}, &h); err != nil {
		t.Fatal(err)
	}
	sd := h.Config.StorageDevice
	var hba *types.HostInternetScsiHba
	for _, a := range sd.HostBusAdapter {
		if i, ok := a.(*types.HostInternetScsiHba); ok {
			hba = i
		}
	}
	if hba == nil || len(hba.ConfiguredStaticTarget) != 1 || hba.ConfiguredStaticTarget[0].IScsiName != iscsiTargetName {
		t.Fatalf("iSCSI adapter: %+v", hba)
	}
	disks := map[string]int64{}
	for _, l := range sd.ScsiLun {
		if d, ok := l.(*types.HostScsiDisk); ok {
			disks[d.Key] = d.Capacity.Block * int64(d.Capacity.BlockSize)
		}
	}
	var luns []types.HostScsiTopologyLun
	for _, a := range sd.ScsiTopology.Adapter {
		for _, tg := range a.Target {
			if tr, ok := tg.Transport.(*types.HostInternetScsiTargetTransport); ok && tr.IScsiName == iscsiTargetName {
				luns = tg.Lun
			}
		}
	}
	if len(luns) != 2 || disks[luns[0].ScsiLun] != 1<<30 || disks[luns[1].ScsiLun] != 4<<30 {
		t.Fatalf("target LUNs %+v, disks %v", luns, disks)
	}
	// the storage system sees the same, and rescans the adapter
	ss, _ := host.ConfigManager().StorageSystem(e.ctx)
	var hss mo.HostStorageSystem
	if err := ss.Properties(e.ctx, ss.Reference(), []string{"storageDeviceInfo"}, &hss); err != nil {
		t.Fatal(err)
	}
	if len(hss.StorageDeviceInfo.ScsiLun) != len(sd.ScsiLun) {
		t.Fatalf("storage system LUNs: %d, host: %d", len(hss.StorageDeviceInfo.ScsiLun), len(sd.ScsiLun))
	}
	if _, err := methods.RescanHba(e.ctx, e.c.Client, &types.RescanHba{This: ss.Reference(), HbaDevice: iscsiHBADevice}); err != nil {
		t.Fatal(err)
	}
}

func TestExtraDatastores(t *testing.T) {
	e := setup(t, "-extra-datastores")
	want := map[string]string{"VMFS_0": "*types.VmfsDatastoreInfo", "NFS_0": "*types.NasDatastoreInfo",
		"NFS41_0": "*types.NasDatastoreInfo", "CIFS_0": "*types.NasDatastoreInfo", "LocalDS_0": "*types.LocalDatastoreInfo"}
	for name, typ := range want {
		ds, err := e.find.Datastore(e.ctx, name)
		if err != nil {
			t.Fatal(name, err)
		}
		var m mo.Datastore
		if err := ds.Properties(e.ctx, ds.Reference(), []string{"info", "summary", "host"}, &m); err != nil {
			t.Fatal(err)
		}
		if got := typeName(m.Info); got != typ {
			t.Errorf("%s: info %s, want %s", name, got, typ)
		}
		if m.Summary.Capacity != datastoreCapacity || m.Summary.FreeSpace <= 0 || m.Summary.FreeSpace > datastoreCapacity {
			t.Errorf("%s: capacity %d, free %d", name, m.Summary.Capacity, m.Summary.FreeSpace)
		}
		if len(m.Host) == 0 || !strings.HasPrefix(m.Host[0].MountInfo.Path, "/vmfs/volumes/") {
			t.Errorf("%s: mounts %+v", name, m.Host)
		}
		if nas, ok := m.Info.(*types.NasDatastoreInfo); ok && (nas.Nas == nil || nas.Nas.Type != strings.TrimSuffix(name, "_0")) {
			t.Errorf("%s: nas %+v", name, nas.Nas)
		}
	}
	// a datastore made inaccessible, and accessible again
	e.post("/_datastore", url.Values{"name": {"NFS_0"}, "accessible": {"false"}})
	ds, _ := e.find.Datastore(e.ctx, "NFS_0")
	var m mo.Datastore
	_ = ds.Properties(e.ctx, ds.Reference(), []string{"summary"}, &m)
	if m.Summary.Accessible {
		t.Fatal("NFS_0 still accessible")
	}
	e.post("/_datastore", url.Values{"name": {"NFS_0"}, "accessible": {"true"}})
	_ = ds.Properties(e.ctx, ds.Reference(), []string{"summary"}, &m)
	if !m.Summary.Accessible {
		t.Fatal("NFS_0 still inaccessible")
	}
}

func typeName(v interface{}) string {
	switch v.(type) {
	case *types.VmfsDatastoreInfo:
		return "*types.VmfsDatastoreInfo"
	case *types.NasDatastoreInfo:
		return "*types.NasDatastoreInfo"
	case *types.LocalDatastoreInfo:
		return "*types.LocalDatastoreInfo"
	}
	return "?"
}

func TestDiskExtendAndUuid(t *testing.T) {
	e := setup(t)
	dc, _ := e.find.DefaultDatacenter(e.ctx)
	dcRef := dc.Reference()
	vdm := object.NewVirtualDiskManager(e.c.Client)
	q := url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}}
	create := func(name, diskType string) {
		spec := &types.FileBackedVirtualDiskSpec{
			VirtualDiskSpec: types.VirtualDiskSpec{DiskType: diskType, AdapterType: "lsiLogic"},
			CapacityKb:      2048,
		}
		task, err := vdm.CreateVirtualDisk(e.ctx, name, dc, spec)
		if err != nil || task.Wait(e.ctx) != nil {
			t.Fatal("create", name, err)
		}
	}
	if err := object.NewFileManager(e.c.Client).MakeDirectory(e.ctx, "[LocalDS_0] d", dc, true); err != nil {
		t.Fatal(err)
	}
	create("[LocalDS_0] d/thin.vmdk", "thin")
	create("[LocalDS_0] d/full.vmdk", "preallocated")
	size := func(rel string) int {
		return len(e.get("/folder/"+rel, q))
	}
	if size("d/thin-flat.vmdk") != 0 || size("d/full-flat.vmdk") != 2048*1024 {
		t.Fatalf("extents: thin %d, preallocated %d", size("d/thin-flat.vmdk"), size("d/full-flat.vmdk"))
	}
	extend := func(name string, kb int64, eager bool) error {
		res, err := methods.ExtendVirtualDisk_Task(e.ctx, e.c.Client, &types.ExtendVirtualDisk_Task{
			This: vdm.Reference(), Name: name, Datacenter: &dcRef, NewCapacityKb: kb, EagerZero: types.NewBool(eager)})
		if err != nil {
			return err
		}
		return object.NewTask(e.c.Client, res.Returnval).Wait(e.ctx)
	}
	if err := extend("[LocalDS_0] d/thin.vmdk", 4096, false); err != nil {
		t.Fatal(err)
	}
	if err := extend("[LocalDS_0] d/full.vmdk", 3072, false); err != nil {
		t.Fatal(err)
	}
	if desc := e.get("/folder/d/thin.vmdk", q); !strings.Contains(desc, "RW 8192 VMFS") {
		t.Fatalf("extended descriptor:\n%s", desc)
	}
	if size("d/thin-flat.vmdk") != 0 || size("d/full-flat.vmdk") != 3072*1024 {
		t.Fatalf("extended extents: thin %d, preallocated %d", size("d/thin-flat.vmdk"), size("d/full-flat.vmdk"))
	}
	wantFault(t, extend("[LocalDS_0] d/thin.vmdk", 1024, false), &types.InvalidArgument{})
	wantFault(t, extend("[LocalDS_0] d/nope.vmdk", 4096, false), &types.FileNotFound{})

	// the UUID comes from the datastore path, in ESX's form; the same path, the same UUID
	uuid := func(name string) string {
		u, err := vdm.QueryVirtualDiskUuid(e.ctx, name, dc)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	a, b := uuid("[LocalDS_0] d/thin.vmdk"), uuid("[LocalDS_0] d/full.vmdk")
	if a == b || !strings.HasPrefix(a, "60 00 c2 ") || len(a) != 47 || uuid("[LocalDS_0] d/thin.vmdk") != a {
		t.Fatalf("uuids %q %q", a, b)
	}
	if _, err := vdm.QueryVirtualDiskUuid(e.ctx, "[LocalDS_0] d/nope.vmdk", dc); err == nil {
		t.Fatal("uuid of a missing disk")
	}
}

func TestFolderRanges(t *testing.T) {
	e := setup(t)
	u := url.URL{Scheme: e.inst.URL.Scheme, Host: e.inst.URL.Host, Path: "/folder/ha-host_VM0/disk1.vmdk",
		RawQuery: url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}}.Encode()}
	whole := e.get(u.Path, u.Query())
	req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
	req.Header.Set("Range", "bytes=2-11")
	res, err := e.c.Client.Client.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := ioutil.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent || string(body) != whole[2:12] ||
		!strings.HasPrefix(res.Header.Get("Content-Range"), "bytes 2-11/") {
		t.Fatalf("range: %s %q %q", res.Status, body, res.Header.Get("Content-Range"))
	}
}

func TestFolderNeedsASession(t *testing.T) {
	e := setup(t)
	u := url.URL{Scheme: e.inst.URL.Scheme, Host: e.inst.URL.Host, Path: "/folder/ha-host_VM0/disk1.vmdk",
		RawQuery: url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}}.Encode()}
	res, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without a cookie: %s", res.Status)
	}
	req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
	req.SetBasicAuth("u", "p")
	if res, err = http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("basic credentials: %v %v", res, err)
	}
	res.Body.Close()
	whole := e.get(u.Path, u.Query())

	// an armed cut ends the next GET longer than that early
	if res, err = http.Post(e.inst.URL.Scheme+"://"+e.inst.URL.Host+"/_folder?cut=5", "", nil); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("arm: %v %v", res, err)
	}
	res.Body.Close()
	res, err = e.c.Client.Client.Client.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	body, err := ioutil.ReadAll(res.Body)
	res.Body.Close()
	if err == nil || len(body) != 5 || string(body) != whole[:5] {
		t.Fatalf("cut: %d bytes, %v", len(body), err)
	}
	if again := e.get(u.Path, u.Query()); again != whole {
		t.Fatal("the cut is one-shot")
	}
	dir := e.get("/_datastore", url.Values{"name": {"LocalDS_0"}})
	if !strings.Contains(dir, `"path": "/`) {
		t.Fatalf("datastore dir: %s", dir)
	}
}
