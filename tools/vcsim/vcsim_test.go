package main

// Checks of the launcher's additions, through govmomi's SOAP client against
// an in-process instance (the same code the binary runs). Run with
//   tools/vcsim/vcsim.sh test [-v] [-run NAME]
// or, by hand, in tools/vcsim:
//   GO111MODULE=off GOPATH=/usr/share/gocode go test .

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io/ioutil"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type env struct {
	t    *testing.T
	ctx  context.Context
	inst *instance
	c    *govmomi.Client
	find *find.Finder
}

// setup starts an instance with the given launcher flags and logs in.
func setup(t *testing.T, args ...string) *env {
	t.Helper()
	o, err := parseFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(inst.stop)
	ctx := context.Background()
	u := *inst.URL
	c, err := govmomi.NewClient(ctx, &u, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Logout(ctx) })
	f := find.NewFinder(c.Client, true)
	if dc, err := f.DefaultDatacenter(ctx); err == nil {
		f.SetDatacenter(dc)
	}
	return &env{t: t, ctx: ctx, inst: inst, c: c, find: f}
}

func (e *env) vm(name string) *object.VirtualMachine {
	e.t.Helper()
	vm, err := e.find.VirtualMachine(e.ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	return vm
}

func (e *env) vmProps(vm *object.VirtualMachine, props ...string) mo.VirtualMachine {
	e.t.Helper()
	var m mo.VirtualMachine
	if err := vm.Properties(e.ctx, vm.Reference(), props, &m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

// post calls one of the launcher's test-only HTTP endpoints.
func (e *env) post(path string, q url.Values) map[string]interface{} {
	e.t.Helper()
	u := url.URL{Scheme: e.inst.URL.Scheme, Host: e.inst.URL.Host, Path: path, RawQuery: q.Encode()}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	method := http.MethodPost
	if path == "/_calls" {
		method = http.MethodGet
	}
	req, _ := http.NewRequest(method, u.String(), nil)
	res, err := hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := ioutil.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("%s %s: %s %s", method, path, res.Status, body)
	}
	out := map[string]interface{}{}
	if err := json.Unmarshal(body, &out); err != nil {
		e.t.Fatalf("%s: %v: %s", path, err, body)
	}
	return out
}

func wantFault(t *testing.T, err error, want interface{}) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %T fault, got success", want)
	}
	var f types.AnyType
	switch {
	case soap.IsSoapFault(err):
		f = soap.ToSoapFault(err).VimFault()
	case soap.IsVimFault(err):
		f = soap.ToVimFault(err)
	default:
		var te interface{ Fault() types.BaseMethodFault }
		if errors.As(err, &te) {
			f = te.Fault()
		}
	}
	name := func(v interface{}) string { return strings.TrimPrefix(fmt.Sprintf("%T", v), "*") }
	if f == nil || name(f) != name(want) {
		t.Fatalf("want a %T fault, got %v (%T)", want, err, f)
	}
}

// govmomiClient makes a client on sc without logging in.
func govmomiClient(ctx context.Context, sc *soap.Client) (*govmomi.Client, error) {
	vc, err := vim25.NewClient(ctx, sc)
	if err != nil {
		return nil, err
	}
	return &govmomi.Client{Client: vc, SessionManager: session.NewManager(vc)}, nil
}

