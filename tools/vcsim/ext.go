package main

// The vSphere methods vcsim 0.24 lacks, added the way its own docs show
// (example_extend_test.go): a Go type that embeds the simulator's object and
// has a method named like the vSphere method, put in the simulator's registry.
//
// One twist: vcsim's own code type-asserts registry entries to
// *simulator.VirtualMachine and *simulator.HostSystem in many places
// (snapshots, events of every power operation, ...), so replacing a VM or a
// host in the registry with a wrapper would break those. The VM wrapper is
// therefore registered under a shadow reference {Type: shadowVMType, Value:
// shadowPrefix + the VM's moid}, and the front handler (front.go) sends the few methods we
// add or override (routedVMMethods) to the shadow by rewriting the request's
// _this type. Everything else still reaches the simulator's own VM object.
// Hosts are not wrapped at all: the autostart manager is a new object of its
// own, and capability/managementServerIp are plain data.

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// shadowVMType is the reference type the VM wrappers are registered under.
const shadowVMType = "VcsimExtVirtualMachine"

// shadowPrefix starts the value of a wrapper's reference (a VM's moid follows).
const shadowPrefix = "vcsimext-"

// routedVMMethods are the VirtualMachine methods the front handler sends to
// the wrapper: the ones vcsim lacks and the ones whose behaviour we change.
var routedVMMethods = map[string]bool{
	"AnswerVM":              true,
	"RebootGuest":           true,
	"ShutdownGuest":         true,
	"MigrateVM_Task":        true,
	"PowerOnVM_Task":        true,
	"StandbyGuest":          true,
	"CreateScreenshot_Task": true,
}

// routedServiceInstanceMethods go to serviceInstanceExt (at shadowServiceInstance).
var routedServiceInstanceMethods = map[string]bool{
	"ValidateMigration": true,
}

var shadowServiceInstance = types.ManagedObjectReference{Type: "VcsimExtServiceInstance", Value: shadowPrefix + "ServiceInstance"}

// questionExtraConfigKey in a VM's extraConfig makes every power-on of that
// VM raise a question (the value, unless "true"/"1", is the question text).
const questionExtraConfigKey = "vcsim.question"

// extensions holds the launcher's additions and their state.
type extensions struct {
	mu  sync.Mutex
	vms map[string]*vmExt // by VM moid

	questionSeq int64
}

func newExtensions() *extensions {
	return &extensions{vms: map[string]*vmExt{}}
}

// install applies the additions to the freshly created model.
func (e *extensions) install(o *options) {
	si := &serviceInstanceExt{}
	si.Self = shadowServiceInstance
	simulator.Map.Put(si)
	simulator.Map.AddHandler(&taskMessages{Self: types.ManagedObjectReference{Type: "VcsimExtTaskMessages", Value: "vcsimext-task-messages"}})
	for _, ent := range simulator.Map.All("HostSystem") {
		host := ent.(*simulator.HostSystem)
		simulator.Map.WithLock(host, func() {
			e.installHost(host, o)
		})
	}
	for _, ent := range simulator.Map.All("Datastore") {
		ds := ent.(*simulator.Datastore)
		simulator.Map.WithLock(ds, func() { setMountPaths(ds) })
		wrapBrowser(ds.Browser)
	}
	writeVMDescriptors()
	wrapVirtualDiskManager()
	for _, ent := range simulator.Map.All("VirtualMachine") {
		vm := ent.(*simulator.VirtualMachine)
		simulator.Map.WithLock(vm, func() { setQuickStats(vm) })
	}
	addCounterSamples()
	if o.toolsOn {
		for _, ent := range simulator.Map.All("VirtualMachine") {
			vm := ent.(*simulator.VirtualMachine)
			simulator.Map.WithLock(vm, func() { setToolsRunning(vm, true) })
		}
	}
}

