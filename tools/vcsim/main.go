// Command vcsim is the project's launcher for govmomi's vSphere simulator
// (vcsim, govmomi 0.24). It adds what the tests of the ESX driver need and
// vcsim 0.24 lacks: fixed credentials, a "real ESX" wire format, SOAP call
// counting, VM questions and AnswerVM, RebootGuest, MigrateVM_Task, a host
// autostart manager, and VMware tools checks for ShutdownGuest/RebootGuest.
//
// See README.md next to this file for the flags and endpoints.
package main

import (
	"crypto/tls"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

// options holds the launcher's command line.
type options struct {
	model           string
	listen          string
	tls             bool
	certOut         string
	user            string
	pass            string
	trace           bool
	vms             int
	folder          int
	datacenter      int
	cluster         int
	clusterHost     int
	host            int
	datastore       int
	pool            int
	sessionIdle     time.Duration
	realESX         bool
	countCalls      bool
	mgmtIP          string
	toolsOn         bool
	envOut          string
	authOut         string
	writeVMX        bool
	extraDatastores bool
	plain           bool
	pageSize        int
	about           string

	set map[string]bool // flags given on the command line
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("vcsim", flag.ContinueOnError)
	fs.StringVar(&o.model, "model", "esx", "inventory model: esx (standalone ESXi, HostAgent) or vpx (vCenter)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	fs.BoolVar(&o.tls, "tls", false, "serve HTTPS with the simulator's self-signed certificate")
	fs.StringVar(&o.certOut, "cert-out", "", "with -tls, write the server certificate (PEM) to this file")
	fs.StringVar(&o.user, "user", "", "the only user name accepted by Login (with -pass)")
	fs.StringVar(&o.pass, "pass", "", "the only password accepted by Login (with -user)")
	fs.BoolVar(&o.trace, "trace", false, "log every SOAP request and response to stderr")
	fs.IntVar(&o.vms, "vms", -1, "VMs per host (model default: 2)")
	fs.IntVar(&o.folder, "folder", -1, "folders around datacenters/inventory (vpx)")
	fs.IntVar(&o.datacenter, "datacenter", -1, "number of datacenters (vpx)")
	fs.IntVar(&o.cluster, "cluster", -1, "clusters per datacenter (vpx)")
	fs.IntVar(&o.clusterHost, "cluster-host", -1, "hosts per cluster (vpx)")
	fs.IntVar(&o.host, "host", -1, "standalone hosts per datacenter (vpx)")
	fs.IntVar(&o.datastore, "datastore", -1, "number of local datastores")
	fs.IntVar(&o.pool, "pool", -1, "resource pools per cluster (vpx)")
	fs.DurationVar(&o.sessionIdle, "session-idle", 0, "expire sessions idle this long (e.g. 2s); 0 never")
	fs.BoolVar(&o.realESX, "real-esx", false, "write replies like a real ESX (xsi: prefix, typed ArrayOf items)")
	fs.BoolVar(&o.countCalls, "count-calls", false, "count SOAP calls by method: GET /_calls, POST /_calls/reset")
	fs.StringVar(&o.mgmtIP, "management-ip", "", "set every host's summary.managementServerIp")
	fs.BoolVar(&o.toolsOn, "tools-running", false, "start with VMware tools running in every VM")
	fs.BoolVar(&o.writeVMX, "write-vmx", false, "write a VMX describing each VM into the empty .vmx files vcsim creates")
	fs.BoolVar(&o.extraDatastores, "extra-datastores", false, "add a VMFS, an NFS, an NFS 4.1 and a CIFS datastore beside the local one")
	fs.BoolVar(&o.plain, "plain", false, "govmomi's simulator as shipped: none of the launcher's additions (only -real-esx, -count-calls, -trace on the wire)")
	fs.IntVar(&o.pageSize, "page-size", 0, "RetrievePropertiesEx pages of at most this many objects when the request sets no maxObjects (0: no limit)")
	fs.StringVar(&o.about, "about", "", "pose as another product (esx model): "+productNames())
	fs.StringVar(&o.authOut, "auth-out", "", "write a libvirt auth file (LIBVIRT_AUTH_FILE) with the credentials for this host here")
	fs.StringVar(&o.envOut, "env-out", "", "once serving, write a shell-sourceable VCSIM_* file here")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if o.model != "esx" && o.model != "vpx" {
		return nil, fmt.Errorf("-model must be esx or vpx, not %q", o.model)
	}
	if (o.user == "") != (o.pass == "") {
		return nil, fmt.Errorf("-user and -pass go together")
	}
	if o.certOut != "" && !o.tls {
		return nil, fmt.Errorf("-cert-out needs -tls")
	}
	if o.plain && (o.writeVMX || o.extraDatastores || o.toolsOn || o.mgmtIP != "" || o.pageSize != 0) {
		return nil, fmt.Errorf("-plain takes none of -write-vmx, -extra-datastores, -tools-running, -management-ip, -page-size")
	}
	if o.mgmtIP != "" && net.ParseIP(o.mgmtIP) == nil {
		return nil, fmt.Errorf("-management-ip: not an IP address: %q", o.mgmtIP)
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	return o, nil
}

// newModel returns the simulator model the options describe.
func newModel(o *options) *simulator.Model {
	var m *simulator.Model
	if o.model == "vpx" {
		m = simulator.VPX()
	} else {
		m = simulator.ESX()
	}
	setInt := func(name string, v int, dst *int) {
		if o.set[name] && v >= 0 {
			*dst = v
		}
	}
	setInt("vms", o.vms, &m.Machine)
	setInt("folder", o.folder, &m.Folder)
	setInt("datacenter", o.datacenter, &m.Datacenter)
	setInt("cluster", o.cluster, &m.Cluster)
	setInt("cluster-host", o.clusterHost, &m.ClusterHost)
	setInt("host", o.host, &m.Host)
	setInt("datastore", o.datastore, &m.Datastore)
	setInt("pool", o.pool, &m.Pool)
	return m
}

// instance is one running simulator with the launcher's additions.
type instance struct {
	opts   *options
	model  *simulator.Model
	server *simulator.Server
	front  *front
	URL    *url.URL // the SDK URL, with credentials
}

// start builds the model, applies the additions and starts serving.
func start(o *options) (*instance, error) {
	simulator.Trace = false // the front handler traces (after the -real-esx rewrite)
	simulator.SessionIdleTimeout = o.sessionIdle

	m := newModel(o)
	if err := m.Create(); err != nil {
		return nil, fmt.Errorf("creating the model: %v", err)
	}
	m.Service.Listen = &url.URL{Host: o.listen}
	if o.user != "" {
		m.Service.Listen.User = url.UserPassword(o.user, o.pass)
	}
	if o.tls {
		m.Service.TLS = new(tls.Config)
	}

	defaultPageSize = o.pageSize
	if o.about != "" {
		if err := applyAbout(o.model, o.about); err != nil {
			m.Remove()
			return nil, err
		}
	}
	ext := newExtensions()
	if o.plain {
		return serve(o, m, ext)
	}
	if err := installStorage(o); err != nil {
		m.Remove()
		removeExtraDirs()
		return nil, fmt.Errorf("storage: %v", err)
	}
	ext.install(o)
	if o.writeVMX {
		if _, err := writeVMXFiles(); err != nil {
			m.Remove()
			return nil, fmt.Errorf("-write-vmx: %v", err)
		}
	}

	return serve(o, m, ext)
}

// serve starts the simulator's server behind the front handler.
func serve(o *options, m *simulator.Model, ext *extensions) (*instance, error) {
	s, err := newServer(m.Service)
	if err != nil {
		m.Remove()
		return nil, err
	}

	// Put our front handler in front of the simulator's mux. Nobody knows
	// the address yet (it is announced below), so no request is in flight.
	f := newFront(s.Config.Handler, ext, o)
	s.Config.Handler = f

	u := *s.URL
	if o.user != "" {
		u.User = url.UserPassword(o.user, o.pass)
	}
	inst := &instance{opts: o, model: m, server: s, front: f, URL: &u}

	if o.certOut != "" {
		pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
		if err := writeFileAtomic(o.certOut, pemBytes); err != nil {
			inst.stop()
			return nil, fmt.Errorf("writing -cert-out: %v", err)
		}
	}
	return inst, nil
}

// newServer is Service.NewServer, which panics when it cannot listen.
func newServer(svc *simulator.Service) (s *simulator.Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("starting the server: %v", r)
		}
	}()
	return svc.NewServer(), nil
}

func (i *instance) stop() {
	i.server.Close()
	i.model.Remove()
	removeExtraDirs()
}

// env returns the VCSIM_* variables tests read.
func (i *instance) env() string {
	u := i.URL
	user := u.User.Username()
	pass, _ := u.User.Password()
	plain := *u
	plain.User = nil
	var b strings.Builder
	q := func(k, v string) { fmt.Fprintf(&b, "%s=%s\n", k, shellQuote(v)) }
	q("VCSIM_URL", plain.String())
	q("VCSIM_URL_WITH_CREDENTIALS", u.String())
	q("VCSIM_SCHEME", u.Scheme)
	q("VCSIM_HOST", u.Hostname())
	q("VCSIM_PORT", u.Port())
	q("VCSIM_ADDR", u.Host)
	q("VCSIM_USER", user)
	q("VCSIM_PASS", pass)
	q("VCSIM_MODEL", i.opts.model)
	q("VCSIM_CERT", i.opts.certOut)
	q("VCSIM_AUTH_FILE", i.opts.authOut)
	q("VCSIM_PID", strconv.Itoa(os.Getpid()))
	q("VCSIM_REAL_ESX", strconv.FormatBool(i.opts.realESX))
	return b.String()
}

// libvirtAuth is a libvirt auth file giving this server's credentials to
// esx:// and vpx:// URIs for its host.
func (i *instance) libvirtAuth() string {
	user := i.URL.User.Username()
	pass, _ := i.URL.User.Password()
	host := i.URL.Hostname()
	return fmt.Sprintf("[credentials-vcsim]\nusername=%s\npassword=%s\n\n[auth-esx-%s]\ncredentials=vcsim\n\n[auth-vpx-%s]\ncredentials=vcsim\n",
		user, pass, host, host)
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@=,+") == "" {
		return s
	}
	return "'" + strings.Replace(s, "'", `'\''`, -1) + "'"
}

func writeFileAtomic(path string, data []byte) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := ioutil.TempFile(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	log.SetPrefix("vcsim: ")
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "vcsim:", err)
		os.Exit(2)
	}
	inst, err := start(o)
	if err != nil {
		log.Fatal(err)
	}
	if o.authOut != "" {
		if err := writeFileAtomic(o.authOut, []byte(inst.libvirtAuth())); err != nil {
			inst.stop()
			log.Fatalf("writing -auth-out: %v", err)
		}
	}
	env := inst.env()
	if o.envOut != "" {
		if err := writeFileAtomic(o.envOut, []byte(env)); err != nil {
			inst.stop()
			log.Fatalf("writing -env-out: %v", err)
		}
	}
	fmt.Print(env)
	log.Printf("serving %s (model %s, pid %d)", inst.URL.Redacted(), o.model, os.Getpid())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	got := <-sig
	log.Printf("%v: stopping", got)
	inst.stop()
	if o.envOut != "" {
		os.Remove(o.envOut)
	}
}