func TestRewriteRealESX(t *testing.T) {
	in := `<val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ArrayOfManagedObjectReference">` +
		`<ManagedObjectReference type="VirtualMachine">vm-9</ManagedObjectReference></val>` +
		`<val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ArrayOfString"><string>a</string><string/></val>` +
		`<val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ArrayOfAnyType">` +
		`<anyType xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="xsd:int">1</anyType></val>` +
		`<val XMLSchema-instance:type="ArrayOfVirtualDevice"><VirtualDevice XMLSchema-instance:type="VirtualDisk"><key>1</key></VirtualDevice></val>`
	want := `<val xsi:type="ArrayOfManagedObjectReference">` +
		`<ManagedObjectReference xsi:type="ManagedObjectReference" type="VirtualMachine">vm-9</ManagedObjectReference></val>` +
		`<val xsi:type="ArrayOfString"><string xsi:type="xsd:string">a</string><string xsi:type="xsd:string"/></val>` +
		`<val xsi:type="ArrayOfAnyType">` +
		`<anyType xsi:type="xsd:int">1</anyType></val>` +
		`<val xsi:type="ArrayOfVirtualDevice"><VirtualDevice xsi:type="VirtualDisk"><key>1</key></VirtualDevice></val>`
	if got := string(rewriteRealESX([]byte(in))); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestPeekSOAP(t *testing.T) {
	body := `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body>` +
		`<AnswerVM xmlns="urn:vim25"><_this xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ManagedObjectReference" type="VirtualMachine"> vm-9 </_this><questionId>1</questionId></AnswerVM></soapenv:Body></soapenv:Envelope>`
	m, typ, val := peekSOAP([]byte(body))
	if m != "AnswerVM" || typ != "VirtualMachine" || val != "vm-9" {
		t.Fatalf("got %q %q %q", m, typ, val)
	}
	routed := string(routeThis([]byte(body), "VirtualMachine", shadowVMType, shadowPrefix+"vm-9"))
	if !strings.Contains(routed, `xsi:type="ManagedObjectReference" type="`+shadowVMType+`">`+shadowPrefix+`vm-9</_this>`) {
		t.Fatalf("routeThis: %s", routed)
	}
}

// Through -real-esx replies govmomi still reads everything (namespace-aware).
func TestRealESXClient(t *testing.T) {
	e := setup(t, "-real-esx", "-tls")
	vms, err := e.find.VirtualMachineList(e.ctx, "*")
	if err != nil || len(vms) != 2 {
		t.Fatalf("%v %v", vms, err)
	}
	var h mo.HostSystem
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := host.Properties(e.ctx, host.Reference(), []string{"vm", "summary"}, &h); err != nil {
		t.Fatal(err)
	}
	if len(h.Vm) != 2 {
		t.Fatalf("host.vm: %v", h.Vm)
	}
}

func TestCredentialsAndCert(t *testing.T) {
	cert := filepath.Join(t.TempDir(), "cert.pem")
	e := setup(t, "-user", "alice", "-pass", "s3cret", "-tls", "-cert-out", cert)
	if e.inst.URL.User.Username() != "alice" {
		t.Fatalf("URL user: %v", e.inst.URL.User)
	}
	// The PEM written by -cert-out verifies the server.
	u := *e.inst.URL
	u.User = nil
	sc := soap.NewClient(&u, false)
	if err := sc.SetRootCAs(cert); err != nil {
		t.Fatal(err)
	}
	c, err := govmomiClient(e.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(e.ctx, url.UserPassword("alice", "wrong")); err == nil {
		t.Fatal("wrong password logged in")
	}
	if err := c.Login(e.ctx, url.UserPassword("bob", "s3cret")); err == nil {
		t.Fatal("wrong user logged in")
	}
	if err := c.Login(e.ctx, url.UserPassword("alice", "s3cret")); err != nil {
		t.Fatal(err)
	}
	// Without the cert (and without skipping verification) TLS fails.
	if _, err := govmomiClient(e.ctx, soap.NewClient(&u, false)); err == nil {
		t.Fatal("TLS verified without the certificate")
	}
}

func TestQuestionAnswer(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	task, err := vm.PowerOff(e.ctx)
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("power off", err)
	}

	e.post("/_question", url.Values{"vm": {"ha-host_VM0"}})
	task, err = vm.PowerOn(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The power-on blocks on the question.
	time.Sleep(200 * time.Millisecond)
	var tm mo.Task
	if err := task.Properties(e.ctx, task.Reference(), []string{"info"}, &tm); err != nil {
		t.Fatal(err)
	}
	if tm.Info.State != types.TaskInfoStateRunning && tm.Info.State != types.TaskInfoStateQueued {
		t.Fatalf("task state %s, want running", tm.Info.State)
	}
	m := e.vmProps(vm, "runtime")
	q := m.Runtime.Question
	if q == nil || len(q.Choice.ChoiceInfo) != 3 || !strings.Contains(q.Text, "moved or copied") {
		t.Fatalf("runtime.question: %+v", q)
	}
	if m.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOff {
		t.Fatalf("power state %s before the answer", m.Runtime.PowerState)
	}
	wantFault(t, vm.Answer(e.ctx, "nope", "2"), &types.InvalidArgument{})
	wantFault(t, vm.Answer(e.ctx, q.Id, "7"), &types.InvalidArgument{})
	if err := vm.Answer(e.ctx, q.Id, "2"); err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	m = e.vmProps(vm, "runtime")
	if m.Runtime.Question != nil || m.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
		t.Fatalf("after the answer: question %+v, power %s", m.Runtime.Question, m.Runtime.PowerState)
	}

	// One-shot: the next power-on asks nothing.
	task, _ = vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	task, _ = vm.PowerOn(e.ctx)
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}

	// Cancel fails the power-on; custom text.
	task, _ = vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	e.post("/_question", url.Values{"vm": {vm.Reference().Value}, "text": {"msg.test:Proceed?"}})
	task, _ = vm.PowerOn(e.ctx)
	var qi *types.VirtualMachineQuestionInfo
	for i := 0; i < 50 && qi == nil; i++ {
		qi = e.vmProps(vm, "runtime").Runtime.Question
		time.Sleep(20 * time.Millisecond)
	}
	if qi == nil || qi.Text != "msg.test:Proceed?" || qi.Message[0].Id != "msg.test" {
		t.Fatalf("question %+v", qi)
	}
	if err := vm.Answer(e.ctx, qi.Id, "0"); err != nil {
		t.Fatal(err)
	}
	wantFault(t, task.Wait(e.ctx), &types.RequestCanceled{})
	if s := e.vmProps(vm, "runtime").Runtime.PowerState; s != types.VirtualMachinePowerStatePoweredOff {
		t.Fatalf("power state %s after cancel", s)
	}

	// now=1 raises a question at once (no task); AnswerVM clears it.
	res := e.post("/_question", url.Values{"vm": {"ha-host_VM1"}, "now": {"1"}})
	vm1 := e.vm("ha-host_VM1")
	q1 := e.vmProps(vm1, "runtime").Runtime.Question
	if q1 == nil || q1.Id != res["questionId"] {
		t.Fatalf("question %+v, endpoint said %v", q1, res)
	}
	if err := vm1.Answer(e.ctx, q1.Id, "1"); err != nil {
		t.Fatal(err)
	}
	if q := e.vmProps(vm1, "runtime").Runtime.Question; q != nil {
		t.Fatalf("question not cleared: %+v", q)
	}
}

// A power-on while a question blocks another waits for the same answer.
func TestQuestionJoinedPowerOn(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	task, _ := vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	e.post("/_question", url.Values{"vm": {"ha-host_VM0"}})
	t1, _ := vm.PowerOn(e.ctx)
	t2, err := vm.PowerOn(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	q := e.vmProps(vm, "runtime").Runtime.Question
	if q == nil {
		t.Fatal("no question")
	}
	if err := vm.Answer(e.ctx, q.Id, "2"); err != nil {
		t.Fatal(err)
	}
	if err := t1.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	if err := t2.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
}

func TestQuestionExtraConfig(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	task, _ := vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	task, err := vm.Reconfigure(e.ctx, types.VirtualMachineConfigSpec{
		ExtraConfig: []types.BaseOptionValue{&types.OptionValue{Key: questionExtraConfigKey, Value: "true"}},
	})
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("reconfigure", err)
	}
	for round := 0; round < 2; round++ { // every power-on asks
		task, _ = vm.PowerOn(e.ctx)
		var q *types.VirtualMachineQuestionInfo
		for i := 0; i < 50 && q == nil; i++ {
			q = e.vmProps(vm, "runtime").Runtime.Question
			time.Sleep(20 * time.Millisecond)
		}
		if q == nil {
			t.Fatalf("round %d: no question", round)
		}
		if err := vm.Answer(e.ctx, q.Id, "1"); err != nil {
			t.Fatal(err)
		}
		if err := task.Wait(e.ctx); err != nil {
			t.Fatal(err)
		}
		task, _ = vm.PowerOff(e.ctx)
		_ = task.Wait(e.ctx)
	}
}