func (e *extensions) installHost(host *simulator.HostSystem, o *options) {
	// capability.vmotionSupported (the ESX template has no capability at all)
	capability := types.HostCapability{}
	if host.Capability != nil {
		capability = *host.Capability
	}
	// What an ESXi 6.5 reports for the ones clients read (libvirt takes the
	// vCPU limit of setvcpus from maxSupportedVcpus).
	capability.VmotionSupported = true
	capability.StorageVMotionSupported = types.NewBool(true)
	capability.MaxSupportedVcpus = 128
	capability.MaxSupportedVmMemory = 6291456
	capability.MaxRunningVMs = 1024
	capability.MaxRegisteredVMs = 1024
	capability.CpuMemoryResourceConfigurationSupported = true
	capability.RebootSupported = true
	capability.ShutdownSupported = true
	capability.StandbySupported = true
	capability.NfsSupported = true
	capability.IscsiSupported = true
	capability.VlanTaggingSupported = true
	capability.NicTeamingSupported = true
	capability.HighGuestMemSupported = true
	capability.MaintenanceModeSupported = true
	capability.PerVmSwapFiles = true
	capability.LocalSwapDatastoreSupported = true
	capability.RestrictedSnapshotRelocateSupported = true
	capability.PreAssignedPCIUnitNumbersSupported = true
	capability.ScreenshotSupported = true
	capability.ScaledScreenshotSupported = true
	capability.DatastorePrincipalSupported = true
	host.Capability = &capability

	// configManager.autoStartManager
	ref := types.ManagedObjectReference{Type: "HostAutoStartManager", Value: "ha-autostart-mgr"}
	if host.Self.Value != "ha-host" {
		ref.Value = "autostartmanager-" + host.Self.Value
	}
	m := &HostAutoStartManager{host: host.Self}
	m.Self = ref
	m.Config = types.HostAutoStartManagerConfig{
		Defaults: &types.AutoStartDefaults{
			Enabled:          types.NewBool(false),
			StartDelay:       120,
			StopDelay:        120,
			WaitForHeartbeat: types.NewBool(false),
			StopAction:       "PowerOff",
		},
	}
	simulator.Map.Put(m)
	host.ConfigManager.AutoStartManager = &ref
	wrapStorageSystem(host.ConfigManager.StorageSystem)
	wrapNetworkSystem(host.ConfigManager.NetworkSystem)

	if o.mgmtIP != "" {
		host.Summary.ManagementServerIp = o.mgmtIP
	}
}

// setMountPaths gives the datastore's host mounts the mountInfo.path a real
// ESX has ("/vmfs/volumes/<vmfs uuid>"); vcsim leaves it empty and libvirt
// 9.0 crashes on that (esxFormatVMXFileName, in define and domxml-to-native).
// It also lists every host that has the datastore.
func setMountPaths(ds *simulator.Datastore) {
	sum := md5.Sum([]byte(ds.Name))
	h := hex.EncodeToString(sum[:])
	p := fmt.Sprintf("/vmfs/volumes/%s-%s-%s-%s", h[0:8], h[8:16], h[16:20], h[20:32])
	for i := range ds.Host {
		if ds.Host[i].MountInfo.Path == "" {
			ds.Host[i].MountInfo.Path = p
		}
	}
	// vcsim's vCenter model makes a shared datastore once per host, each
	// copy replacing the last, so only the last host is left in its host
	// mounts; a real vCenter lists every host that mounts it (libvirt finds
	// no storage pool on the other hosts otherwise).
	for _, ent := range simulator.Map.All("HostSystem") {
		h := ent.(*simulator.HostSystem)
		if simulator.FindReference(h.Datastore, ds.Self) == nil {
			continue
		}
		mounted := false
		for _, m := range ds.Host {
			mounted = mounted || m.Key == h.Self
		}
		if !mounted {
			ds.Host = append(ds.Host, types.DatastoreHostMount{
				Key: h.Self,
				MountInfo: types.HostMountInfo{
					Path:       p,
					AccessMode: string(types.HostMountModeReadWrite),
					Mounted:    types.NewBool(true),
					Accessible: types.NewBool(true),
				},
			})
		}
	}
}

// lookupVM returns the simulator's VM for a moid, or nil.
func lookupVM(moid string) *simulator.VirtualMachine {
	vm, _ := simulator.Map.Get(types.ManagedObjectReference{Type: "VirtualMachine", Value: moid}).(*simulator.VirtualMachine)
	return vm
}

// findVM finds a VM by name or moid.
func findVM(name string) *simulator.VirtualMachine {
	if vm := lookupVM(name); vm != nil {
		return vm
	}
	for _, ent := range simulator.Map.All("VirtualMachine") {
		if vm, ok := ent.(*simulator.VirtualMachine); ok && vm.Name == name {
			return vm
		}
	}
	return nil
}

// wrapper returns the VM's wrapper, registering it (under its shadow
// reference) if needed. nil if the VM does not exist.
func (e *extensions) wrapper(moid string) *vmExt {
	vm := lookupVM(moid)
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.vms[moid]
	if vm == nil {
		if w != nil {
			delete(e.vms, moid)
			simulator.Map.Remove(w.Reference())
		}
		return nil
	}
	if w != nil && w.VirtualMachine == vm {
		return w
	}
	w = &vmExt{VirtualMachine: vm, ext: e}
	w.ExtensibleManagedObject.Self = types.ManagedObjectReference{Type: shadowVMType, Value: shadowPrefix + moid}
	e.vms[moid] = w
	simulator.Map.Put(w)
	return w
}

