package main

// The front handler sits before the simulator's own mux. For /sdk requests
// it counts calls, routes the methods we add or override to the VM wrappers
// (see ext.go), traces, and rewrites replies the way a real ESX writes them.
// It also serves the launcher's test-only endpoints (/_calls, /_question,
// /_tools).

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/ioutil"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

type front struct {
	inner http.Handler
	ext   *extensions
	opts  *options

	mu    sync.Mutex
	calls map[string]int64
	total int64

	traceMu sync.Mutex
}

func newFront(inner http.Handler, ext *extensions, o *options) *front {
	return &front{inner: inner, ext: ext, opts: o, calls: map[string]int64{}}
}

func isSDKPath(p string) bool { return p == "/sdk" || strings.HasPrefix(p, "/sdk/") }

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_calls" || r.URL.Path == "/_calls/reset" {
		f.serveCalls(w, r)
		return
	}
	if !f.opts.plain && f.serveEndpoint(w, r) {
		return
	}
	if !f.opts.plain && isFolderPath(r.URL.Path) {
		f.serveFolder(w, r)
		return
	}
	if r.Method != http.MethodPost || !isSDKPath(r.URL.Path) || strings.HasSuffix(r.URL.Path, ".xml") {
		f.inner.ServeHTTP(w, r)
		return
	}

	body, err := ioutil.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	method, thisType, thisValue := peekSOAP(body)
	if f.opts.countCalls && method != "" {
		f.mu.Lock()
		f.calls[method]++
		f.total++
		f.mu.Unlock()
	}
	if f.opts.trace {
		f.tracef("Request: %s\n", body)
	}
	var after func()
	if !f.opts.plain {
		body, after = f.fixRequest(body, method, thisType, thisValue)
	}
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))

	// Buffer the reply: to rewrite it, to trace it, to finish our part
	// before the client sees it, and to catch an empty one.
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	f.inner.ServeHTTP(rec, r)
	if after != nil {
		after()
	}
	out := rec.buf.Bytes()
	if len(out) == 0 && rec.status == http.StatusOK && method != "" && !f.opts.plain {
		// vcsim could not encode a method's success (a body without Res,
		// as its RefreshDatastore had): answer like a void method does.
		log.Printf("%s: vcsim sent an empty reply; answering %sResponse", method, method)
		out = []byte(xml.Header + `<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<soapenv:Body><` + method + `Response xmlns="urn:vim25"></` + method + `Response></soapenv:Body></soapenv:Envelope>`)
	}
	if f.opts.realESX {
		out = rewriteRealESX(out)
	}
	if f.opts.trace {
		f.tracef("Response: %s\n", out)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(out)
}

// serveEndpoint serves the test endpoints; false for any other path.
func (f *front) serveEndpoint(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case "/_question":
		f.serveQuestion(w, r)
		return true
	case "/_tools":
		f.serveTools(w, r)
		return true
	case "/screen":
		f.serveScreen(w, r)
		return true
	case "/_host":
		f.serveHost(w, r)
		return true
	case "/_pnic":
		servePnic(w, r)
		return true
	case "/_datastore":
		serveDatastore(w, r)
		return true
	case "/_folder":
		serveFolderFault(w, r)
		return true
	}
	return false
}

// fixRequest routes a request to the launcher's additions; it returns the
// work to do once vcsim has answered, before the client sees the reply.
func (f *front) fixRequest(body []byte, method, thisType, thisValue string) ([]byte, func()) {
	var after func()
	switch {
	case thisType == "VirtualMachine" && routedVMMethods[method] && f.ext.wrapper(thisValue) != nil:
		body = routeThis(body, thisType, shadowVMType, shadowPrefix+thisValue)
	case thisType == "Datastore" && method == "RefreshDatastore" && ensureDatastoreShadow(thisValue):
		body = routeThis(body, thisType, shadowDatastoreType, shadowPrefix+thisValue)
	case thisType == "Task" && method == "CancelTask" && ensureTaskShadow(thisValue):
		body = routeThis(body, thisType, shadowTaskType, shadowPrefix+thisValue)
	case thisType == "VirtualMachineSnapshot" && method == "RevertToSnapshot_Task" && ensureSnapshotShadow(thisValue):
		body = routeThis(body, thisType, shadowSnapshotType, shadowPrefix+thisValue)
	case thisType == "PropertyCollector" && routedPCMethods[method]:
		ensurePCShadow(thisValue)
		body = routeThis(body, thisType, shadowPCType, shadowPrefix+thisValue)
	case thisType == "ServiceInstance" && routedServiceInstanceMethods[method]:
		body = routeThis(body, thisType, shadowServiceInstance.Type, shadowServiceInstance.Value)
	}
	if thisType == "HostDatastoreBrowser" && (method == "SearchDatastore_Task" || method == "SearchDatastoreSubFolders_Task") {
		wrapBrowser(types.ManagedObjectReference{Type: thisType, Value: thisValue})
	}
	switch method {
	case "RegisterVM_Task":
		body, after = f.ext.prepareRegister(body)
	case "CreateVirtualDisk_Task":
		after = prepareCreateVirtualDisk(body)
	case "CopyVirtualDisk_Task", "MoveVirtualDisk_Task":
		after = prepareDiskCopy(body)
	case "CreateVM_Task", "CloneVM_Task":
		if f.opts.writeVMX {
			after = func() { _, _ = writeVMXFiles() }
		}
	case "ReconfigVM_Task", "Rename_Task":
		if thisType == "VirtualMachine" {
			moid := thisValue
			after = func() { syncVMX(moid) }
		}
	}
	return body, after
}

