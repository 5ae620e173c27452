package main

// Smaller methods libvirt's ESX driver calls that vcsim 0.24 lacks:
// HostStorageSystem.RescanHba, VirtualDiskManager.ZeroFillVirtualDisk_Task,
// Task.CancelTask; VirtualMachine.CreateScreenshot_Task; and descriptor fixes after CopyVirtualDisk_Task and
// MoveVirtualDisk_Task (vcsim copies the descriptor as it is, so it names
// the source's extent).

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// hostStorageSystem replaces vcsim's (a copy of the struct, so its first
// field digs down to the mo type as vcsim's registry scans need).
type hostStorageSystem struct {
	simulator.HostStorageSystem
}

func wrapStorageSystem(ref *types.ManagedObjectReference) {
	if ref == nil {
		return
	}
	if s, ok := simulator.Map.Get(*ref).(*simulator.HostStorageSystem); ok {
		simulator.Map.Put(&hostStorageSystem{HostStorageSystem: *s})
	}
}

// RescanHba rescans one host bus adapter (a no-op here); an unknown device
// is NotFound.
func (s *hostStorageSystem) RescanHba(ctx *simulator.Context, req *types.RescanHba) soap.HasFault {
	body := &methods.RescanHbaBody{}
	var hbas []types.BaseHostHostBusAdapter
	if s.Host != nil && s.Host.Config != nil && s.Host.Config.StorageDevice != nil {
		hbas = append(hbas, s.Host.Config.StorageDevice.HostBusAdapter...)
	}
	hbas = append(hbas, s.HBA...)
	for _, h := range hbas {
		if h.GetHostHostBusAdapter().Device == req.HbaDevice {
			body.Res = &types.RescanHbaResponse{}
			return body
		}
	}
	body.Fault_ = simulator.Fault("The object or item referred to could not be found.", &types.NotFound{})
	return body
}

// virtualDiskManager replaces vcsim's (it keeps satisfying
// simulator.VirtualDiskManagerInterface through the embedded struct).
type virtualDiskManager struct {
	simulator.VirtualDiskManager
}

func wrapVirtualDiskManager() {
	ref := simulator.Map.Get(types.ManagedObjectReference{Type: "ServiceInstance", Value: "ServiceInstance"}).(*simulator.ServiceInstance).Content.VirtualDiskManager
	if ref == nil {
		return
	}
	if m, ok := simulator.Map.Get(*ref).(*simulator.VirtualDiskManager); ok {
		simulator.Map.Put(&virtualDiskManager{VirtualDiskManager: *m})
	}
}

// ZeroFillVirtualDiskTask: the disk must exist; its data becomes zeros.
func (m *virtualDiskManager) ZeroFillVirtualDiskTask(req *types.ZeroFillVirtualDisk_Task) soap.HasFault {
	task := simulator.CreateTask(m, "zeroFillVirtualDisk", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		file := localPath(req.Name)
		if file == "" {
			return nil, &types.InvalidDatastorePath{DatastorePath: req.Name}
		}
		if _, err := os.Stat(file); err != nil {
			return nil, &types.FileNotFound{FileFault: types.FileFault{File: req.Name}}
		}
		// the data (the -flat extent) becomes zeros, its size unchanged
		flat := strings.TrimSuffix(file, ".vmdk") + "-flat.vmdk"
		if st, err := os.Stat(flat); err == nil && st.Size() > 0 {
			if os.Truncate(flat, 0) != nil || os.Truncate(flat, st.Size()) != nil {
				return nil, &types.FileFault{File: req.Name}
			}
		}
		return nil, nil
	})
	return &methods.ZeroFillVirtualDisk_TaskBody{Res: &types.ZeroFillVirtualDisk_TaskResponse{Returnval: runTask(task)}}
}

// shadowTaskType: CancelTask goes to a taskExt registered under
// {shadowTaskType, shadowPrefix + task moid} (vcsim type-asserts tasks).
const shadowTaskType = "VcsimExtTask"

type taskExt struct {
	mo.ExtensibleManagedObject
}

func ensureTaskShadow(moid string) bool {
	if _, ok := simulator.Map.Get(types.ManagedObjectReference{Type: "Task", Value: moid}).(*simulator.Task); !ok {
		return false
	}
	ref := types.ManagedObjectReference{Type: shadowTaskType, Value: shadowPrefix + moid}
	if simulator.Map.Get(ref) == nil {
		t := &taskExt{}
		t.Self = ref
		simulator.Map.Put(t)
	}
	return true
}

// CancelTask: vcsim's tasks (and ours) are not cancelable, as an ESX power-on
// blocked on a question is not; a finished task is InvalidState.
func (x *taskExt) CancelTask(req *types.CancelTask) soap.HasFault {
	body := &methods.CancelTaskBody{}
	ref := types.ManagedObjectReference{Type: "Task", Value: strings.TrimPrefix(x.Self.Value, shadowPrefix)}
	t, ok := simulator.Map.Get(ref).(*simulator.Task)
	if !ok {
		body.Fault_ = simulator.Fault("", &types.ManagedObjectNotFound{Obj: ref})
		return body
	}
	var state types.TaskInfoState
	var cancelable bool
	simulator.Map.WithLock(t, func() { state, cancelable = t.Info.State, t.Info.Cancelable })
	switch {
	case state == types.TaskInfoStateSuccess || state == types.TaskInfoStateError:
		body.Fault_ = simulator.Fault("The operation is not allowed in the current state.", &types.InvalidState{})
	case !cancelable:
		body.Fault_ = simulator.Fault(faultMessage(&types.NotSupported{}), &types.NotSupported{})
	default:
		body.Res = &types.CancelTaskResponse{}
	}
	return body
}