func TestToolsShutdownReboot(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	if s := e.vmProps(vm, "guest").Guest.ToolsRunningStatus; s != "guestToolsNotRunning" {
		t.Fatalf("tools %q at start", s)
	}
	wantFault(t, vm.ShutdownGuest(e.ctx), &types.ToolsUnavailable{})
	wantFault(t, vm.RebootGuest(e.ctx), &types.ToolsUnavailable{})

	res := e.post("/_tools", url.Values{"vm": {"ha-host_VM0"}})
	if res["toolsRunningStatus"] != "guestToolsRunning" {
		t.Fatalf("endpoint: %v", res)
	}
	m := e.vmProps(vm, "guest", "summary")
	if m.Guest.ToolsRunningStatus != "guestToolsRunning" || m.Summary.Guest.ToolsRunningStatus != "guestToolsRunning" {
		t.Fatalf("tools %q / %q", m.Guest.ToolsRunningStatus, m.Summary.Guest.ToolsRunningStatus)
	}
	before := e.vmProps(vm, "runtime").Runtime.BootTime
	time.Sleep(10 * time.Millisecond)
	if err := vm.RebootGuest(e.ctx); err != nil {
		t.Fatal(err)
	}
	r := e.vmProps(vm, "runtime").Runtime
	if r.PowerState != types.VirtualMachinePowerStatePoweredOn || r.BootTime == nil || (before != nil && !r.BootTime.After(*before)) {
		t.Fatalf("after reboot: %s boot %v (before %v)", r.PowerState, r.BootTime, before)
	}
	if err := vm.ShutdownGuest(e.ctx); err != nil {
		t.Fatal(err)
	}
	if s := e.vmProps(vm, "runtime").Runtime.PowerState; s != types.VirtualMachinePowerStatePoweredOff {
		t.Fatalf("after shutdown: %s", s)
	}
	wantFault(t, vm.ShutdownGuest(e.ctx), &types.InvalidPowerState{})
	wantFault(t, vm.RebootGuest(e.ctx), &types.InvalidPowerState{})

	e.post("/_tools", url.Values{"vm": {"ha-host_VM0"}, "running": {"false"}})
	if s := e.vmProps(vm, "guest").Guest.ToolsRunningStatus; s != "guestToolsNotRunning" {
		t.Fatalf("tools %q after running=false", s)
	}
}

func TestToolsRunningFlag(t *testing.T) {
	e := setup(t, "-tools-running")
	vm := e.vm("ha-host_VM1")
	if err := vm.ShutdownGuest(e.ctx); err != nil {
		t.Fatal(err)
	}
}

// The wrapped VMs keep working with vcsim's own methods (snapshots, which
// type-assert the registry entry), after going through the wrapper.
func TestWrappedVMStillWorks(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	e.post("/_tools", url.Values{"vm": {"ha-host_VM0"}})
	if err := vm.RebootGuest(e.ctx); err != nil {
		t.Fatal(err)
	}
	// vcsim's scans of the registry skip the wrapper.
	uuid := e.vmProps(vm, "config.uuid").Config.Uuid
	si := object.NewSearchIndex(e.c.Client)
	for i := 0; i < 20; i++ {
		ref, err := si.FindByUuid(e.ctx, nil, uuid, true, nil)
		if err != nil || ref == nil || ref.Reference() != vm.Reference() {
			t.Fatalf("FindByUuid: %v %v", ref, err)
		}
	}
	task, err := vm.CreateSnapshot(e.ctx, "s1", "", true, false)
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("snapshot", err)
	}
	task, err = vm.RevertToSnapshot(e.ctx, "s1", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	task, _ = vm.PowerOff(e.ctx)
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	task, _ = vm.PowerOn(e.ctx)
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	task, _ = vm.Destroy(e.ctx)
	wantFault(t, task.Wait(e.ctx), &types.InvalidPowerState{})
	task, _ = vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	task, _ = vm.Destroy(e.ctx)
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	// A destroyed VM is gone for the added methods too.
	err = vm.RebootGuest(e.ctx)
	wantFault(t, err, &types.ManagedObjectNotFound{})
}

