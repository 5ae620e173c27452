package main

// Snapshots and screenshots as an ESX host has them, where vcsim 0.24 differs:
//
//   - CreateSnapshot_Task with memory=false records the snapshot's state as
//     poweredOff ("When set to FALSE, the power state of the snapshot is set
//     to powered off", vSphere API); vcsim kept the VM's state.
//   - RevertToSnapshot_Task restores the power state the snapshot keeps
//     (poweredOn, poweredOff, suspended; with suppressPowerOn a running one is
//     left suspended); vcsim only moved the current snapshot.
//   - GET /screen?id=<vm moid>: the VM's console as a PNG (ESX's screenshot
//     endpoint, which libvirt's virDomainScreenshot reads), for a session
//     cookie or basic credentials; the image is noise seeded by the VM's
//     name, so the same VM always gives the same bytes.
//   - POST /_host?screenshot=true|false|none: what every host's
//     capability.screenshotSupported says (none: no capability object at
//     all, as plain vcsim).

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/png"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	routedVMMethods["CreateSnapshot_Task"] = true
}

// CreateSnapshotTask is vcsim's, with the snapshot of a VM taken without its
// memory recorded as powered off.
func (w *vmExt) CreateSnapshotTask(req *types.CreateSnapshot_Task) soap.HasFault {
	var res soap.HasFault
	w.locked(func() {
		req.This = w.VirtualMachine.Self
		res = w.VirtualMachine.CreateSnapshotTask(req)
		body, ok := res.(*methods.CreateSnapshot_TaskBody)
		if !ok || body.Res == nil || req.Memory {
			return
		}
		task, ok := simulator.Map.Get(body.Res.Returnval).(*simulator.Task)
		if !ok || task.Info.Result == nil {
			return
		}
		snap, ok := task.Info.Result.(types.ManagedObjectReference)
		if !ok || w.Snapshot == nil {
			return
		}
		if t := findSnapshotTree(w.Snapshot.RootSnapshotList, snap); t != nil {
			t.State = types.VirtualMachinePowerStatePoweredOff
			simulator.Map.Update(w.VirtualMachine, []types.PropertyChange{
				{Name: "snapshot.rootSnapshotList", Val: w.Snapshot.RootSnapshotList},
			})
		}
	})
	return res
}

// findSnapshotTree returns the tree entry of snapshot ref, in place.
func findSnapshotTree(list []types.VirtualMachineSnapshotTree, ref types.ManagedObjectReference) *types.VirtualMachineSnapshotTree {
	for i := range list {
		if list[i].Snapshot == ref {
			return &list[i]
		}
		if t := findSnapshotTree(list[i].ChildSnapshotList, ref); t != nil {
			return t
		}
	}
	return nil
}

// shadowSnapshotType: RevertToSnapshot_Task goes to a snapshotExt registered
// under {shadowSnapshotType, shadowPrefix + snapshot moid} (vcsim type-asserts
// snapshots).
const shadowSnapshotType = "VcsimExtSnapshot"

type snapshotExt struct {
	mo.ExtensibleManagedObject
}

func ensureSnapshotShadow(moid string) bool {
	if _, ok := simulator.Map.Get(types.ManagedObjectReference{Type: "VirtualMachineSnapshot", Value: moid}).(*simulator.VirtualMachineSnapshot); !ok {
		return false
	}
	ref := types.ManagedObjectReference{Type: shadowSnapshotType, Value: shadowPrefix + moid}
	if simulator.Map.Get(ref) == nil {
		s := &snapshotExt{}
		s.Self = ref
		simulator.Map.Put(s)
	}
	return true
}

// RevertToSnapshotTask makes the snapshot current and gives the VM the power
// state the snapshot keeps, through vcsim's own power operations.
func (x *snapshotExt) RevertToSnapshotTask(ctx *simulator.Context, req *types.RevertToSnapshot_Task) soap.HasFault {
	ref := types.ManagedObjectReference{Type: "VirtualMachineSnapshot", Value: strings.TrimPrefix(x.Self.Value, shadowPrefix)}
	snap, ok := simulator.Map.Get(ref).(*simulator.VirtualMachineSnapshot)
	if !ok {
		return &methods.RevertToSnapshot_TaskBody{Fault_: simulator.Fault("", &types.ManagedObjectNotFound{Obj: ref})}
	}
	vm, ok := simulator.Map.Get(snap.Vm).(*simulator.VirtualMachine)
	if !ok {
		return &methods.RevertToSnapshot_TaskBody{Fault_: simulator.Fault("", &types.ManagedObjectNotFound{Obj: snap.Vm})}
	}
	suppress := req.SuppressPowerOn != nil && *req.SuppressPowerOn
	task := simulator.CreateTask(snap, "revertToSnapshot", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		var fault types.BaseMethodFault
		simulator.Map.WithLock(vm, func() {
			var t *types.VirtualMachineSnapshotTree
			if vm.Snapshot != nil {
				t = findSnapshotTree(vm.Snapshot.RootSnapshotList, ref)
			}
			if t == nil {
				fault = &types.NotFound{}
				return
			}
			simulator.Map.Update(vm, []types.PropertyChange{{Name: "snapshot.currentSnapshot", Val: ref}})
			want := t.State
			if want == types.VirtualMachinePowerStatePoweredOn && suppress {
				want = types.VirtualMachinePowerStateSuspended
			}
			fault = setPowerState(ctx, vm, want)
		})
		return nil, fault
	})
	return &methods.RevertToSnapshot_TaskBody{Res: &types.RevertToSnapshot_TaskResponse{Returnval: runTask(task)}}
}