// vmExt wraps a simulator VM; see the comment at the top of this file.
type vmExt struct {
	// The first field is what vcsim's scans of the whole registry see
	// (FindByUuid, FindByDatastorePath, ... dig out the first field's mo
	// type): not a VM, so the wrapper never passes for one. Its Self is the
	// shadow reference; being shallower, it wins over the VM's Self, so
	// always write w.VirtualMachine.Self for the VM's.
	mo.ExtensibleManagedObject
	*simulator.VirtualMachine

	ext *extensions

	// guarded by ext.mu
	questionNext string           // raise this question on the next power-on ("" none)
	pending      *pendingQuestion // the question runtime.question shows, if any
}

// Reference keeps the wrapper from replacing the VM in the registry.
func (w *vmExt) Reference() types.ManagedObjectReference { return w.ExtensibleManagedObject.Self }

// locked runs f with the real VM's lock held (the dispatcher only locked the
// shadow).
func (w *vmExt) locked(f func()) { simulator.Map.WithLock(w.VirtualMachine, f) }

func (w *vmExt) fault(f types.BaseMethodFault) *soap.Fault {
	return simulator.Fault(faultMessage(f), f)
}

// faultMessage is the faultstring a real ESX sends with these faults.
func faultMessage(f types.BaseMethodFault) string {
	switch f := f.(type) {
	case *types.ToolsUnavailable:
		return "Cannot complete operation because VMware Tools is not running in this virtual machine."
	case *types.InvalidPowerState:
		return fmt.Sprintf("The attempted operation cannot be performed in the current state (%s).", powerStateLabel(f.ExistingState))
	case *types.InvalidArgument:
		return "A specified parameter was not correct: " + f.InvalidProperty
	case *types.RequestCanceled:
		return "The task was canceled by a user."
	case *types.NotSupported:
		return "The operation is not supported on the object."
	}
	return ""
}

func powerStateLabel(s types.VirtualMachinePowerState) string {
	switch s {
	case types.VirtualMachinePowerStatePoweredOn:
		return "Powered on"
	case types.VirtualMachinePowerStatePoweredOff:
		return "Powered off"
	case types.VirtualMachinePowerStateSuspended:
		return "Suspended"
	}
	return string(s)
}

func (w *vmExt) powerStateFault(want types.VirtualMachinePowerState) *soap.Fault {
	return w.fault(&types.InvalidPowerState{RequestedState: want, ExistingState: w.Runtime.PowerState})
}

// toolsRunning tells whether the VM's guest.toolsRunningStatus is running.
func (w *vmExt) toolsRunning() bool {
	return w.Guest != nil && w.Guest.ToolsRunningStatus == string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
}

func setToolsRunning(vm *simulator.VirtualMachine, running bool) {
	runningStatus := types.VirtualMachineToolsRunningStatusGuestToolsNotRunning
	status := types.VirtualMachineToolsStatusToolsNotRunning
	if running {
		runningStatus = types.VirtualMachineToolsRunningStatusGuestToolsRunning
		status = types.VirtualMachineToolsStatusToolsOk
	}
	if vm.Guest == nil {
		vm.Guest = &types.GuestInfo{}
	}
	if vm.Summary.Guest == nil {
		vm.Summary.Guest = &types.VirtualMachineGuestSummary{}
	}
	simulator.Map.Update(vm, []types.PropertyChange{
		{Name: "guest.toolsRunningStatus", Val: string(runningStatus)},
		{Name: "guest.toolsStatus", Val: status},
		{Name: "summary.guest.toolsRunningStatus", Val: string(runningStatus)},
		{Name: "summary.guest.toolsStatus", Val: status},
	})
}

// ShutdownGuest is vcsim's, but fails with ToolsUnavailable when VMware
// tools are not running in the guest, as a real ESX does.
func (w *vmExt) ShutdownGuest(ctx *simulator.Context, req *types.ShutdownGuest) soap.HasFault {
	var res soap.HasFault
	w.locked(func() {
		if w.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			res = &methods.ShutdownGuestBody{Fault_: w.powerStateFault(types.VirtualMachinePowerStatePoweredOn)}
			return
		}
		if !w.toolsRunning() {
			res = &methods.ShutdownGuestBody{Fault_: w.fault(&types.ToolsUnavailable{})}
			return
		}
		req.This = w.VirtualMachine.Self
		res = w.VirtualMachine.ShutdownGuest(ctx, req)
	})
	return res
}