func TestMigrate(t *testing.T) {
	e := setup(t, "-model", "vpx")
	vm := e.vm("DC0_H0_VM0")
	src := e.vmProps(vm, "runtime", "resourcePool")
	dst, err := e.find.HostSystem(e.ctx, "DC0_C0/DC0_C0_H1")
	if err != nil {
		t.Fatal(err)
	}
	var h mo.HostSystem
	if err := dst.Properties(e.ctx, dst.Reference(), []string{"capability"}, &h); err != nil {
		t.Fatal(err)
	}
	if h.Capability == nil || !h.Capability.VmotionSupported {
		t.Fatalf("capability: %+v", h.Capability)
	}
	validate := func(pool, host *types.ManagedObjectReference) []types.BaseEvent {
		res, err := methods.ValidateMigration(e.ctx, e.c.Client, &types.ValidateMigration{
			This: serviceInstanceRef, Vm: []types.ManagedObjectReference{vm.Reference()}, Pool: pool, Host: host,
		})
		if err != nil {
			t.Fatal(err)
		}
		return res.Returnval
	}
	dstRef := dst.Reference()
	if ev := validate(nil, &dstRef); len(ev) != 0 {
		t.Fatalf("ValidateMigration: %v", ev)
	}
	if ev := validate(src.ResourcePool, &dstRef); len(ev) != 1 {
		t.Fatalf("ValidateMigration of a pool not on the host: %v", ev)
	} else if me, ok := ev[0].(*types.MigrationErrorEvent); !ok || me.FullFormattedMessage == "" {
		t.Fatalf("ValidateMigration event %#v", ev[0])
	}

	// state must match
	task, err := vm.Migrate(e.ctx, nil, dst, types.VirtualMachineMovePriorityDefaultPriority, types.VirtualMachinePowerStatePoweredOff)
	if err != nil {
		t.Fatal(err)
	}
	wantFault(t, task.Wait(e.ctx), &types.InvalidPowerState{})

	task, err = vm.Migrate(e.ctx, nil, dst, types.VirtualMachineMovePriorityDefaultPriority, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	m := e.vmProps(vm, "runtime", "summary", "resourcePool")
	if *m.Runtime.Host != dst.Reference() || *m.Summary.Runtime.Host != dst.Reference() {
		t.Fatalf("runtime.host %v", m.Runtime.Host)
	}
	if *m.ResourcePool == *src.ResourcePool {
		t.Fatalf("resource pool unchanged: %v", m.ResourcePool)
	}
	pool, err := e.find.ResourcePool(e.ctx, "DC0_C0/Resources")
	if err != nil {
		t.Fatal(err)
	}
	if *m.ResourcePool != pool.Reference() {
		t.Fatalf("resource pool %v, want %v", m.ResourcePool, pool.Reference())
	}
	pc := property.DefaultCollector(e.c.Client)
	var hosts []mo.HostSystem
	if err := pc.Retrieve(e.ctx, []types.ManagedObjectReference{*src.Runtime.Host, dst.Reference()}, []string{"vm"}, &hosts); err != nil {
		t.Fatal(err)
	}
	for _, hs := range hosts {
		has := false
		for _, r := range hs.Vm {
			has = has || r == vm.Reference()
		}
		if has != (hs.Self == dst.Reference()) {
			t.Fatalf("host %v vm list %v", hs.Self, hs.Vm)
		}
	}
	// Back by pool alone: lands on the standalone host.
	srcPool := object.NewResourcePool(e.c.Client, *src.ResourcePool)
	task, _ = vm.Migrate(e.ctx, srcPool, nil, types.VirtualMachineMovePriorityHighPriority, "")
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
	m = e.vmProps(vm, "runtime", "resourcePool")
	if *m.Runtime.Host != *src.Runtime.Host || *m.ResourcePool != *src.ResourcePool {
		t.Fatalf("back: host %v pool %v", m.Runtime.Host, m.ResourcePool)
	}
	// A pool that does not go with the host.
	task, _ = vm.Migrate(e.ctx, srcPool, dst, types.VirtualMachineMovePriorityDefaultPriority, "")
	wantFault(t, task.Wait(e.ctx), &types.InvalidArgument{})
}

var serviceInstanceRef = types.ManagedObjectReference{Type: "ServiceInstance", Value: "ServiceInstance"}

func TestAutostartManager(t *testing.T) {
	e := setup(t)
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var h mo.HostSystem
	if err := host.Properties(e.ctx, host.Reference(), []string{"configManager"}, &h); err != nil {
		t.Fatal(err)
	}
	ref := h.ConfigManager.AutoStartManager
	if ref == nil || ref.Type != "HostAutoStartManager" {
		t.Fatalf("configManager.autoStartManager: %v", ref)
	}
	read := func() types.HostAutoStartManagerConfig {
		var m mo.HostAutoStartManager
		if err := property.DefaultCollector(e.c.Client).RetrieveOne(e.ctx, *ref, []string{"config"}, &m); err != nil {
			t.Fatal(err)
		}
		return m.Config
	}
	cfg := read()
	if cfg.Defaults == nil || *cfg.Defaults.Enabled || len(cfg.PowerInfo) != 0 {
		t.Fatalf("initial config %+v", cfg)
	}
	vm := e.vm("ha-host_VM1")
	info := types.AutoStartPowerInfo{
		Key: vm.Reference(), StartOrder: -1, StartDelay: -1, WaitForHeartbeat: types.AutoStartWaitHeartbeatSettingSystemDefault,
		StartAction: "powerOn", StopDelay: -1, StopAction: "systemDefault",
	}
	reconf := func(spec types.HostAutoStartManagerConfig) error {
		_, err := methods.ReconfigureAutostart(e.ctx, e.c.Client, &types.ReconfigureAutostart{This: *ref, Spec: spec})
		return err
	}
	if err := reconf(types.HostAutoStartManagerConfig{
		Defaults:  &types.AutoStartDefaults{Enabled: types.NewBool(true)},
		PowerInfo: []types.AutoStartPowerInfo{info},
	}); err != nil {
		t.Fatal(err)
	}
	cfg = read()
	if !*cfg.Defaults.Enabled || cfg.Defaults.StartDelay != 120 || len(cfg.PowerInfo) != 1 || cfg.PowerInfo[0].StartAction != "powerOn" {
		t.Fatalf("config %+v %+v", cfg.Defaults, cfg.PowerInfo)
	}
	info.StartAction = "none"
	if err := reconf(types.HostAutoStartManagerConfig{PowerInfo: []types.AutoStartPowerInfo{info}}); err != nil {
		t.Fatal(err)
	}
	cfg = read()
	if !*cfg.Defaults.Enabled || len(cfg.PowerInfo) != 1 || cfg.PowerInfo[0].StartAction != "none" {
		t.Fatalf("config %+v %+v", cfg.Defaults, cfg.PowerInfo)
	}
	info.Key = types.ManagedObjectReference{Type: "VirtualMachine", Value: "vm-nope"}
	wantFault(t, reconf(types.HostAutoStartManagerConfig{PowerInfo: []types.AutoStartPowerInfo{info}}), &types.InvalidArgument{})
}

func TestCountCalls(t *testing.T) {
	e := setup(t, "-count-calls")
	before := e.post("/_calls", nil)
	calls := before["calls"].(map[string]interface{})
	if calls["Login"] != float64(1) || calls["RetrieveServiceContent"] == nil {
		t.Fatalf("calls %v", before)
	}
	e.post("/_calls/reset", nil)
	vm := e.vm("ha-host_VM0")
	e.post("/_calls/reset", nil)
	_ = e.vmProps(vm, "name")
	_ = e.vmProps(vm, "name")
	after := e.post("/_calls", nil)
	if after["total"] != float64(2) || after["calls"].(map[string]interface{})["RetrieveProperties"] != float64(2) {
		t.Fatalf("calls %v", after)
	}
}

func TestManagementIP(t *testing.T) {
	e := setup(t, "-management-ip", "192.0.2.7")
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var h mo.HostSystem
	if err := host.Properties(e.ctx, host.Reference(), []string{"summary"}, &h); err != nil {
		t.Fatal(err)
	}
	if h.Summary.ManagementServerIp != "192.0.2.7" {
		t.Fatalf("managementServerIp %q", h.Summary.ManagementServerIp)
	}
}

func TestModelFlags(t *testing.T) {
	e := setup(t, "-model", "vpx", "-datacenter", "2", "-cluster", "1", "-cluster-host", "2", "-host", "1", "-vms", "3", "-folder", "1")
	dcs, err := e.find.DatacenterList(e.ctx, "*")
	if err != nil {
		t.Fatal(err)
	}
	all := 0
	for _, dc := range dcs {
		e.find.SetDatacenter(dc)
		vms, err := e.find.VirtualMachineList(e.ctx, "*")
		if err != nil {
			t.Fatal(err)
		}
		all += len(vms)
	}
	// per datacenter: 1 standalone host + a cluster of 2 hosts, 3 VMs each... as vcsim lays them out
	if len(dcs) != 2 || all == 0 {
		t.Fatalf("%d datacenters, %d VMs", len(dcs), all)
	}
}

func TestTaskErrorMessages(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	task, _ := vm.PowerOn(e.ctx) // already on: vcsim's own task fails
	_, err := task.WaitForResult(e.ctx, nil)
	if err == nil || err.Error() != "The attempted operation cannot be performed in the current state (Powered on)." {
		t.Fatalf("task error %q", err)
	}
}

func (e *env) get(path string, q url.Values) string {
	e.t.Helper()
	u := url.URL{Scheme: e.inst.URL.Scheme, Host: e.inst.URL.Host, Path: path, RawQuery: q.Encode()}
	// with the session's cookie, which /folder requires
	res, err := e.c.Client.Client.Client.Get(u.String())
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := ioutil.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %s", path, res.Status)
	}
	return string(body)
}