func (f *front) tracef(format string, args ...interface{}) {
	f.traceMu.Lock()
	defer f.traceMu.Unlock()
	fmt.Fprintf(os.Stderr, format, args...)
}

// recorder buffers a response so it can be rewritten.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status = code
		r.wrote = true
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.buf.Write(p)
}

// peekSOAP returns a SOAP request's method name and its _this reference.
func peekSOAP(body []byte) (method, thisType, thisValue string) {
	d := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	bodyDepth := -1
	inThis := false
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case bodyDepth < 0 && t.Name.Local == "Body":
				bodyDepth = depth
			case bodyDepth > 0 && depth == bodyDepth+1 && method == "":
				method = t.Name.Local
			case method != "" && depth == bodyDepth+2 && t.Name.Local == "_this":
				for _, a := range t.Attr {
					if a.Name.Local == "type" && (a.Name.Space == "" || a.Name.Space == "urn:vim25") {
						thisType = a.Value
					}
				}
				inThis = true
			case method != "" && depth == bodyDepth+2 && thisType == "" && !inThis:
				// _this comes first; anything else first means none
				return
			}
		case xml.CharData:
			if inThis {
				thisValue += string(t)
			}
		case xml.EndElement:
			if inThis {
				thisValue = strings.TrimSpace(thisValue)
				return
			}
			depth--
			if bodyDepth > 0 && depth < bodyDepth {
				return
			}
		}
	}
}

// routeThis points a request's _this of type thisType at {toType, toValue}.
func routeThis(body []byte, thisType, toType, toValue string) []byte {
	re := regexp.MustCompile(`(<(?:[\w.-]+:)?_this\b[^>]*?\s)type=(?:"` + thisType + `"|'` + thisType + `')([^>]*>)[^<]*(</)`)
	loc := re.FindSubmatchIndex(body)
	if loc == nil {
		return body
	}
	var out []byte
	out = append(out, body[:loc[0]]...)
	out = append(out, body[loc[2]:loc[3]]...)
	out = append(out, `type="`+toType+`"`...)
	out = append(out, body[loc[4]:loc[5]]...)
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(toValue))
	out = append(out, esc.Bytes()...)
	out = append(out, body[loc[6]:]...)
	return out
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func httpError(w http.ResponseWriter, status int, format string, args ...interface{}) {
	writeJSON(w, status, map[string]string{"error": fmt.Sprintf(format, args...)})
}

// serveCalls: GET /_calls returns {"total": N, "calls": {"Method": n, ...}};
// POST /_calls/reset (or DELETE /_calls) zeroes the counts.
func (f *front) serveCalls(w http.ResponseWriter, r *http.Request) {
	if !f.opts.countCalls {
		httpError(w, http.StatusNotFound, "call counting is off (start with -count-calls)")
		return
	}
	reset := (r.URL.Path == "/_calls/reset" && r.Method == http.MethodPost) ||
		(r.URL.Path == "/_calls" && r.Method == http.MethodDelete)
	if !reset && (r.URL.Path != "/_calls" || r.Method != http.MethodGet) {
		httpError(w, http.StatusMethodNotAllowed, "use GET /_calls or POST /_calls/reset")
		return
	}
	f.mu.Lock()
	calls := make(map[string]int64, len(f.calls))
	for k, v := range f.calls {
		calls[k] = v
	}
	total := f.total
	if reset {
		f.calls = map[string]int64{}
		f.total = 0
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, struct {
		Total int64            `json:"total"`
		Calls map[string]int64 `json:"calls"`
	}{total, calls})
}