// StandbyGuest is not in vcsim 0.24 either; it suspends the VM (tools needed).
func (w *vmExt) StandbyGuest(ctx *simulator.Context, req *types.StandbyGuest) soap.HasFault {
	body := &methods.StandbyGuestBody{}
	w.locked(func() {
		if w.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			body.Fault_ = w.powerStateFault(types.VirtualMachinePowerStatePoweredOn)
			return
		}
		if !w.toolsRunning() {
			body.Fault_ = w.fault(&types.ToolsUnavailable{})
			return
		}
		res := w.VirtualMachine.SuspendVMTask(ctx, &types.SuspendVM_Task{This: w.VirtualMachine.Self})
		if f := taskFault(res.(*methods.SuspendVM_TaskBody).Res.Returnval); f != nil {
			body.Fault_ = w.fault(f)
			return
		}
		body.Res = &types.StandbyGuestResponse{}
	})
	return body
}

// RebootGuest restarts the guest: needs the VM powered on and tools running.
func (w *vmExt) RebootGuest(ctx *simulator.Context, req *types.RebootGuest) soap.HasFault {
	body := &methods.RebootGuestBody{}
	w.locked(func() {
		if w.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			body.Fault_ = w.powerStateFault(types.VirtualMachinePowerStatePoweredOn)
			return
		}
		if !w.toolsRunning() {
			body.Fault_ = w.fault(&types.ToolsUnavailable{})
			return
		}
		event := vmEvent(w.VirtualMachine)
		em := simulator.Map.EventManager()
		simulator.Map.WithLock(em, func() {
			em.PostEvent(ctx, &types.PostEvent{EventToPost: &types.VmGuestRebootEvent{VmEvent: event}})
		})
		simulator.Map.Update(w.VirtualMachine, []types.PropertyChange{
			{Name: "runtime.bootTime", Val: nowUTC()},
			{Name: "summary.runtime.bootTime", Val: nowUTC()},
		})
		body.Res = &types.RebootGuestResponse{}
	})
	return body
}

// taskFault returns the fault of a finished simulator task, or nil.
func taskFault(ref types.ManagedObjectReference) types.BaseMethodFault {
	t, ok := simulator.Map.Get(ref).(*simulator.Task)
	if !ok || t.Info.Error == nil {
		return nil
	}
	return t.Info.Error.Fault
}

// question builds a VM question like the one a real ESX asks when a VM's
// files were moved or copied (msg.uuid.altered).
func (e *extensions) question(text string) *types.VirtualMachineQuestionInfo {
	id := atomic.AddInt64(&e.questionSeq, 1)
	if text == "" {
		text = "msg.uuid.altered:This virtual machine might have been moved or copied.\n" +
			"In order to configure certain management and networking features, VMware ESX needs to know if this virtual machine was moved or copied.\n\n" +
			"If you don't know, answer \"I Copied It\".\n"
	}
	msgID := "msg.vcsim.question"
	if i := strings.Index(text, ":"); i > 0 && !strings.ContainsAny(text[:i], " \n") {
		msgID = text[:i]
	}
	choice := func(key, label string) types.BaseElementDescription {
		return &types.ElementDescription{Description: types.Description{Label: label, Summary: label}, Key: key}
	}
	return &types.VirtualMachineQuestionInfo{
		Id:   fmt.Sprintf("_vmx%d", id),
		Text: text,
		Choice: types.ChoiceOption{
			ChoiceInfo:   []types.BaseElementDescription{choice("0", "Cancel"), choice("1", "I _Moved It"), choice("2", "I _Copied It")},
			DefaultIndex: 2,
		},
		Message: []types.VirtualMachineMessage{{Id: msgID, Text: text}},
	}
}

// armQuestion makes the VM's next power-on raise a question.
func (w *vmExt) armQuestion(text string) {
	if text == "" {
		text = "-"
	}
	w.ext.mu.Lock()
	w.questionNext = text
	w.ext.mu.Unlock()
}

// pendingQuestion is a raised question; done is closed once it is answered.
type pendingQuestion struct {
	done   chan struct{}
	choice string
}

// raiseQuestion sets runtime.question. Call with the VM locked.
func (w *vmExt) raiseQuestion(text string) *pendingQuestion {
	if text == "-" {
		text = ""
	}
	q := w.ext.question(text)
	p := &pendingQuestion{done: make(chan struct{})}
	w.ext.mu.Lock()
	w.pending = p
	w.ext.mu.Unlock()
	simulator.Map.Update(w.VirtualMachine, []types.PropertyChange{
		{Name: "runtime.question", Val: q},
		{Name: "summary.runtime.question", Val: q},
	})
	return p
}