func TestWriteVMX(t *testing.T) {
	for _, model := range []string{"esx", "vpx"} {
		t.Run(model, func(t *testing.T) {
			e := setup(t, "-model", model, "-write-vmx")
			name, dc := "ha-host_VM0", "ha-datacenter"
			if model == "vpx" {
				name, dc = "DC0_C0_RP0_VM0", "DC0"
			}
			vm := e.vm(name)
			m := e.vmProps(vm, "config")
			vmx := e.get("/folder/"+name+"/"+name+".vmx", url.Values{"dcPath": {dc}, "dsName": {"LocalDS_0"}})
			for _, want := range []string{
				`config.version = "8"`, `displayName = "` + name + `"`, `memsize = "32"`, `numvcpus = "1"`,
				`scsi0.virtualDev = "pvscsi"`, `scsi0:0.deviceType = "scsi-hardDisk"`, `scsi0:0.fileName = "disk1.vmdk"`,
				`scsi0:1.deviceType = "atapi-cdrom"`, `ethernet0.virtualDev = "e1000"`, `ethernet0.networkName = "`,
				`uuid.bios = "` + vmxUUID(m.Config.Uuid) + `"`,
			} {
				if !strings.Contains(vmx, want) {
					t.Errorf("VMX lacks %s:\n%s", want, vmx)
				}
			}
			// The VM's own device list is untouched (vmxFor sorts a copy).
			keys := func(m mo.VirtualMachine) (k []int32) {
				for _, d := range m.Config.Hardware.Device {
					k = append(k, d.GetVirtualDevice().Key)
				}
				return k
			}
			if a, b := keys(e.vmProps(vm, "config")), keys(m); fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("device list changed: %v, was %v", a, b)
			}
		})
	}
	if got := vmxUUID("564d9e8e-0d3e-4f8a-a16c-3b5f2f2e0e3c"); got != "56 4d 9e 8e 0d 3e 4f 8a-a1 6c 3b 5f 2f 2e 0e 3c" {
		t.Fatal(got)
	}
	if got := vmxGuestOS("otherGuest64"); got != "other-64" {
		t.Fatal(got)
	}
}

