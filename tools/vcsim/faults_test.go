package main

import (
	"net/url"
	"path/filepath"
	"testing"

	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func TestCACertificate(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	e := setup(t, "-tls", "-tls-ca", "-ca-out", ca)
	u := *e.inst.URL
	u.User = nil
	sc := soap.NewClient(&u, false)
	if err := sc.SetRootCAs(ca); err != nil {
		t.Fatal(err)
	}
	if _, err := govmomiClient(e.ctx, sc); err != nil {
		t.Fatalf("the CA written by -ca-out does not verify the server: %v", err)
	}
	if _, err := parseFlags([]string{"-tls-ca"}); err == nil {
		t.Fatal("-tls-ca without -tls accepted")
	}
}

func TestFaultFront(t *testing.T) {
	e := setup(t)
	vm := e.vm("ha-host_VM0")

	// a SOAP fault of the type asked for, for the named method only, once
	e.post("/_fault", url.Values{"kind": {"soapfault"}, "method": {"PowerOffVM_Task"}, "fault": {"NoPermission"}})
	if _, err := vm.PowerOff(e.ctx); err == nil {
		t.Fatal("the armed fault did not fire")
	} else {
		wantFault(t, err, &types.NoPermission{})
	}
	task, err := vm.PowerOff(e.ctx)
	if err != nil {
		t.Fatalf("the fault fired twice: %v", err)
	}
	_ = task.Wait(e.ctx)

	// garbage and HTML pages are no SOAP; skip lets the first matching request through
	e.post("/_fault", url.Values{"kind": {"garbage"}, "skip": {"1"}})
	if _, err := vm.PowerOn(e.ctx); err != nil {
		t.Fatalf("skip=1: the first request failed: %v", err)
	}
	if _, err := vm.PowerOn(e.ctx); err == nil {
		t.Fatal("garbage read as a reply")
	}
	e.post("/_fault", url.Values{"kind": {"http503"}})
	if _, err := vm.PowerOn(e.ctx); err == nil {
		t.Fatal("an HTML 503 read as a reply")
	}

	// an expired session is not authenticated any more
	e.post("/_fault", url.Values{"kind": {"expire"}})
	if _, err := vm.PowerState(e.ctx); err == nil {
		t.Fatal("the session outlived expire")
	}

	e.post("/_fault/clear", nil)
}