func (w *vmExt) pendingQuestion() *pendingQuestion {
	w.ext.mu.Lock()
	defer w.ext.mu.Unlock()
	return w.pending
}

// pendingQuestionText returns the question the next power-on raises, if any,
// consuming a one-shot one. Call with the VM locked.
func (w *vmExt) takeQuestion() (string, bool) {
	w.ext.mu.Lock()
	text := w.questionNext
	w.questionNext = ""
	w.ext.mu.Unlock()
	if text != "" {
		return text, true
	}
	if w.Config != nil {
		for _, opt := range w.Config.ExtraConfig {
			ov := opt.GetOptionValue()
			if ov.Key == questionExtraConfigKey {
				v := fmt.Sprint(ov.Value)
				if v == "" || v == "false" || v == "0" {
					return "", false
				}
				if v == "true" || v == "1" {
					v = "-"
				}
				return v, true
			}
		}
	}
	return "", false
}

// PowerOnVM_Task is vcsim's, except that a VM armed with a question (see
// POST /_question and the vcsim.question extraConfig key) first raises it:
// runtime.question is set and the task stays running until AnswerVM.
// Answering "0" (Cancel) fails the task with RequestCanceled. A power-on
// while a question is pending waits for that question's answer too.
func (w *vmExt) PowerOnVMTask(ctx *simulator.Context, req *types.PowerOnVM_Task) soap.HasFault {
	var res soap.HasFault
	w.locked(func() {
		req.This = w.VirtualMachine.Self
		if w.Config.Template || w.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
			res = w.VirtualMachine.PowerOnVMTask(ctx, req)
			return
		}
		p := w.pendingQuestion()
		if p == nil {
			if text, ask := w.takeQuestion(); ask {
				p = w.raiseQuestion(text)
			}
		}
		if p == nil {
			res = w.VirtualMachine.PowerOnVMTask(ctx, req)
			return
		}
		inner := *ctx
		inner.Caller = &w.VirtualMachine.Self
		task := simulator.CreateTask(w.VirtualMachine, "powerOn", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
			<-p.done
			if p.choice == "0" {
				return nil, &types.RequestCanceled{}
			}
			var fault types.BaseMethodFault
			w.locked(func() {
				if w.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
					return // another power-on waiting on the same question did it
				}
				r := w.VirtualMachine.PowerOnVMTask(&inner, &types.PowerOnVM_Task{This: w.VirtualMachine.Self, Host: req.Host})
				if b, ok := r.(*methods.PowerOnVM_TaskBody); ok {
					if b.Fault_ != nil {
						fault, _ = b.Fault_.VimFault().(types.BaseMethodFault)
					} else {
						fault = taskFault(b.Res.Returnval)
					}
				}
			})
			return nil, fault
		})
		go runTask(task)
		res = &methods.PowerOnVM_TaskBody{Res: &types.PowerOnVM_TaskResponse{Returnval: task.Self}}
	})
	return res
}

// AnswerVM answers the VM's pending question (runtime.question).
func (w *vmExt) AnswerVM(ctx *simulator.Context, req *types.AnswerVM) soap.HasFault {
	body := &methods.AnswerVMBody{}
	w.locked(func() {
		q := w.Runtime.Question
		if q == nil || q.Id != req.QuestionId {
			body.Fault_ = w.fault(&types.InvalidArgument{InvalidProperty: "questionId"})
			return
		}
		valid := false
		for _, c := range q.Choice.ChoiceInfo {
			if c.GetElementDescription().Key == req.AnswerChoice {
				valid = true
			}
		}
		if !valid {
			body.Fault_ = w.fault(&types.InvalidArgument{InvalidProperty: "answerChoice"})
			return
		}
		simulator.Map.Update(w.VirtualMachine, []types.PropertyChange{
			{Name: "runtime.question", Val: nil},
			{Name: "summary.runtime.question", Val: nil},
		})
		w.ext.mu.Lock()
		p := w.pending
		w.pending = nil
		w.ext.mu.Unlock()
		if p != nil {
			p.choice = req.AnswerChoice
			close(p.done)
		}
		body.Res = &types.AnswerVMResponse{}
	})
	return body
}

// MigrateVM_Task moves the VM to another host and/or resource pool.
func (w *vmExt) MigrateVMTask(ctx *simulator.Context, req *types.MigrateVM_Task) soap.HasFault {
	vm := w.VirtualMachine
	task := simulator.CreateTask(vm, "migrateVm", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		var fault types.BaseMethodFault
		w.locked(func() { fault = w.migrate(req) })
		return nil, fault
	})
	return &methods.MigrateVM_TaskBody{Res: &types.MigrateVM_TaskResponse{Returnval: runTask(task)}}
}