func TestRegisterVM(t *testing.T) {
	e := setup(t)
	ds, err := e.find.DefaultDatastore(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var dsm mo.Datastore
	if err := ds.Properties(e.ctx, ds.Reference(), []string{"host"}, &dsm); err != nil {
		t.Fatal(err)
	}
	if len(dsm.Host) == 0 || !strings.HasPrefix(dsm.Host[0].MountInfo.Path, "/vmfs/volumes/") {
		t.Fatalf("datastore host mounts %+v", dsm.Host)
	}

	vmx := ".encoding = \"UTF-8\"\nconfig.version = \"8\"\nvirtualHW.version = \"11\"\n" +
		"displayName = \"fresh vm\"\nguestOS = \"ubuntu-64\"\nmemsize = \"256\"\nnumvcpus = \"2\"\n" +
		"uuid.bios = \"56 4d 9e 8e 0d 3e 4f 8a-a1 6c 3b 5f 2f 2e 0e 3c\"\nannotation = \"line1|0Aline2\"\n"
	if err := ds.Upload(e.ctx, strings.NewReader(vmx), "fresh/fresh.vmx", &soap.DefaultUpload); err != nil {
		t.Fatal(err)
	}
	dc, err := e.find.DefaultDatacenter(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	dcf, err := dc.Folders(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := e.find.DefaultResourcePool(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	task, err := dcf.VmFolder.RegisterVM(e.ctx, "[LocalDS_0] fresh/fresh.vmx", "", false, pool, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := task.WaitForResult(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	vm := object.NewVirtualMachine(e.c.Client, info.Result.(types.ManagedObjectReference))
	m := e.vmProps(vm, "name", "config", "summary")
	c := m.Config
	if m.Name != "fresh vm" || c.Hardware.MemoryMB != 256 || c.Hardware.NumCPU != 2 || c.GuestId != "ubuntu64Guest" ||
		c.Uuid != "564d9e8e-0d3e-4f8a-a16c-3b5f2f2e0e3c" || c.Annotation != "line1\nline2" || c.Version != "vmx-11" ||
		m.Summary.Config.MemorySizeMB != 256 || m.Summary.Config.NumCpu != 2 {
		t.Fatalf("registered VM: name %q, config %+v", m.Name, c)
	}
	// Found by its uuid.bios, as libvirt looks it up.
	si := object.NewSearchIndex(e.c.Client)
	ref, err := si.FindByUuid(e.ctx, nil, "564d9e8e-0d3e-4f8a-a16c-3b5f2f2e0e3c", true, nil)
	if err != nil || ref == nil || ref.Reference() != vm.Reference() {
		t.Fatalf("FindByUuid: %v %v", ref, err)
	}
	// Registering the same path again fails and leaves the VM alone.
	task, _ = dcf.VmFolder.RegisterVM(e.ctx, "[LocalDS_0] fresh/fresh.vmx", "other", false, pool, nil)
	wantFault(t, task.Wait(e.ctx), &types.AlreadyExists{})
	// A missing VMX: NotFound.
	task, _ = dcf.VmFolder.RegisterVM(e.ctx, "[LocalDS_0] nope/nope.vmx", "", false, pool, nil)
	wantFault(t, task.Wait(e.ctx), &types.NotFound{})
	// An explicit name wins over displayName.
	if err := ds.Upload(e.ctx, strings.NewReader(vmx), "named/named.vmx", &soap.DefaultUpload); err != nil {
		t.Fatal(err)
	}
	task, _ = dcf.VmFolder.RegisterVM(e.ctx, "[LocalDS_0] named/named.vmx", "given", false, pool, nil)
	info, err = task.WaitForResult(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.vmProps(object.NewVirtualMachine(e.c.Client, info.Result.(types.ManagedObjectReference)), "name").Name; n != "given" {
		t.Fatalf("name %q", n)
	}
}

func TestDatastoreBrowser(t *testing.T) {
	e := setup(t)
	ds, err := e.find.DefaultDatastore(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ds.Browser(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	search := func(sub bool, p string, spec types.HostDatastoreBrowserSearchSpec) []types.HostDatastoreBrowserSearchResults {
		t.Helper()
		var task *object.Task
		var err error
		if sub {
			task, err = b.SearchDatastoreSubFolders(e.ctx, p, &spec)
		} else {
			task, err = b.SearchDatastore(e.ctx, p, &spec)
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := task.WaitForResult(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		switch r := info.Result.(type) {
		case types.HostDatastoreBrowserSearchResults:
			return []types.HostDatastoreBrowserSearchResults{r}
		case types.ArrayOfHostDatastoreBrowserSearchResults:
			return r.HostDatastoreBrowserSearchResults
		}
		t.Fatalf("result %T", info.Result)
		return nil
	}
	// libvirt's vol-list search: no matchPattern.
	spec := types.HostDatastoreBrowserSearchSpec{
		Query: []types.BaseFileQuery{
			&types.VmDiskFileQuery{Details: &types.VmDiskFileQueryFlags{CapacityKb: true, ControllerType: types.NewBool(true)}},
			&types.IsoImageFileQuery{},
		},
		Details: &types.FileQueryFlags{FileType: true, FileSize: true},
	}
	res := search(true, "[LocalDS_0]", spec)
	disks := map[string]*types.VmDiskFileInfo{}
	for _, r := range res {
		if r.FolderPath != "[LocalDS_0]" && !strings.HasPrefix(r.FolderPath, "[LocalDS_0] ") {
			t.Errorf("folderPath %q", r.FolderPath)
		}
		for _, f := range r.File {
			if d, ok := f.(*types.VmDiskFileInfo); ok {
				disks[r.FolderPath+"/"+d.Path] = d
			} else {
				t.Errorf("unexpected %T %+v in %s", f, f.GetFileInfo(), r.FolderPath)
			}
		}
	}
	d := disks["[LocalDS_0] ha-host_VM0/disk1.vmdk"]
	if len(disks) != 2 || d == nil || d.CapacityKb != 1024 || d.FileSize == 0 || d.ControllerType != "ParaVirtualSCSIController" {
		t.Fatalf("disks %v (VM0: %+v)", disks, d)
	}
	// matchPattern, one folder.
	spec = types.HostDatastoreBrowserSearchSpec{MatchPattern: []string{"*.vmx"}, Details: &types.FileQueryFlags{FileType: true}}
	res = search(false, "[LocalDS_0] ha-host_VM1", spec)
	if len(res) != 1 || len(res[0].File) != 1 || res[0].File[0].GetFileInfo().Path != "ha-host_VM1.vmx" {
		t.Fatalf("results %+v", res)
	}
	if _, ok := res[0].File[0].(*types.VmConfigFileInfo); !ok {
		t.Fatalf("file %T", res[0].File[0])
	}
	// A missing folder.
	task, _ := b.SearchDatastore(e.ctx, "[LocalDS_0] nope", &spec)
	wantFault(t, task.Wait(e.ctx), &types.FileNotFound{})

	// A disk from CreateVirtualDisk_Task gets a descriptor with its capacity.
	dc, _ := e.find.DefaultDatacenter(e.ctx)
	vdm := object.NewVirtualDiskManager(e.c.Client)
	if err := ds.NewFileManager(dc, false).FileManager.MakeDirectory(e.ctx, "[LocalDS_0] vols", dc, true); err != nil {
		t.Fatal(err)
	}
	task, err = vdm.CreateVirtualDisk(e.ctx, "[LocalDS_0] vols/v1.vmdk", dc, &types.FileBackedVirtualDiskSpec{
		VirtualDiskSpec: types.VirtualDiskSpec{AdapterType: "lsiLogic", DiskType: "thin"}, CapacityKb: 4096,
	})
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("CreateVirtualDisk", err)
	}
	spec = types.HostDatastoreBrowserSearchSpec{
		Query:   []types.BaseFileQuery{&types.VmDiskFileQuery{Details: &types.VmDiskFileQueryFlags{CapacityKb: true}}},
		Details: &types.FileQueryFlags{FileType: true, FileSize: true},
	}
	res = search(false, "[LocalDS_0] vols", spec)
	if len(res[0].File) != 1 {
		t.Fatalf("vols: %+v", res)
	}
	if v := res[0].File[0].(*types.VmDiskFileInfo); v.CapacityKb != 4096 || v.FileSize == 0 {
		t.Fatalf("v1.vmdk %+v", v)
	}
	desc := e.get("/folder/vols/v1.vmdk", url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}})
	if !strings.Contains(desc, `RW 8192 VMFS "v1-flat.vmdk"`) || !strings.Contains(desc, `ddb.thinProvisioned = "1"`) {
		t.Fatalf("descriptor:\n%s", desc)
	}
}

func TestVMXFollowsReconfigure(t *testing.T) {
	e := setup(t, "-write-vmx")
	vm := e.vm("ha-host_VM0")
	q := url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}}
	vmxURL := "/folder/ha-host_VM0/ha-host_VM0.vmx"
	limit := int64(64)
	task, err := vm.Reconfigure(e.ctx, types.VirtualMachineConfigSpec{
		MemoryMB: 256, NumCPUs: 2, Annotation: "a \"note\"\nline 2",
		MemoryAllocation: &types.ResourceAllocationInfo{Limit: &limit},
	})
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("reconfigure", err)
	}
	vmx := e.get(vmxURL, q)
	for _, want := range []string{`memsize = "256"`, `numvcpus = "2"`, `annotation = "a |22note|22|0Aline 2"`, `sched.mem.max = "64"`, `scsi0:0.fileName = "disk1.vmdk"`} {
		if !strings.Contains(vmx, want) {
			t.Errorf("VMX lacks %s:\n%s", want, vmx)
		}
	}
	if kv := parseVMX(vmx); kv["annotation"] != "a \"note\"\nline 2" {
		t.Errorf("annotation round trip: %q", kv["annotation"])
	}
	task, err = vm.Rename(e.ctx, "renamed")
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("rename", err)
	}
	if vmx := e.get(vmxURL, q); !strings.Contains(vmx, `displayName = "renamed"`) {
		t.Errorf("after rename:\n%s", vmx)
	}
	// Unlimited again: the key goes.
	limit = -1
	task, _ = vm.Reconfigure(e.ctx, types.VirtualMachineConfigSpec{MemoryAllocation: &types.ResourceAllocationInfo{Limit: &limit}})
	_ = task.Wait(e.ctx)
	if vmx := e.get(vmxURL, q); strings.Contains(vmx, "sched.mem.max") {
		t.Errorf("sched.mem.max kept:\n%s", vmx)
	}
}

func TestEmptyVMXStaysEmpty(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	task, err := vm.Reconfigure(e.ctx, types.VirtualMachineConfigSpec{MemoryMB: 256})
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("reconfigure", err)
	}
	if vmx := e.get("/folder/ha-host_VM0/ha-host_VM0.vmx", url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}}); vmx != "" {
		t.Fatalf("VMX written without -write-vmx:\n%s", vmx)
	}
}

func TestSmallMethods(t *testing.T) {
	e := setup(t)
	dc, _ := e.find.DefaultDatacenter(e.ctx)
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// RescanHba
	ss, err := host.ConfigManager().StorageSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var hss mo.HostStorageSystem
	if err := ss.Properties(e.ctx, ss.Reference(), []string{"storageDeviceInfo"}, &hss); err != nil {
		t.Fatal(err)
	}
	if hss.StorageDeviceInfo == nil || len(hss.StorageDeviceInfo.HostBusAdapter) == 0 {
		t.Fatalf("no HBAs: %+v", hss.StorageDeviceInfo)
	}
	hba := hss.StorageDeviceInfo.HostBusAdapter[0].GetHostHostBusAdapter().Device
	if _, err := methods.RescanHba(e.ctx, e.c.Client, &types.RescanHba{This: ss.Reference(), HbaDevice: hba}); err != nil {
		t.Fatal(err)
	}
	_, err = methods.RescanHba(e.ctx, e.c.Client, &types.RescanHba{This: ss.Reference(), HbaDevice: "vmhba99"})
	wantFault(t, err, &types.NotFound{})

	// RefreshDatastore answers (vcsim's sent an empty reply)
	ds, err := e.find.DefaultDatastore(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := methods.RefreshDatastore(e.ctx, e.c.Client, &types.RefreshDatastore{This: ds.Reference()}); err != nil {
		t.Fatal(err)
	}

	// ZeroFillVirtualDisk_Task
	vdm := object.NewVirtualDiskManager(e.c.Client)
	dcRef := dc.Reference()
	zero := func(name string) error {
		res, err := methods.ZeroFillVirtualDisk_Task(e.ctx, e.c.Client, &types.ZeroFillVirtualDisk_Task{This: vdm.Reference(), Name: name, Datacenter: &dcRef})
		if err != nil {
			return err
		}
		return object.NewTask(e.c.Client, res.Returnval).Wait(e.ctx)
	}
	if err := zero("[LocalDS_0] ha-host_VM0/disk1.vmdk"); err != nil {
		t.Fatal(err)
	}
	wantFault(t, zero("[LocalDS_0] ha-host_VM0/nope.vmdk"), &types.FileNotFound{})

	// CopyVirtualDisk_Task: the copy's descriptor names its own extent.
	task, err := vdm.CopyVirtualDisk(e.ctx, "[LocalDS_0] ha-host_VM0/disk1.vmdk", dc, "[LocalDS_0] ha-host_VM0/copy.vmdk", dc, nil, false)
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("copy", err)
	}
	desc := e.get("/folder/ha-host_VM0/copy.vmdk", url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}})
	if !strings.Contains(desc, `VMFS "copy-flat.vmdk"`) {
		t.Fatalf("copied descriptor:\n%s", desc)
	}

	// CancelTask: a finished task is InvalidState.
	vm := e.vm("ha-host_VM0")
	task, _ = vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	wantFault(t, task.Cancel(e.ctx), &types.InvalidState{})
	// A running, non-cancelable one (a power-on blocked on a question): NotSupported.
	e.post("/_question", url.Values{"vm": {"ha-host_VM0"}})
	task, _ = vm.PowerOn(e.ctx)
	time.Sleep(50 * time.Millisecond)
	wantFault(t, task.Cancel(e.ctx), &types.NotSupported{})
	q := e.vmProps(vm, "runtime").Runtime.Question
	if q == nil {
		t.Fatal("no question")
	}
	_ = vm.Answer(e.ctx, q.Id, "2")
	if err := task.Wait(e.ctx); err != nil {
		t.Fatal(err)
	}
}

