package main

// HostNetworkSystem changes that show in the host's config.network, as on
// ESX. vcsim 0.24's AddVirtualSwitch, RemoveVirtualSwitch, AddPortGroup and
// RemovePortGroup only change the network system's own networkInfo, so a
// client that reads the host's config.network.vswitch/portgroup (libvirt's
// net-define, net-dumpxml, net-undefine) never sees them. The network system
// is not type-asserted by vcsim: it is replaced in the registry by
// hostNetworkSystem (a copy of the struct), whose methods call vcsim's and
// then update the host.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type hostNetworkSystem struct {
	simulator.HostNetworkSystem
}

func wrapNetworkSystem(ref *types.ManagedObjectReference) {
	if ref == nil {
		return
	}
	if s, ok := simulator.Map.Get(*ref).(*simulator.HostNetworkSystem); ok {
		simulator.Map.Put(&hostNetworkSystem{HostNetworkSystem: *s})
	}
}

func vswitchKey(name string) string   { return "key-vim.host.VirtualSwitch-" + name }
func portgroupKey(name string) string { return "key-vim.host.PortGroup-" + name }

// withHostNetwork runs f on the host's config.network with the host locked,
// then publishes the change.
func (s *hostNetworkSystem) withHostNetwork(f func(n *types.HostNetworkInfo)) {
	if s.Host == nil {
		return
	}
	host, ok := simulator.Map.Get(s.Host.Self).(*simulator.HostSystem)
	if !ok {
		return
	}
	simulator.Map.WithLock(host, func() {
		if host.Config == nil {
			return
		}
		if host.Config.Network == nil {
			host.Config.Network = &types.HostNetworkInfo{}
		}
		n := host.Config.Network
		f(n)
		simulator.Map.Update(host, []types.PropertyChange{
			{Name: "config.network.vswitch", Val: n.Vswitch},
			{Name: "config.network.portgroup", Val: n.Portgroup},
		})
	})
}

func succeeded(res soap.HasFault) bool { return res != nil && res.Fault() == nil }

func (s *hostNetworkSystem) AddVirtualSwitch(req *types.AddVirtualSwitch) soap.HasFault {
	// A bond bridge names its NICs by device (ESX's own configurations do); libvirt 9.0 sends
	// the NICs' keys instead: take either, store devices, refuse an unknown NIC.
	var pnicKeys []string
	if req.Spec != nil {
		if b, isBond := req.Spec.Bridge.(*types.HostVirtualSwitchBondBridge); isBond {
			var devices []string
			var unknown string
			s.withHostNetwork(func(n *types.HostNetworkInfo) {
				for _, d := range b.NicDevice {
					found := false
					for _, nic := range n.Pnic {
						if d == nic.Device || d == nic.Key {
							devices = append(devices, nic.Device)
							pnicKeys = append(pnicKeys, nic.Key)
							found = true
							break
						}
					}
					if !found && unknown == "" {
						unknown = d
					}
				}
			})
			if unknown != "" {
				return &methods.AddVirtualSwitchBody{Fault_: simulator.Fault("The object or item referred to could not be found.", &types.NotFound{})}
			}
			bridge := *b
			bridge.NicDevice = devices
			spec := *req.Spec
			spec.Bridge = &bridge
			req.Spec = &spec
		}
	}
	res := s.HostNetworkSystem.AddVirtualSwitch(req)
	if !succeeded(res) {
		return res
	}
	spec := types.HostVirtualSwitchSpec{NumPorts: 128}
	if req.Spec != nil {
		spec = *req.Spec
	}
	numPorts := spec.NumPorts
	if numPorts == 0 {
		numPorts = 128
	}
	vs := types.HostVirtualSwitch{
		Name:              req.VswitchName,
		Key:               vswitchKey(req.VswitchName),
		NumPorts:          numPorts,
		NumPortsAvailable: numPorts,
		Mtu:               spec.Mtu,
		Spec:              spec,
	}
	if vs.Mtu == 0 {
		vs.Mtu = 1500
	}
	vs.Pnic = pnicKeys
	s.withHostNetwork(func(n *types.HostNetworkInfo) {
		n.Vswitch = append(append([]types.HostVirtualSwitch(nil), n.Vswitch...), vs)
	})
	return res
}

func (s *hostNetworkSystem) RemoveVirtualSwitch(req *types.RemoveVirtualSwitch) soap.HasFault {
	// ESX refuses while port groups are on the switch.
	inUse := false
	s.withHostNetwork(func(n *types.HostNetworkInfo) {
		for _, pg := range n.Portgroup {
			inUse = inUse || pg.Spec.VswitchName == req.VswitchName
		}
	})
	if inUse {
		return &methods.RemoveVirtualSwitchBody{Fault_: simulator.Fault("The resource '"+req.VswitchName+"' is in use.", &types.ResourceInUse{Name: req.VswitchName})}
	}
	res := s.HostNetworkSystem.RemoveVirtualSwitch(req)
	if !succeeded(res) {
		return res
	}
	s.withHostNetwork(func(n *types.HostNetworkInfo) {
		var kept []types.HostVirtualSwitch
		for _, vs := range n.Vswitch {
			if vs.Name != req.VswitchName {
				kept = append(kept, vs)
			}
		}
		n.Vswitch = kept
	})
	return res
}