// setPowerState moves a VM (locked by the caller) to state with vcsim's power
// operations, so their events and boot times follow.
func setPowerState(ctx *simulator.Context, vm *simulator.VirtualMachine, state types.VirtualMachinePowerState) types.BaseMethodFault {
	if vm.Runtime.PowerState == state {
		return nil
	}
	var res soap.HasFault
	switch state {
	case types.VirtualMachinePowerStatePoweredOn:
		res = vm.PowerOnVMTask(ctx, &types.PowerOnVM_Task{This: vm.Self})
	case types.VirtualMachinePowerStatePoweredOff:
		res = vm.PowerOffVMTask(ctx, &types.PowerOffVM_Task{This: vm.Self})
	case types.VirtualMachinePowerStateSuspended:
		if vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOff {
			// a suspended VM is one that ran: the state of its memory comes back
			if f := setPowerState(ctx, vm, types.VirtualMachinePowerStatePoweredOn); f != nil {
				return f
			}
		}
		res = vm.SuspendVMTask(ctx, &types.SuspendVM_Task{This: vm.Self})
	default:
		return nil
	}
	var task types.ManagedObjectReference
	switch b := res.(type) {
	case *methods.PowerOnVM_TaskBody:
		if b.Fault_ != nil {
			f, _ := b.Fault_.VimFault().(types.BaseMethodFault)
			return f
		}
		task = b.Res.Returnval
	case *methods.PowerOffVM_TaskBody:
		task = b.Res.Returnval
	case *methods.SuspendVM_TaskBody:
		task = b.Res.Returnval
	}
	return taskFault(task)
}

// screens caches each VM's console image by name.
var screens sync.Map

// screenPNG is a VM's console image: 640x480 of noise seeded by its name.
func screenPNG(name string) []byte {
	if b, ok := screens.Load(name); ok {
		return b.([]byte)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	rng := rand.New(rand.NewSource(int64(h.Sum64())))
	img := image.NewNRGBA(image.Rect(0, 0, 640, 480))
	_, _ = rng.Read(img.Pix)
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	screens.Store(name, buf.Bytes())
	return buf.Bytes()
}

// screenAuthorized: a live session's cookie (checked by asking the simulator
// for its time with it) or the launcher's credentials as basic auth.
func (f *front) screenAuthorized(r *http.Request) bool {
	if user, pass, ok := r.BasicAuth(); ok {
		if f.opts.user != "" {
			return user == f.opts.user && pass == f.opts.pass
		}
		return user != "" && pass != ""
	}
	c, err := r.Cookie(soap.SessionCookieName)
	if err != nil {
		return false
	}
	const env = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><CurrentTime xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></CurrentTime></soapenv:Body></soapenv:Envelope>`
	req, err := http.NewRequest(http.MethodPost, "/sdk", strings.NewReader(env))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", "urn:vim25/6.5")
	req.AddCookie(c)
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	f.inner.ServeHTTP(rec, req)
	return rec.status == http.StatusOK
}

// serveScreen: GET /screen?id=<vm moid> returns the VM's console as a PNG;
// 401 without credentials, 404 for no such VM, 409 when it is not powered on.
func (f *front) serveScreen(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "use GET", http.StatusMethodNotAllowed)
		return
	}
	if !f.screenAuthorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="VMware HTTP server"`)
		http.Error(w, "authentication required", http.StatusUnauthorized)
		return
	}
	vm := lookupVM(r.URL.Query().Get("id"))
	if vm == nil {
		http.Error(w, "no such virtual machine", http.StatusNotFound)
		return
	}
	var name string
	var state types.VirtualMachinePowerState
	simulator.Map.WithLock(vm, func() { name, state = vm.Name, vm.Runtime.PowerState })
	if state != types.VirtualMachinePowerStatePoweredOn {
		http.Error(w, "the virtual machine is not powered on", http.StatusConflict)
		return
	}
	img := screenPNG(name)
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(img)))
	_, _ = w.Write(img)
}

// savedCapability keeps a host's capability while /_host says "none".
var savedCapability sync.Map

// serveHost: POST /_host?screenshot=true|false|none sets every host's
// capability.screenshotSupported (none: no capability at all).
func (f *front) serveHost(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	_ = r.ParseForm()
	v := r.Form.Get("screenshot")
	if v != "true" && v != "false" && v != "none" {
		httpError(w, http.StatusBadRequest, "screenshot=true|false|none, not %q", v)
		return
	}
	var hosts []string
	for _, ent := range simulator.Map.All("HostSystem") {
		host := ent.(*simulator.HostSystem)
		simulator.Map.WithLock(host, func() {
			if host.Capability != nil {
				savedCapability.Store(host.Self.Value, host.Capability)
			}
			var c *types.HostCapability
			if v != "none" {
				c = &types.HostCapability{}
				if saved, ok := savedCapability.Load(host.Self.Value); ok {
					copied := *saved.(*types.HostCapability)
					c = &copied
				}
				c.ScreenshotSupported = v == "true"
			}
			host.Capability = c
		})
		hosts = append(hosts, host.Self.Value)
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"hosts": hosts, "screenshot": v})
}