var extentRe = regexp.MustCompile(`(?m)^((?:RW|RDONLY|NOACCESS)\s+\d+\s+\w+\s+)"[^"]*"`)

// fixExtent points a copied/moved descriptor at its own -flat file.
func fixExtent(dsPath string) {
	file := localPath(dsPath)
	if file == "" {
		return
	}
	data, err := os.ReadFile(file)
	if err != nil || len(data) == 0 {
		return
	}
	flat := strings.TrimSuffix(path.Base(file), ".vmdk") + "-flat.vmdk"
	out := extentRe.ReplaceAll(data, []byte(`${1}"`+flat+`"`))
	if string(out) != string(data) {
		_ = os.WriteFile(file, out, 0o644)
	}
}

// prepareDiskCopy: after CopyVirtualDisk_Task/MoveVirtualDisk_Task, fix the
// destination's descriptor.
func prepareDiskCopy(body []byte) func() {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return nil
	}
	var dest string
	switch req := m.Body.(type) {
	case *types.CopyVirtualDisk_Task:
		dest = req.DestName
	case *types.MoveVirtualDisk_Task:
		dest = req.DestName
	default:
		return nil
	}
	return func() { fixExtent(dest) }
}

// shadowDatastoreType: Datastore.RefreshDatastore goes to a datastoreExt
// (vcsim type-asserts datastores), because vcsim's answers nothing on
// success (no Res: an empty HTTP 200 reply, which libvirt cannot parse).
const shadowDatastoreType = "VcsimExtDatastore"

type datastoreExt struct {
	mo.ExtensibleManagedObject
}

func ensureDatastoreShadow(moid string) bool {
	if _, ok := simulator.Map.Get(types.ManagedObjectReference{Type: "Datastore", Value: moid}).(*simulator.Datastore); !ok {
		return false
	}
	ref := types.ManagedObjectReference{Type: shadowDatastoreType, Value: shadowPrefix + moid}
	if simulator.Map.Get(ref) == nil {
		d := &datastoreExt{}
		d.Self = ref
		simulator.Map.Put(d)
	}
	return true
}

func (x *datastoreExt) RefreshDatastore(req *types.RefreshDatastore) soap.HasFault {
	ref := types.ManagedObjectReference{Type: "Datastore", Value: strings.TrimPrefix(x.Self.Value, shadowPrefix)}
	ds, ok := simulator.Map.Get(ref).(*simulator.Datastore)
	if !ok {
		return &methods.RefreshDatastoreBody{Fault_: simulator.Fault("", &types.ManagedObjectNotFound{Obj: ref})}
	}
	var res soap.HasFault
	simulator.Map.WithLock(ds, func() {
		req.This = ds.Self
		res = ds.RefreshDatastore(req)
		sizeDatastore(ds)
	})
	if b, ok := res.(*methods.RefreshDatastoreBody); ok && b.Fault_ == nil && b.Res == nil {
		b.Res = &types.RefreshDatastoreResponse{}
	}
	return res
}

// CreateScreenshotTask writes a PNG (a plain grey 640x480 "console") next to
// the VM's VMX and returns its datastore path, "[ds] dir/<name>-<n>.png", as
// ESX does. The VM must be powered on.
func (w *vmExt) CreateScreenshotTask(req *types.CreateScreenshot_Task) soap.HasFault {
	vm := w.VirtualMachine
	task := simulator.CreateTask(vm, "createScreenshot", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		var result types.AnyType
		var fault types.BaseMethodFault
		w.locked(func() {
			if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
				fault = &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOn, ExistingState: vm.Runtime.PowerState}
				return
			}
			var p object.DatastorePath
			if !p.FromString(vm.Config.Files.VmPathName) {
				fault = &types.InvalidDatastorePath{DatastorePath: vm.Config.Files.VmPathName}
				return
			}
			dir := path.Dir(p.Path)
			local := localPath(vm.Config.Files.VmPathName)
			if local == "" {
				fault = &types.InvalidDatastorePath{DatastorePath: vm.Config.Files.VmPathName}
				return
			}
			for n := 1; ; n++ {
				name := fmt.Sprintf("%s-%d.png", vm.Name, n)
				file := path.Join(path.Dir(local), name)
				if _, err := os.Stat(file); err == nil {
					continue
				}
				if err := writeScreenshot(file); err != nil {
					fault = &types.FileFault{File: name}
					return
				}
				result = fmt.Sprintf("[%s] %s", p.Datastore, path.Join(dir, name))
				return
			}
		})
		return result, fault
	})
	return &methods.CreateScreenshot_TaskBody{Res: &types.CreateScreenshot_TaskResponse{Returnval: runTask(task)}}
}

func writeScreenshot(file string) error {
	img := image.NewGray(image.Rect(0, 0, 640, 480))
	for i := range img.Pix {
		img.Pix[i] = 0x40
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