func (s *hostNetworkSystem) AddPortGroup(ctx *simulator.Context, req *types.AddPortGroup) soap.HasFault {
	res := s.HostNetworkSystem.AddPortGroup(ctx, req)
	if !succeeded(res) {
		return res
	}
	spec := req.Portgrp
	s.withHostNetwork(func(n *types.HostNetworkInfo) {
		pg := types.HostPortGroup{Key: portgroupKey(spec.Name), Spec: spec, Vswitch: vswitchKey(spec.VswitchName)}
		n.Portgroup = append(append([]types.HostPortGroup(nil), n.Portgroup...), pg)
		vss := append([]types.HostVirtualSwitch(nil), n.Vswitch...)
		for i := range vss {
			if vss[i].Name == spec.VswitchName {
				vss[i].Portgroup = append(append([]string(nil), vss[i].Portgroup...), pg.Key)
			}
		}
		n.Vswitch = vss
	})
	return res
}

func (s *hostNetworkSystem) RemovePortGroup(ctx *simulator.Context, req *types.RemovePortGroup) soap.HasFault {
	res := s.HostNetworkSystem.RemovePortGroup(ctx, req)
	if !succeeded(res) {
		return res
	}
	key := portgroupKey(req.PgName)
	s.withHostNetwork(func(n *types.HostNetworkInfo) {
		var pgs []types.HostPortGroup
		for _, pg := range n.Portgroup {
			if pg.Spec.Name != req.PgName {
				pgs = append(pgs, pg)
			}
		}
		n.Portgroup = pgs
		vss := append([]types.HostVirtualSwitch(nil), n.Vswitch...)
		for i := range vss {
			var keys []string
			for _, k := range vss[i].Portgroup {
				if k != key {
					keys = append(keys, k)
				}
			}
			vss[i].Portgroup = keys
		}
		n.Vswitch = vss
	})
	return res
}

// servePnic: POST /_pnic?device=vmnicN[&dhcp=true|false][&ip=A&mask=M][&autoconf=true|false]
// [&dhcp6=true|false][&ip6=A/P[/origin],...] sets the IP configuration (spec.ip) of that
// physical NIC on every host that has it; what is not given is cleared. ESXi hosts keep their
// addresses on vmknics, but the field is what libvirt's interface XML reads.
func servePnic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	_ = r.ParseForm()
	device := r.Form.Get("device")
	flag := func(name string) bool { b, _ := strconv.ParseBool(r.Form.Get(name)); return b }
	ip := types.HostIpConfig{Dhcp: flag("dhcp"), IpAddress: r.Form.Get("ip"), SubnetMask: r.Form.Get("mask")}
	if r.Form.Get("ip6") != "" || flag("autoconf") || flag("dhcp6") {
		v6 := &types.HostIpConfigIpV6AddressConfiguration{
			AutoConfigurationEnabled: types.NewBool(flag("autoconf")),
			DhcpV6Enabled:            types.NewBool(flag("dhcp6")),
		}
		for _, a := range strings.Split(r.Form.Get("ip6"), ",") {
			parts := strings.Split(a, "/")
			if a == "" || len(parts) < 2 {
				continue
			}
			prefix, _ := strconv.Atoi(parts[1])
			addr := types.HostIpConfigIpV6Address{IpAddress: parts[0], PrefixLength: int32(prefix), Origin: "manual", DadState: "preferred"}
			if len(parts) > 2 {
				addr.Origin = parts[2]
			}
			v6.IpV6Address = append(v6.IpV6Address, addr)
		}
		ip.IpV6Config = v6
	}
	changed := 0
	for _, obj := range simulator.Map.All("HostSystem") {
		host, ok := obj.(*simulator.HostSystem)
		if !ok {
			continue
		}
		simulator.Map.WithLock(host, func() {
			if host.Config == nil || host.Config.Network == nil {
				return
			}
			n := host.Config.Network
			pnics := append([]types.PhysicalNic(nil), n.Pnic...)
			for i := range pnics {
				if pnics[i].Device == device {
					c := ip
					pnics[i].Spec.Ip = &c
					changed++
				}
			}
			n.Pnic = pnics
			simulator.Map.Update(host, []types.PropertyChange{{Name: "config.network.pnic", Val: pnics}})
		})
	}
	if changed == 0 {
		httpError(w, http.StatusNotFound, "no physical NIC %q", device)
		return
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"device": device, "hosts": changed})
}
