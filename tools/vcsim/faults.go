package main

// The fault front: a test arms faults through POST /_fault and the next
// matching requests fail the way a broken network, proxy or server fails
// them. A rule matches a SOAP method by name (method=PowerOnVM_Task), any
// other request by its HTTP verb (method=PUT: datastore uploads), or every
// request (no method). Kinds:
//
//   close       close the connection before replying (the call may not run)
//   cut         run the call, send its reply's headers and only bytes=K bytes
//   stall       wait seconds=S (or until the client leaves), then serve it
//   http500     answer 500 (http503: 503) with an HTML page, not running it
//   soapfault   answer a SOAP fault of type fault=T (message=M), not running it
//   garbage     answer 200 with bytes that are no XML, not running it
//   missing     run the call and drop every property (propSet) or return value
//   wrongtype   run the call and give its values wrong types and numbers
//   expire      end the caller's session before the call (it gets NotAuthenticated)
//
// count=N requests (default 1), after skip=M matching ones. GET /_fault lists
// the rules with what they did; DELETE /_fault (or POST /_fault/clear)
// removes them. GET /_fault/sessions lists every session cookie value the
// server has handed out (what a secrets test looks for in logs).

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

type faultRule struct {
	Kind    string `json:"kind"`
	Method  string `json:"method,omitempty"`
	Count   int    `json:"count"`
	Skip    int    `json:"skip"`
	Bytes   int    `json:"bytes,omitempty"`
	Seconds int    `json:"seconds,omitempty"`
	Fault   string `json:"fault,omitempty"`
	Message string `json:"message,omitempty"`
	Fired   int    `json:"fired"`
}

var faultKinds = map[string]bool{
	"close": true, "cut": true, "stall": true, "http500": true, "http503": true,
	"soapfault": true, "garbage": true, "missing": true, "wrongtype": true, "expire": true,
}

type faults struct {
	mu      sync.Mutex
	rules   []*faultRule
	expired map[string]bool // session cookies ended by "expire"
	issued  []string        // session cookies handed out
}

func newFaults() *faults { return &faults{expired: map[string]bool{}} }

// noteSessions keeps the session cookies a reply hands out.
func (fs *faults) noteSessions(h http.Header) {
	resp := http.Response{Header: h}
	for _, c := range resp.Cookies() {
		if c.Name == "vmware_soap_session" && c.Value != "" {
			fs.mu.Lock()
			fs.issued = append(fs.issued, c.Value)
			fs.mu.Unlock()
		}
	}
}

// take returns the rule that fires for this request, if any.
func (fs *faults) take(method string) *faultRule {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, r := range fs.rules {
		if r.Count <= 0 || (r.Method != "" && r.Method != method) {
			continue
		}
		if r.Skip > 0 {
			r.Skip--
			continue
		}
		r.Count--
		r.Fired++
		c := *r
		return &c
	}
	return nil
}

// serve handles /_fault and /_fault/clear.
func (fs *faults) serve(w http.ResponseWriter, r *http.Request) {
	clear := r.Method == http.MethodDelete || (r.URL.Path == "/_fault/clear" && r.Method == http.MethodPost)
	switch {
	case r.URL.Path == "/_fault/sessions" && r.Method == http.MethodGet:
		fs.mu.Lock()
		defer fs.mu.Unlock()
		writeJSON(w, http.StatusOK, append([]string{}, fs.issued...))
		return
	case clear:
		fs.mu.Lock()
		fs.rules = nil
		fs.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]string{"cleared": "all"})
		return
	case r.Method == http.MethodGet:
		fs.mu.Lock()
		defer fs.mu.Unlock()
		writeJSON(w, http.StatusOK, fs.rules)
		return
	case r.Method != http.MethodPost || r.URL.Path != "/_fault":
		httpError(w, http.StatusMethodNotAllowed, "use POST /_fault, GET /_fault or DELETE /_fault")
		return
	}
	_ = r.ParseForm()
	num := func(name string, def int) (int, error) {
		v := r.Form.Get(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%s=%q: not a count", name, v)
		}
		return n, nil
	}
	rule := &faultRule{Kind: r.Form.Get("kind"), Method: r.Form.Get("method"),
		Fault: r.Form.Get("fault"), Message: r.Form.Get("message")}
	if !faultKinds[rule.Kind] {
		httpError(w, http.StatusBadRequest, "kind=%q: not a fault kind", rule.Kind)
		return
	}
	var err error
	for _, p := range []struct {
		name string
		def  int
		dst  *int
	}{{"count", 1, &rule.Count}, {"skip", 0, &rule.Skip}, {"bytes", 0, &rule.Bytes}, {"seconds", 0, &rule.Seconds}} {
		if *p.dst, err = num(p.name, p.def); err != nil {
			httpError(w, http.StatusBadRequest, "%v", err)
			return
		}
	}
	if rule.Kind == "soapfault" && rule.Fault == "" {
		rule.Fault = "SystemError"
	}
	fs.mu.Lock()
	fs.rules = append(fs.rules, rule)
	fs.mu.Unlock()
	writeJSON(w, http.StatusOK, rule)
}