func (w *vmExt) migrate(req *types.MigrateVM_Task) types.BaseMethodFault {
	curHost, dstHost, dstPool, fault := planMigration(w.VirtualMachine, req.Pool, req.Host, req.State)
	if fault != nil {
		return fault
	}
	applyMigration(w.VirtualMachine, curHost, dstHost, dstPool)
	return nil
}

// planMigration checks a migration of vm to a pool and/or host and returns
// its current host and where it goes. Call with the VM locked.
func planMigration(vm *simulator.VirtualMachine, pool, host *types.ManagedObjectReference, state types.VirtualMachinePowerState) (curHost, dstHost *simulator.HostSystem, dstPool *simulator.ResourcePool, fault types.BaseMethodFault) {
	req := struct{ Pool, Host *types.ManagedObjectReference }{pool, host}
	if req.Host == nil && req.Pool == nil {
		return nil, nil, nil, &types.InvalidArgument{InvalidProperty: "host"}
	}
	if state != "" && state != vm.Runtime.PowerState {
		return nil, nil, nil, &types.InvalidPowerState{RequestedState: state, ExistingState: vm.Runtime.PowerState}
	}
	if vm.Config.Template && req.Pool != nil {
		return nil, nil, nil, &types.InvalidArgument{InvalidProperty: "pool"}
	}

	curHost, _ = simulator.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem)
	if req.Host != nil {
		h, ok := simulator.Map.Get(*req.Host).(*simulator.HostSystem)
		if !ok {
			return nil, nil, nil, &types.ManagedObjectNotFound{Obj: *req.Host}
		}
		dstHost = h
	}
	if req.Pool != nil {
		p, ok := simulator.Map.Get(*req.Pool).(*simulator.ResourcePool)
		if !ok {
			return nil, nil, nil, &types.ManagedObjectNotFound{Obj: *req.Pool}
		}
		dstPool = p
	}
	// The compute resource a host or a pool belongs to.
	hostOwner := func(h *simulator.HostSystem) *types.ManagedObjectReference { return h.Parent }
	if dstHost == nil {
		// A pool alone: stay on the current host if it is in the pool's
		// compute resource, else take the first host of it.
		if curHost != nil && hostOwner(curHost) != nil && *hostOwner(curHost) == dstPool.Owner {
			dstHost = curHost
		} else {
			for _, h := range computeResourceHosts(dstPool.Owner) {
				if hs, ok := simulator.Map.Get(h).(*simulator.HostSystem); ok {
					dstHost = hs
					break
				}
			}
			if dstHost == nil {
				return nil, nil, nil, &types.InvalidArgument{InvalidProperty: "pool"}
			}
		}
	}
	if dstPool == nil && !vm.Config.Template {
		owner := hostOwner(dstHost)
		if vm.ResourcePool != nil {
			if cur, ok := simulator.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool); ok && owner != nil && cur.Owner == *owner {
				dstPool = cur
			}
		}
		if dstPool == nil && owner != nil {
			if rp := computeResourcePool(*owner); rp != nil {
				dstPool, _ = simulator.Map.Get(*rp).(*simulator.ResourcePool)
			}
		}
	}
	if dstPool != nil && hostOwner(dstHost) != nil && dstPool.Owner != *hostOwner(dstHost) {
		return nil, nil, nil, &types.InvalidArgument{InvalidProperty: "pool"}
	}
	if vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn &&
		(dstHost.Capability == nil || !dstHost.Capability.VmotionSupported) && dstHost != curHost {
		return nil, nil, nil, &types.NotSupported{}
	}

	return curHost, dstHost, dstPool, nil
}

// applyMigration moves vm's references. Call with the VM locked.
func applyMigration(vm *simulator.VirtualMachine, curHost, dstHost *simulator.HostSystem, dstPool *simulator.ResourcePool) {
	var changes []types.PropertyChange
	if curHost != dstHost {
		if curHost != nil {
			simulator.Map.RemoveReference(curHost, &curHost.Vm, vm.Self)
		}
		simulator.Map.AddReference(dstHost, &dstHost.Vm, vm.Self)
		ref := dstHost.Self
		changes = append(changes,
			types.PropertyChange{Name: "runtime.host", Val: ref},
			types.PropertyChange{Name: "summary.runtime.host", Val: ref},
		)
	}
	if dstPool != nil && (vm.ResourcePool == nil || *vm.ResourcePool != dstPool.Self) {
		if vm.ResourcePool != nil {
			if cur, ok := simulator.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool); ok {
				simulator.Map.RemoveReference(cur, &cur.Vm, vm.Self)
			}
		}
		simulator.Map.AddReference(dstPool, &dstPool.Vm, vm.Self)
		ref := dstPool.Self
		changes = append(changes, types.PropertyChange{Name: "resourcePool", Val: ref})
	}
	if len(changes) != 0 {
		simulator.Map.Update(vm, changes)
	}
}

