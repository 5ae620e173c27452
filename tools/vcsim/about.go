package main

// -about: the product the simulator says it is (ServiceContent.about). vcsim
// 0.24 is an ESXi 6.5 or a vCenter 6.5; clients pick defaults by product and
// version (the virtual hardware version of a new VM, the product checks of
// libvirt's gsx:// and esx://), so the launcher can pose as others.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// products: what each -about value changes in the model's AboutInfo.
var products = map[string]func(a *types.AboutInfo){
	"esx-7.0": func(a *types.AboutInfo) {
		esxAbout(a, "7.0.3", "19193900", "7.0.3.0")
	},
	"esx-8.0": func(a *types.AboutInfo) {
		esxAbout(a, "8.0.2", "22380479", "8.0.2.0")
	},
	// VMware Server 2.0.2, as its hostd answers
	"gsx-2.0": func(a *types.AboutInfo) {
		a.Name = "VMware Server"
		a.FullName = "VMware Server 2.0.2 build-203138"
		a.Version = "2.0.2"
		a.Build = "203138"
		a.OsType = "linux-x86"
		a.ProductLineId = "gsx"
		a.ApiType = "HostAgent"
		a.ApiVersion = "2.5u2"
		a.LicenseProductName = "VMware Server"
		a.LicenseProductVersion = "2.0"
	},
}

func esxAbout(a *types.AboutInfo, version, build, api string) {
	a.FullName = fmt.Sprintf("VMware ESXi %s build-%s", version, build)
	a.Version = version
	a.Build = build
	a.ApiVersion = api
	a.LicenseProductVersion = version[:3]
}

func productNames() string {
	var n []string
	for k := range products {
		n = append(n, k)
	}
	sort.Strings(n)
	return strings.Join(n, ", ")
}

// applyAbout makes the model's service content say it is product.
func applyAbout(model, product string) error {
	set, ok := products[product]
	if !ok {
		return fmt.Errorf("-about: unknown product %q (known: %s)", product, productNames())
	}
	if model != "esx" {
		return fmt.Errorf("-about %s needs -model esx", product)
	}
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	simulator.Map.WithLock(si, func() { set(&si.Content.About) })
	return nil
}
