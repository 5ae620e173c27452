// A Go program on Debian's libvirt-go (cgo), built against this tree's header and pkg-config
// file, that opens a connection on our library, lists the domains, reads every domain's
// statistics (libvirt-go checks each field's type) and receives the lifecycle events of a
// suspend and a resume through libvirt's default event loop.
//
// Build and run: see tools/test-all.sh (GOPATH includes /usr/share/gocode, build tags
// without_lxc,without_qemu, PKG_CONFIG_PATH=pkgconfig, LD_LIBRARY_PATH=target/release).
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	libvirt "github.com/libvirt/libvirt-go"
)

func main() {
	uri := os.Args[1]
	auth := &libvirt.ConnectAuth{
		CredType: []libvirt.ConnectCredentialType{libvirt.CRED_AUTHNAME, libvirt.CRED_PASSPHRASE},
		Callback: func(creds []*libvirt.ConnectCredential) {
			for _, c := range creds {
				if c.Type == libvirt.CRED_AUTHNAME {
					c.Result = "root"
				} else {
					c.Result = "secret"
				}
				c.ResultLen = len(c.Result)
			}
		},
	}
	if err := libvirt.EventRegisterDefaultImpl(); err != nil {
		fmt.Println("go-libvirt: 0 passed, 1 failed:", err)
		os.Exit(1)
	}
	go func() {
		for {
			libvirt.EventRunDefaultImpl()
		}
	}()
	conn, err := libvirt.NewConnectWithAuth(uri, auth, 0)
	if err != nil {
		fmt.Println("go-libvirt: 0 passed, 1 failed:", err)
		os.Exit(1)
	}
	defer conn.Close()
	passed, failed := 0, 0
	check := func(ok bool, what string) {
		if ok {
			passed++
		} else {
			failed++
			fmt.Println("FAIL", what)
		}
	}
	maps, _ := os.ReadFile("/proc/self/maps")
	check(strings.Contains(string(maps), os.Getenv("OUR_LIBDIR")+"/libvirt.so"), "our libvirt.so is the one loaded")
	typ, err := conn.GetType()
	check(err == nil && typ == "ESX", "type "+typ)
	ver, err := conn.GetLibVersion()
	check(err == nil && ver == 9000000, fmt.Sprint("lib version ", ver))
	host, err := conn.GetHostname()
	check(err == nil && host == "localhost.localdomain", "hostname "+host)
	doms, err := conn.ListAllDomains(0)
	check(err == nil && len(doms) == 2, fmt.Sprint("domains ", len(doms), err))
	for _, d := range doms {
		name, err := d.GetName()
		check(err == nil && name != "", "name")
		state, _, err := d.GetState()
		check(err == nil && (state == libvirt.DOMAIN_RUNNING || state == libvirt.DOMAIN_SHUTOFF), "state")
		d.Free()
	}
	stats, err := conn.GetAllDomainStats(nil, 0, 0)
	check(err == nil && len(stats) == 2, fmt.Sprint("all domain stats ", len(stats), err))
	for _, st := range stats {
		check(st.State != nil && st.State.StateSet && st.Balloon != nil && st.Balloon.MaximumSet &&
			len(st.Vcpu) > 0 && len(st.Block) == 1 && st.Block[0].Name == "sda" && st.Block[0].CapacitySet,
			fmt.Sprintf("stats groups %+v", st.State))
		st.Domain.Free()
	}
	events := make(chan libvirt.DomainEventType, 4)
	id, err := conn.DomainEventLifecycleRegister(nil, func(c *libvirt.Connect, d *libvirt.Domain, e *libvirt.DomainEventLifecycle) {
		events <- e.Event
	})
	check(err == nil, fmt.Sprint("register ", err))
	next := func() libvirt.DomainEventType {
		select {
		case e := <-events:
			return e
		case <-time.After(2 * time.Second):
			return -1
		}
	}
	if d, err := conn.LookupDomainByName("ha-host_VM1"); err == nil {
		check(d.Suspend() == nil, "suspend")
		check(next() == libvirt.DOMAIN_EVENT_SUSPENDED, "suspended event")
		check(d.Resume() == nil, "resume")
		check(next() == libvirt.DOMAIN_EVENT_RESUMED, "resumed event")
		d.Free()
	}
	check(conn.DomainEventDeregister(id) == nil, "deregister")
	_, err = conn.LookupDomainByName("no-such-domain")
	lerr, ok := err.(libvirt.Error)
	check(ok && lerr.Code == libvirt.ERR_NO_DOMAIN, fmt.Sprint("lookup error ", err))
	fmt.Printf("go-libvirt: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