// sessionCookie is the request's vSphere session cookie value, if any.
func sessionCookie(r *http.Request) string {
	if c, err := r.Cookie("vmware_soap_session"); err == nil {
		return c.Value
	}
	return ""
}

// before applies what happens before the call runs; it reports whether the
// request has been answered (or dropped) already.
func (fs *faults) before(w http.ResponseWriter, r *http.Request, rule *faultRule) bool {
	if c := sessionCookie(r); c != "" {
		fs.mu.Lock()
		if rule != nil && rule.Kind == "expire" {
			fs.expired[c] = true
		}
		gone := fs.expired[c]
		fs.mu.Unlock()
		if gone {
			// the simulator no longer knows this session
			r.Header.Del("Cookie")
			r.AddCookie(&http.Cookie{Name: "vmware_soap_session", Value: "expired-" + c})
		}
	}
	if rule == nil {
		return false
	}
	switch rule.Kind {
	case "close":
		hijackClose(w, nil)
		return true
	case "stall":
		select {
		case <-time.After(time.Duration(rule.Seconds) * time.Second):
		case <-r.Context().Done():
		}
		return false
	case "http500", "http503":
		status := http.StatusInternalServerError
		if rule.Kind == "http503" {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><h1>%s</h1><p>The proxy could not reach the server.</p></body></html>\n",
			status, http.StatusText(status), http.StatusText(status))
		return true
	case "soapfault":
		msg := rule.Message
		if msg == "" {
			msg = "A fault of type " + rule.Fault + " injected by the test"
		}
		var esc bytes.Buffer
		_ = xml.EscapeText(&esc, []byte(msg))
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `%s<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
			`<soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>%s</faultstring>`+
			`<detail><%sFault xmlns="urn:vim25" xsi:type="%s"></%sFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
			xml.Header, esc.String(), rule.Fault, rule.Fault, rule.Fault)
		return true
	case "garbage":
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		junk := make([]byte, 512)
		x := uint32(2463534242)
		for i := range junk {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			junk[i] = byte(x)
		}
		_, _ = w.Write(append([]byte("<?xml version=\"1.0\"?>\n<soapenv:Envelope <<"), junk...))
		return true
	}
	return false
}

// after changes a reply the simulator made; it reports whether the request
// has been answered (cut) already.
func (fs *faults) after(w http.ResponseWriter, rule *faultRule, status int, out []byte) ([]byte, bool) {
	if rule == nil {
		return out, false
	}
	switch rule.Kind {
	case "cut":
		n := rule.Bytes
		if n > len(out) {
			n = len(out)
		}
		head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %d\r\n\r\n",
			status, http.StatusText(status), len(out))
		hijackClose(w, append([]byte(head), out[:n]...))
		return nil, true
	case "missing":
		if propSetRE.Match(out) {
			return propSetRE.ReplaceAll(out, nil), false
		}
		return returnvalRE.ReplaceAll(out, []byte("<returnval$1></returnval>")), false
	case "wrongtype":
		out = xsiTypeRE.ReplaceAllFunc(out, func(m []byte) []byte {
			sub := xsiTypeRE.FindSubmatch(m)
			wrong := "xsd:int"
			if strings.HasSuffix(string(sub[2]), ":int") || strings.HasSuffix(string(sub[2]), ":long") {
				wrong = "xsd:boolean"
			}
			return []byte(string(sub[1]) + `="` + wrong + `"`)
		})
		return numberRE.ReplaceAll(out, []byte(">NaN-$1<")), false
	}
	return out, false
}

var (
	propSetRE   = regexp.MustCompile(`(?s)<propSet>.*?</propSet>`)
	returnvalRE = regexp.MustCompile(`(?s)<returnval([^>]*)>.*?</returnval>`)
	xsiTypeRE   = regexp.MustCompile(`((?:xsi|XMLSchema-instance):type)="([^"]*)"`)
	numberRE    = regexp.MustCompile(`>(-?[0-9]+)<`)
)

// hijackClose writes raw bytes (if any) on the request's connection and closes it.
func hijackClose(w http.ResponseWriter, raw []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if raw != nil {
		bw := bufio.NewWriter(conn)
		_, _ = bw.Write(raw)
		_ = bw.Flush()
	}
	_ = buf
	_ = conn.Close()
}