// computeResourceHosts and computeResourcePool read a (cluster) compute
// resource's hosts and root pool.
func computeResourceHosts(ref types.ManagedObjectReference) []types.ManagedObjectReference {
	switch cr := simulator.Map.Get(ref).(type) {
	case *simulator.ClusterComputeResource:
		return cr.Host
	case *mo.ComputeResource:
		return cr.Host
	}
	return nil
}

func computeResourcePool(ref types.ManagedObjectReference) *types.ManagedObjectReference {
	switch cr := simulator.Map.Get(ref).(type) {
	case *simulator.ClusterComputeResource:
		return cr.ResourcePool
	case *mo.ComputeResource:
		return cr.ResourcePool
	}
	return nil
}

// HostAutoStartManager is the host's autostart manager (vcsim has none).
type HostAutoStartManager struct {
	mo.HostAutoStartManager

	host types.ManagedObjectReference
}

// ReconfigureAutostart merges spec into the config like ESX does: the
// defaults' given fields replace the current ones, and each powerInfo entry
// replaces the entry of the same VM (or is added).
func (m *HostAutoStartManager) ReconfigureAutostart(req *types.ReconfigureAutostart) soap.HasFault {
	body := &methods.ReconfigureAutostartBody{}
	host, _ := simulator.Map.Get(m.host).(*simulator.HostSystem)

	cfg := m.Config
	defaults := types.AutoStartDefaults{}
	if cfg.Defaults != nil {
		defaults = *cfg.Defaults
	}
	if d := req.Spec.Defaults; d != nil {
		if d.Enabled != nil {
			defaults.Enabled = types.NewBool(*d.Enabled)
		}
		if d.StartDelay != 0 {
			defaults.StartDelay = d.StartDelay
		}
		if d.StopDelay != 0 {
			defaults.StopDelay = d.StopDelay
		}
		if d.WaitForHeartbeat != nil {
			defaults.WaitForHeartbeat = types.NewBool(*d.WaitForHeartbeat)
		}
		if d.StopAction != "" {
			defaults.StopAction = d.StopAction
		}
	}
	power := append([]types.AutoStartPowerInfo(nil), cfg.PowerInfo...)
	for _, p := range req.Spec.PowerInfo {
		if p.Key.Type != "VirtualMachine" || lookupVM(p.Key.Value) == nil {
			body.Fault_ = simulator.Fault(faultMessage(&types.InvalidArgument{InvalidProperty: "powerInfo.key"}), &types.InvalidArgument{InvalidProperty: "powerInfo.key"})
			return body
		}
		if host != nil && simulator.FindReference(host.Vm, p.Key) == nil {
			body.Fault_ = simulator.Fault(faultMessage(&types.InvalidArgument{InvalidProperty: "powerInfo.key"}), &types.InvalidArgument{InvalidProperty: "powerInfo.key"})
			return body
		}
		replaced := false
		for i := range power {
			if power[i].Key == p.Key {
				power[i] = p
				replaced = true
			}
		}
		if !replaced {
			power = append(power, p)
		}
	}
	newCfg := types.HostAutoStartManagerConfig{Defaults: &defaults, PowerInfo: power}
	simulator.Map.Update(m, []types.PropertyChange{{Name: "config", Val: newCfg}})
	m.Config = newCfg
	body.Res = &types.ReconfigureAutostartResponse{}
	return body
}

func nowUTC() time.Time { return time.Now().UTC() }