func TestEmptyReplyFallback(t *testing.T) {
	f := newFront(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }), newExtensions(), &options{})
	body := `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
		`<RefreshFoo xmlns="urn:vim25"><_this type="Foo">foo-1</_this></RefreshFoo></soapenv:Body></soapenv:Envelope>`
	req := httptest.NewRequest(http.MethodPost, "/sdk", strings.NewReader(body))
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<RefreshFooResponse xmlns="urn:vim25"></RefreshFooResponse>`) {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
}

func TestSharedDatastoreMounts(t *testing.T) {
	e := setup(t, "-model", "vpx")
	ds, err := e.find.Datastore(e.ctx, "LocalDS_0")
	if err != nil {
		t.Fatal(err)
	}
	var dsm mo.Datastore
	if err := ds.Properties(e.ctx, ds.Reference(), []string{"host"}, &dsm); err != nil {
		t.Fatal(err)
	}
	hosts, err := e.find.HostSystemList(e.ctx, "*/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 4 || len(dsm.Host) != 4 {
		t.Fatalf("%d hosts, %d mounts: %+v", len(hosts), len(dsm.Host), dsm.Host)
	}
	for _, m := range dsm.Host {
		if m.MountInfo.Path != dsm.Host[0].MountInfo.Path || !strings.HasPrefix(m.MountInfo.Path, "/vmfs/volumes/") {
			t.Fatalf("mount %+v", m)
		}
	}
}

func TestWriteVMXForNewVMs(t *testing.T) {
	e := setup(t, "-write-vmx")
	dc, _ := e.find.DefaultDatacenter(e.ctx)
	dcf, _ := dc.Folders(e.ctx)
	pool, _ := e.find.DefaultResourcePool(e.ctx)
	task, err := dcf.VmFolder.CreateVM(e.ctx, types.VirtualMachineConfigSpec{
		Name: "made", GuestId: "otherGuest64", MemoryMB: 64, NumCPUs: 1,
		Files: &types.VirtualMachineFileInfo{VmPathName: "[LocalDS_0]"},
	}, pool, nil)
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("CreateVM", err)
	}
	vmx := e.get("/folder/made/made.vmx", url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}})
	if !strings.Contains(vmx, `displayName = "made"`) || !strings.Contains(vmx, `guestOS = "other-64"`) || !strings.Contains(vmx, `memsize = "64"`) {
		t.Fatalf("VMX of a created VM:\n%s", vmx)
	}
	vm := e.vm("made")
	task, err = vm.Clone(e.ctx, dcf.VmFolder, "cloned", types.VirtualMachineCloneSpec{})
	if err != nil || task.Wait(e.ctx) != nil {
		t.Fatal("Clone", err)
	}
	vmx = e.get("/folder/cloned/cloned.vmx", url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}})
	if !strings.Contains(vmx, `displayName = "cloned"`) {
		t.Fatalf("VMX of a clone:\n%s", vmx)
	}
}

func TestCreateScreenshot(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	shot := func() (string, error) {
		res, err := methods.CreateScreenshot_Task(e.ctx, e.c.Client, &types.CreateScreenshot_Task{This: vm.Reference()})
		if err != nil {
			return "", err
		}
		info, err := object.NewTask(e.c.Client, res.Returnval).WaitForResult(e.ctx, nil)
		if err != nil {
			return "", err
		}
		return info.Result.(string), nil
	}
	p1, err := shot()
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := shot()
	if p1 != "[LocalDS_0] ha-host_VM0/ha-host_VM0-1.png" || p2 != "[LocalDS_0] ha-host_VM0/ha-host_VM0-2.png" {
		t.Fatalf("paths %q %q", p1, p2)
	}
	png := e.get("/folder/ha-host_VM0/ha-host_VM0-1.png", url.Values{"dcPath": {"ha-datacenter"}, "dsName": {"LocalDS_0"}})
	if !strings.HasPrefix(png, "\x89PNG") {
		t.Fatalf("not a PNG: %q", png[:8])
	}
	task, _ := vm.PowerOff(e.ctx)
	_ = task.Wait(e.ctx)
	_, err = shot()
	wantFault(t, err, &types.InvalidPowerState{})
}