// vmFromQuery finds the VM named by ?vm=NAME (a name or a moid).
func (f *front) vmFromQuery(w http.ResponseWriter, r *http.Request) *vmExt {
	if r.Method != http.MethodPost {
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return nil
	}
	_ = r.ParseForm()
	name := r.Form.Get("vm")
	if name == "" {
		httpError(w, http.StatusBadRequest, "missing vm=NAME")
		return nil
	}
	vm := findVM(name)
	if vm == nil {
		httpError(w, http.StatusNotFound, "no VM %q", name)
		return nil
	}
	wr := f.ext.wrapper(vm.Self.Value)
	if wr == nil {
		httpError(w, http.StatusNotFound, "no VM %q", name)
	}
	return wr
}

// serveQuestion: POST /_question?vm=NAME[&text=T][&now=1] arms a question
// for the VM's next power-on, or with now=1 raises it at once.
func (f *front) serveQuestion(w http.ResponseWriter, r *http.Request) {
	wr := f.vmFromQuery(w, r)
	if wr == nil {
		return
	}
	text := r.Form.Get("text")
	now := r.Form.Get("now")
	var id string
	if now == "1" || now == "true" {
		wr.locked(func() {
			if wr.Runtime.Question == nil {
				wr.raiseQuestion(text)
			}
			id = wr.Runtime.Question.Id
		})
	} else {
		wr.armQuestion(text)
	}
	writeJSON(w, http.StatusOK, map[string]string{"vm": wr.Name, "moid": wr.Self.Value, "questionId": id})
}

// serveTools: POST /_tools?vm=NAME[&running=true|false][&hostname=H][&ip=A/P,...]
// sets the VM's guest.toolsRunningStatus (default: running) and, when given,
// what the tools report: guest.hostName (empty: unset) and the first NIC's
// addresses in guest.net (ipAddress and ipConfig; empty: none) and guest.ipAddress.
func (f *front) serveTools(w http.ResponseWriter, r *http.Request) {
	wr := f.vmFromQuery(w, r)
	if wr == nil {
		return
	}
	running := true
	if v := r.Form.Get("running"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			httpError(w, http.StatusBadRequest, "running=%q: %v", v, err)
			return
		}
		running = b
	}
	hostname, setHostname := r.Form["hostname"]
	ips, setIPs := r.Form["ip"]
	var status string
	wr.locked(func() {
		setToolsRunning(wr.VirtualMachine, running)
		status = wr.Guest.ToolsRunningStatus
		var changes []types.PropertyChange
		if setHostname {
			changes = append(changes,
				types.PropertyChange{Name: "guest.hostName", Val: hostname[0]},
				types.PropertyChange{Name: "summary.guest.hostName", Val: hostname[0]})
		}
		if setIPs && len(wr.Guest.Net) > 0 {
			nets := append([]types.GuestNicInfo(nil), wr.Guest.Net...)
			nic := nets[0]
			nic.IpAddress, nic.IpConfig = nil, nil
			for _, a := range strings.Split(ips[0], ",") {
				if a == "" {
					continue
				}
				ip, prefix := a, 0
				if i := strings.Index(a, "/"); i >= 0 {
					ip = a[:i]
					prefix, _ = strconv.Atoi(a[i+1:])
				}
				nic.IpAddress = append(nic.IpAddress, ip)
				if nic.IpConfig == nil {
					nic.IpConfig = &types.NetIpConfigInfo{}
				}
				nic.IpConfig.IpAddress = append(nic.IpConfig.IpAddress, types.NetIpConfigInfoIpAddress{
					IpAddress: ip, PrefixLength: int32(prefix), State: "preferred"})
			}
			nets[0] = nic
			first := ""
			if len(nic.IpAddress) > 0 {
				first = nic.IpAddress[0]
			}
			changes = append(changes,
				types.PropertyChange{Name: "guest.net", Val: nets},
				types.PropertyChange{Name: "guest.ipAddress", Val: first},
				types.PropertyChange{Name: "summary.guest.ipAddress", Val: first})
		}
		if len(changes) > 0 {
			simulator.Map.Update(wr.VirtualMachine, changes)
		}
	})
	writeJSON(w, http.StatusOK, map[string]string{"vm": wr.Name, "moid": wr.Self.Value, "toolsRunningStatus": status})
}