// vmEvent fills the arguments of a VM event (like vcsim's private vm.event).
func vmEvent(vm *simulator.VirtualMachine) types.VmEvent {
	ev := types.VmEvent{Event: types.Event{
		Vm: &types.VmEventArgument{Vm: vm.Self, EntityEventArgument: types.EntityEventArgument{Name: vm.Name}},
	}}
	if vm.Runtime.Host == nil {
		return ev
	}
	host, ok := simulator.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem)
	if !ok {
		return ev
	}
	ev.Host = &types.HostEventArgument{Host: host.Self, EntityEventArgument: types.EntityEventArgument{Name: host.Name}}
	for parent := host.Parent; parent != nil; {
		ent, ok := simulator.Map.Get(*parent).(mo.Entity)
		if !ok {
			break
		}
		me := ent.Entity()
		switch parent.Type {
		case "ComputeResource", "ClusterComputeResource":
			if ev.ComputeResource == nil {
				ev.ComputeResource = &types.ComputeResourceEventArgument{ComputeResource: me.Self, EntityEventArgument: types.EntityEventArgument{Name: me.Name}}
			}
		case "Datacenter":
			ev.Datacenter = &types.DatacenterEventArgument{Datacenter: me.Self, EntityEventArgument: types.EntityEventArgument{Name: me.Name}}
		}
		parent = me.Parent
	}
	return ev
}

// runTask is simulator.Task.Run with the fault's message as ESX words it
// (vcsim's Run puts the fault's Go type name there).
func runTask(t *simulator.Task) types.ManagedObjectReference {
	simulator.Map.Update(t, []types.PropertyChange{
		{Name: "info.startTime", Val: time.Now()},
		{Name: "info.state", Val: types.TaskInfoStateRunning},
	})
	res, err := t.Execute(t)
	state := types.TaskInfoStateSuccess
	var fault interface{}
	if err != nil {
		state = types.TaskInfoStateError
		msg := faultMessage(err)
		if msg == "" {
			msg = strings.TrimPrefix(fmt.Sprintf("%T", err), "*types.")
		}
		fault = types.LocalizedMethodFault{Fault: err, LocalizedMessage: msg}
	}
	simulator.Map.Update(t, []types.PropertyChange{
		{Name: "info.completeTime", Val: time.Now()},
		{Name: "info.state", Val: state},
		{Name: "info.result", Val: res},
		{Name: "info.error", Val: fault},
	})
	return t.Self
}

// taskMessages gives the errors of vcsim's own tasks ESX's messages: vcsim
// puts the fault's Go type name ("*types.InvalidPowerState") there.
type taskMessages struct {
	Self types.ManagedObjectReference
}

func (h *taskMessages) Reference() types.ManagedObjectReference   { return h.Self }
func (h *taskMessages) PutObject(mo.Reference)                    {}
func (h *taskMessages) RemoveObject(types.ManagedObjectReference) {}
func (h *taskMessages) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	t, ok := obj.(*mo.Task)
	if !ok {
		return
	}
	for i := range changes {
		if changes[i].Name != "info.error" {
			continue
		}
		f, ok := changes[i].Val.(types.LocalizedMethodFault)
		if !ok || !strings.HasPrefix(f.LocalizedMessage, "*types.") {
			continue
		}
		msg := faultMessage(f.Fault)
		if msg == "" {
			msg = strings.TrimPrefix(f.LocalizedMessage, "*types.")
		}
		f.LocalizedMessage = msg
		changes[i].Val = f
		if t.Info.Error != nil {
			t.Info.Error.LocalizedMessage = msg
		}
	}
}

// serviceInstanceExt has the ServiceInstance methods vcsim lacks. (vcsim
// type-asserts the ServiceInstance in the registry, so it is not replaced.)
type serviceInstanceExt struct {
	mo.ExtensibleManagedObject
}

// ValidateMigration checks a migration like MigrateVM_Task would; problems
// come back as MigrationErrorEvents, as from vCenter.
func (s *serviceInstanceExt) ValidateMigration(req *types.ValidateMigration) soap.HasFault {
	body := &methods.ValidateMigrationBody{Res: &types.ValidateMigrationResponse{}}
	for _, ref := range req.Vm {
		vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		if !ok {
			body.Res = nil
			body.Fault_ = simulator.Fault("", &types.ManagedObjectNotFound{Obj: ref})
			return body
		}
		var fault types.BaseMethodFault
		var event types.VmEvent
		simulator.Map.WithLock(vm, func() {
			_, _, _, fault = planMigration(vm, req.Pool, req.Host, req.State)
			event = vmEvent(vm)
		})
		if fault == nil {
			continue
		}
		msg := faultMessage(fault)
		if msg == "" {
			msg = strings.TrimPrefix(fmt.Sprintf("%T", fault), "*types.")
		}
		event.CreatedTime = nowUTC()
		event.FullFormattedMessage = msg
		body.Res.Returnval = append(body.Res.Returnval, &types.MigrationErrorEvent{
			MigrationEvent: types.MigrationEvent{
				VmEvent: event,
				Fault:   types.LocalizedMethodFault{Fault: fault, LocalizedMessage: msg},
			},
		})
	}
	return body
}