func TestNetworkSystemUpdatesHost(t *testing.T) {
	e := setup(t)
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	ns, err := host.ConfigManager().NetworkSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	netInfo := func() *types.HostNetworkInfo {
		var h mo.HostSystem
		if err := host.Properties(e.ctx, host.Reference(), []string{"config.network"}, &h); err != nil {
			t.Fatal(err)
		}
		return h.Config.Network
	}
	if err := ns.AddVirtualSwitch(e.ctx, "vSwitchT", &types.HostVirtualSwitchSpec{NumPorts: 64, Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic0"}}}); err != nil {
		t.Fatal(err)
	}
	if err := ns.AddPortGroup(e.ctx, types.HostPortGroupSpec{Name: "PG1", VswitchName: "vSwitchT", VlanId: 7}); err != nil {
		t.Fatal(err)
	}
	n := netInfo()
	var vs *types.HostVirtualSwitch
	for i := range n.Vswitch {
		if n.Vswitch[i].Name == "vSwitchT" {
			vs = &n.Vswitch[i]
		}
	}
	if vs == nil || vs.Key != "key-vim.host.VirtualSwitch-vSwitchT" || vs.NumPorts != 64 || len(vs.Pnic) != 1 ||
		len(vs.Portgroup) != 1 || vs.Portgroup[0] != "key-vim.host.PortGroup-PG1" {
		t.Fatalf("vswitch %+v", vs)
	}
	found := false
	for _, pg := range n.Portgroup {
		if pg.Key == "key-vim.host.PortGroup-PG1" && pg.Vswitch == vs.Key && pg.Spec.VlanId == 7 {
			found = true
		}
	}
	if !found {
		t.Fatalf("portgroups %+v", n.Portgroup)
	}
	wantFault(t, ns.RemoveVirtualSwitch(e.ctx, "vSwitchT"), &types.ResourceInUse{})
	if err := ns.RemovePortGroup(e.ctx, "PG1"); err != nil {
		t.Fatal(err)
	}
	if err := ns.RemoveVirtualSwitch(e.ctx, "vSwitchT"); err != nil {
		t.Fatal(err)
	}
	n = netInfo()
	for _, v := range n.Vswitch {
		if v.Name == "vSwitchT" {
			t.Fatal("vswitch still there")
		}
	}
	for _, pg := range n.Portgroup {
		if pg.Spec.Name == "PG1" {
			t.Fatal("portgroup still there")
		}
	}
	if len(n.Vswitch) != 1 || len(n.Portgroup) != 2 {
		t.Fatalf("left: %d vswitches, %d portgroups", len(n.Vswitch), len(n.Portgroup))
	}
}

func TestNetworkSystemNicsAndPnicEndpoint(t *testing.T) {
	e := setup(t)
	host, err := e.find.DefaultHostSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	ns, err := host.ConfigManager().NetworkSystem(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	netInfo := func() *types.HostNetworkInfo {
		var h mo.HostSystem
		if err := host.Properties(e.ctx, host.Reference(), []string{"config.network"}, &h); err != nil {
			t.Fatal(err)
		}
		return h.Config.Network
	}
	// a NIC by key (libvirt's way) and one by device; shaping kept in the spec
	shaping := &types.HostNetworkTrafficShapingPolicy{Enabled: types.NewBool(true), AverageBandwidth: 8000}
	spec := &types.HostVirtualSwitchSpec{NumPorts: 128,
		Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"key-vim.host.PhysicalNic-vmnic1", "vmnic0"}},
		Policy: &types.HostNetworkPolicy{ShapingPolicy: shaping}}
	if err := ns.AddVirtualSwitch(e.ctx, "vSwitchN", spec); err != nil {
		t.Fatal(err)
	}
	var vs *types.HostVirtualSwitch
	for _, v := range netInfo().Vswitch {
		if v.Name == "vSwitchN" {
			v := v
			vs = &v
		}
	}
	b, _ := vs.Spec.Bridge.(*types.HostVirtualSwitchBondBridge)
	if vs == nil || len(vs.Pnic) != 2 || vs.Pnic[0] != "key-vim.host.PhysicalNic-vmnic1" ||
		b == nil || b.NicDevice[0] != "vmnic1" || vs.Spec.Policy.ShapingPolicy.AverageBandwidth != 8000 {
		t.Fatalf("vswitch %+v", vs)
	}
	bad := &types.HostVirtualSwitchSpec{NumPorts: 128, Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic9"}}}
	wantFault(t, ns.AddVirtualSwitch(e.ctx, "vSwitchX", bad), &types.NotFound{})
	if err := ns.RemoveVirtualSwitch(e.ctx, "vSwitchN"); err != nil {
		t.Fatal(err)
	}
	e.post("/_pnic", url.Values{"device": {"vmnic1"}, "ip": {"10.1.2.3"}, "mask": {"255.255.255.0"},
		"autoconf": {"true"}, "ip6": {"2001:db8::3/64,fe80::1/64/linklayer"}})
	for _, nic := range netInfo().Pnic {
		ip := nic.Spec.Ip
		switch nic.Device {
		case "vmnic1":
			if ip == nil || ip.IpAddress != "10.1.2.3" || ip.SubnetMask != "255.255.255.0" || ip.IpV6Config == nil ||
				len(ip.IpV6Config.IpV6Address) != 2 || ip.IpV6Config.IpV6Address[1].Origin != "linklayer" {
				t.Fatalf("vmnic1 ip %+v", ip)
			}
		case "vmnic0":
			if ip != nil && ip.IpAddress != "" {
				t.Fatalf("vmnic0 changed: %+v", ip)
			}
		}
	}
}

func TestSessionIdle(t *testing.T) {
	// Last in this file: it sets simulator.SessionIdleTimeout, a global that
	// vcsim's idle watcher goroutines keep reading (a race for a later test).
	e := setup(t, "-session-idle", "300ms")
	vm := e.vm("ha-host_VM0")
	_ = e.vmProps(vm, "name")
	time.Sleep(1200 * time.Millisecond)
	var m mo.VirtualMachine
	err := vm.Properties(e.ctx, vm.Reference(), []string{"name"}, &m)
	if err == nil {
		// RetrieveProperties works without a session in vcsim; use a method that needs one.
		_, err = vm.PowerOff(e.ctx)
	}
	wantFault(t, err, &types.NotAuthenticated{})
	if err := e.c.Login(e.ctx, url.UserPassword("user", "pass")); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.PowerOff(e.ctx); err != nil {
		t.Fatal(err)
	}
}
