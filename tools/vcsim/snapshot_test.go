package main

// Checks of snapshot.go: snapshot power states, reverts, /screen and /_host.

import (
	"bytes"
	"io/ioutil"
	"net/http"
	"net/url"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func (e *env) powerState(vm *object.VirtualMachine) types.VirtualMachinePowerState {
	e.t.Helper()
	return e.vmProps(vm, "runtime.powerState").Runtime.PowerState
}

func (e *env) wait(task *object.Task, err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := task.Wait(e.ctx); err != nil {
		e.t.Fatal(err)
	}
}

func TestSnapshotPowerStates(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")
	e.wait(vm.CreateSnapshot(e.ctx, "disk", "", false, false))
	e.wait(vm.CreateSnapshot(e.ctx, "mem", "", true, false))
	e.wait(vm.Suspend(e.ctx))
	e.wait(vm.CreateSnapshot(e.ctx, "susp", "", true, false))
	tree := e.vmProps(vm, "snapshot").Snapshot.RootSnapshotList
	states := map[string]types.VirtualMachinePowerState{}
	var walk func([]types.VirtualMachineSnapshotTree)
	walk = func(l []types.VirtualMachineSnapshotTree) {
		for _, s := range l {
			states[s.Name] = s.State
			walk(s.ChildSnapshotList)
		}
	}
	walk(tree)
	if states["disk"] != "poweredOff" || states["mem"] != "poweredOn" || states["susp"] != "suspended" {
		t.Fatalf("snapshot states %v", states)
	}
	for _, c := range []struct {
		name     string
		suppress *bool
		want     types.VirtualMachinePowerState
	}{
		{"disk", nil, "poweredOff"},
		{"mem", nil, "poweredOn"},
		{"susp", nil, "suspended"},
		{"mem", types.NewBool(true), "suspended"},
		{"disk", types.NewBool(false), "poweredOff"},
		{"mem", types.NewBool(false), "poweredOn"},
	} {
		e.wait(vm.RevertToSnapshot(e.ctx, c.name, c.suppress != nil && *c.suppress))
		if got := e.powerState(vm); got != c.want {
			t.Fatalf("revert to %s (suppress %v): %s, want %s", c.name, c.suppress, got, c.want)
		}
		cur := e.vmProps(vm, "snapshot").Snapshot.CurrentSnapshot
		snap, err := vm.FindSnapshot(e.ctx, c.name)
		if err != nil || cur == nil || *cur != *snap {
			t.Fatalf("current after revert to %s: %v %v", c.name, cur, err)
		}
	}
	// vcsim's own removal still works on snapshots reverted through the shadow
	e.wait(vm.RemoveSnapshot(e.ctx, "disk", true, nil))
	if tree := e.vmProps(vm, "snapshot").Snapshot; tree != nil && len(tree.RootSnapshotList) != 0 {
		t.Fatalf("left after removal: %v", tree.RootSnapshotList)
	}
}

func TestScreen(t *testing.T) {
	e := setup(t, "-tls", "-user", "u", "-pass", "p")
	vm := e.vm("ha-host_VM0")
	hc := &http.Client{Transport: e.c.Client.Client.DefaultTransport()}
	get := func(id string, auth func(*http.Request)) (int, []byte) {
		u := url.URL{Scheme: "https", Host: e.inst.URL.Host, Path: "/screen", RawQuery: url.Values{"id": {id}}.Encode()}
		req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
		if auth != nil {
			auth(req)
		}
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := ioutil.ReadAll(res.Body)
		return res.StatusCode, body
	}
	basic := func(user, pass string) func(*http.Request) {
		return func(r *http.Request) { r.SetBasicAuth(user, pass) }
	}
	id := vm.Reference().Value
	if code, _ := get(id, nil); code != http.StatusUnauthorized {
		t.Fatalf("no credentials: %d", code)
	}
	if code, _ := get(id, basic("u", "wrong")); code != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", code)
	}
	code, img := get(id, basic("u", "p"))
	if code != http.StatusOK || !bytes.HasPrefix(img, []byte("\x89PNG")) || len(img) < 500000 {
		t.Fatalf("basic: %d, %d bytes", code, len(img))
	}
	// the client's session cookie works too, and gives the same image
	cookie := ""
	for _, c := range e.c.Client.Client.Jar.Cookies(e.inst.URL) {
		if c.Name == soap.SessionCookieName {
			cookie = c.Value
		}
	}
	withCookie := func(v string) func(*http.Request) {
		return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: soap.SessionCookieName, Value: v}) }
	}
	if code, again := get(id, withCookie(cookie)); code != http.StatusOK || !bytes.Equal(img, again) {
		t.Fatalf("cookie %q: %d, same image %v", cookie, code, bytes.Equal(img, again))
	}
	if code, _ := get(id, withCookie("bogus")); code != http.StatusUnauthorized {
		t.Fatalf("bogus cookie: %d", code)
	}
	if code, other := get(e.vm("ha-host_VM1").Reference().Value, basic("u", "p")); code != http.StatusOK || bytes.Equal(img, other) {
		t.Fatalf("another VM: %d, same image %v", code, bytes.Equal(img, other))
	}
	if code, _ := get("nope", basic("u", "p")); code != http.StatusNotFound {
		t.Fatalf("no such VM: %d", code)
	}
	e.wait(vm.PowerOff(e.ctx))
	if code, _ := get(id, basic("u", "p")); code != http.StatusConflict {
		t.Fatalf("powered off: %d", code)
	}
}

func TestHostScreenshotCapability(t *testing.T) {
	e := setup(t)
	host := e.vmProps(e.vm("ha-host_VM0"), "runtime.host").Runtime.Host
	supported := func() *types.HostCapability {
		var hs mo.HostSystem
		if err := object.NewHostSystem(e.c.Client, *host).Properties(e.ctx, *host, []string{"capability"}, &hs); err != nil {
			t.Fatal(err)
		}
		return hs.Capability
	}
	if c := supported(); c == nil || !c.ScreenshotSupported {
		t.Fatalf("default: %+v", c)
	}
	e.post("/_host", url.Values{"screenshot": {"false"}})
	if c := supported(); c == nil || c.ScreenshotSupported || !c.VmotionSupported {
		t.Fatalf("false: %+v", c)
	}
	e.post("/_host", url.Values{"screenshot": {"none"}})
	if c := supported(); c != nil {
		t.Fatalf("none: %+v", c)
	}
	e.post("/_host", url.Values{"screenshot": {"true"}})
	if c := supported(); c == nil || !c.ScreenshotSupported || c.MaxSupportedVcpus != 128 {
		t.Fatalf("true again: %+v", c)
	}
}
