// A Go program on Debian's libvirt-go (cgo), built against this tree's header and pkg-config
// file, that opens a connection on our library and lists the domains.
//
// Build and run: see tools/test-all.sh (GOPATH includes /usr/share/gocode, build tags
// without_lxc,without_qemu, PKG_CONFIG_PATH=pkgconfig, LD_LIBRARY_PATH=target/release).
package main

import (
	"fmt"
	"os"
	"strings"

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
	_, err = conn.LookupDomainByName("no-such-domain")
	lerr, ok := err.(libvirt.Error)
	check(ok && lerr.Code == libvirt.ERR_NO_DOMAIN, fmt.Sprint("lookup error ", err))
	fmt.Printf("go-libvirt: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
