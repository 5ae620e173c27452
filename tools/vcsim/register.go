package main

// RegisterVM_Task as a real ESX does it. vcsim 0.24's RegisterVM_Task
//   - fails with NotFound unless <name>.nvram and vmware.log already exist
//     next to the .vmx (it only re-registers VMs it made itself);
//   - names the VM after the .vmx's directory when no name is given (ESX
//     takes the VMX's displayName);
//   - ignores the VMX: the VM gets vcsim's default config (32 MB, 1 CPU,
//     a random uuid), so a client looking the new VM up by its uuid.bios
//     does not find it.
// The front handler calls prepareRegister for each RegisterVM_Task request:
// it creates the missing files, passes the displayName as the name, and
// once vcsim has registered the VM, applies the VMX's memsize, numvcpus,
// cpuid.coresPerSocket, guestOS, uuid.bios, annotation and
// virtualHW.version to it. Devices are not read from the VMX.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// parseVMX reads a VMX file's key = "value" lines (keys lower-cased,
// VMX's |XX escapes undone).
func parseVMX(text string) map[string]string {
	kv := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.IndexByte(line, '=')
		if i < 0 {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(line[:i]))
		v := strings.TrimSpace(line[i+1:])
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		kv[k] = vmxUnescape(v)
	}
	return kv
}

func vmxUnescape(s string) string {
	if !strings.Contains(s, "|") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '|' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// guestIDFromVMX maps a VMX guestOS back to a vSphere guestId
// ("other-64" -> "otherGuest64", "ubuntu-64" -> "ubuntu64Guest").
func guestIDFromVMX(os string) string {
	if os == "" {
		return ""
	}
	var candidates []string
	if base := strings.TrimSuffix(os, "-64"); base != os {
		candidates = []string{base + "64Guest", base + "_64Guest", base + "Guest64"}
	} else {
		candidates = []string{os + "Guest", os}
	}
	for _, c := range candidates {
		for _, id := range simulator.GuestID {
			if strings.EqualFold(string(id), c) {
				return string(id)
			}
		}
	}
	return ""
}

// uuidFromVMX turns "56 4d 9e 8e 0d 3e 4f 8a-a1 6c 3b 5f 2f 2e 0e 3c" into
// "564d9e8e-0d3e-4f8a-a16c-3b5f2f2e0e3c".
func uuidFromVMX(s string) string {
	h := strings.NewReplacer(" ", "", "-", "").Replace(s)
	if len(h) != 32 {
		return ""
	}
	if _, err := strconv.ParseUint(h[:16], 16, 64); err != nil {
		return ""
	}
	if _, err := strconv.ParseUint(h[16:], 16, 64); err != nil {
		return ""
	}
	h = strings.ToLower(h)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

var pathEndRe = regexp.MustCompile(`</(?:[\w.-]+:)?path>`)

// prepareRegister handles a RegisterVM_Task request before vcsim sees it;
// it returns the body to pass on and a func to call after vcsim answered.
func (e *extensions) prepareRegister(body []byte) ([]byte, func()) {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return body, nil
	}
	req, ok := m.Body.(*types.RegisterVM_Task)
	if !ok {
		return body, nil
	}
	var p object.DatastorePath
	if !p.FromString(req.Path) || path.Ext(p.Path) != ".vmx" {
		return body, nil
	}
	dir := datastoreDir(p.Datastore)
	if dir == "" {
		return body, nil
	}
	file := path.Join(dir, p.Path)
	data, err := os.ReadFile(file)
	if err != nil {
		return body, nil // vcsim answers NotFound, as ESX would
	}
	vmx := parseVMX(string(data))

	name := req.Name
	if name == "" {
		name = vmx["displayname"]
		if name != "" {
			if loc := pathEndRe.FindIndex(body); loc != nil {
				var esc bytes.Buffer
				_ = xml.EscapeText(&esc, []byte(name))
				insert := "<name>" + esc.String() + "</name>"
				body = append(append(append([]byte{}, body[:loc[1]]...), insert...), body[loc[1]:]...)
			} else {
				name = ""
			}
		}
	}
	if name == "" {
		name = path.Dir(p.Path) // what vcsim will call it
	}
	for _, f := range []string{path.Join(path.Dir(file), name+".nvram"), path.Join(path.Dir(file), "vmware.log")} {
		if _, err := os.Stat(f); os.IsNotExist(err) {
			_ = os.WriteFile(f, nil, 0o644)
		}
	}

	// The VMs with this path now (if vcsim refuses with AlreadyExists, the
	// VMX must not be applied to the VM already registered).
	vmsAt := func() map[types.ManagedObjectReference]*simulator.VirtualMachine {
		out := map[types.ManagedObjectReference]*simulator.VirtualMachine{}
		for _, ent := range simulator.Map.All("VirtualMachine") {
			vm, ok := ent.(*simulator.VirtualMachine)
			if !ok {
				continue
			}
			simulator.Map.WithLock(vm, func() {
				if vm.Config != nil && vm.Config.Files.VmPathName == req.Path {
					out[vm.Self] = vm
				}
			})
		}
		return out
	}
	before := vmsAt()
	after := func() {
		for ref, vm := range vmsAt() {
			if before[ref] == nil {
				simulator.Map.WithLock(vm, func() { applyVMX(vm, vmx) })
			}
		}
	}
	return body, after
}

// applyVMX sets a registered VM's config from its VMX. Call with the VM locked.
func applyVMX(vm *simulator.VirtualMachine, vmx map[string]string) {
	var changes []types.PropertyChange
	add := func(val interface{}, names ...string) {
		for _, n := range names {
			changes = append(changes, types.PropertyChange{Name: n, Val: val})
		}
	}
	atoi := func(k string) (int32, bool) {
		n, err := strconv.Atoi(vmx[k])
		return int32(n), err == nil && n > 0
	}
	if n, ok := atoi("memsize"); ok {
		add(n, "config.hardware.memoryMB", "summary.config.memorySizeMB")
	}
	if n, ok := atoi("numvcpus"); ok {
		add(n, "config.hardware.numCPU", "summary.config.numCpu")
	}
	if n, ok := atoi("cpuid.corespersocket"); ok {
		add(n, "config.hardware.numCoresPerSocket")
	}
	if id := guestIDFromVMX(vmx["guestos"]); id != "" {
		add(id, "config.guestId", "config.guestFullName", "summary.config.guestId", "summary.config.guestFullName")
	}
	if u := uuidFromVMX(vmx["uuid.bios"]); u != "" {
		add(u, "config.uuid", "summary.config.uuid")
	}
	if a, ok := vmx["annotation"]; ok {
		add(a, "config.annotation", "summary.config.annotation")
	}
	if v, ok := atoi("virtualhw.version"); ok {
		add(fmt.Sprintf("vmx-%02d", v), "config.version")
	}
	if len(changes) != 0 {
		simulator.Map.Update(vm, changes)
	}
}
