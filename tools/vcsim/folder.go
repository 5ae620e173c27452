package main

// The datastore file service (/folder/<path>?dcPath=..&dsName=..) as ESX
// serves it: only to a live session's cookie or the launcher's credentials as
// basic auth (vcsim 0.24 served anyone; ESX answers 401). vcsim's own handler
// still serves the files underneath, HTTP ranges included (206 and
// Content-Range on GET, from Go's file server).
//
// POST /_folder?cut=N arms a fault for stream tests: the next /folder GET
// whose body goes past N bytes stops there and its connection is closed, as a
// server that fails mid-transfer leaves it.

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
)

var folderCut = struct {
	sync.Mutex
	after int64 // -1: none armed
}{after: -1}

func isFolderPath(p string) bool { return p == "/folder" || strings.HasPrefix(p, "/folder/") }

func (f *front) serveFolder(w http.ResponseWriter, r *http.Request) {
	if !f.screenAuthorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="VMware HTTP server"`)
		http.Error(w, "authentication required", http.StatusUnauthorized)
		return
	}
	if r.Method == http.MethodGet {
		folderCut.Lock()
		after := folderCut.after
		folderCut.Unlock()
		if after >= 0 {
			w = &cutWriter{ResponseWriter: w, left: after}
		}
	}
	f.inner.ServeHTTP(w, r)
}

// serveFolderFault: POST /_folder?cut=N arms the cut of the next /folder GET
// longer than N bytes.
func serveFolderFault(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	n, err := strconv.ParseInt(r.URL.Query().Get("cut"), 10, 64)
	if err != nil || n < 0 {
		httpError(w, http.StatusBadRequest, "cut=N (bytes) is required")
		return
	}
	folderCut.Lock()
	folderCut.after = n
	folderCut.Unlock()
	writeJSON(w, http.StatusOK, map[string]int64{"cut": n})
}

// cutWriter passes `left` bytes of the body on, then closes the connection.
type cutWriter struct {
	http.ResponseWriter
	left int64
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if int64(len(p)) <= c.left {
		c.left -= int64(len(p))
		return c.ResponseWriter.Write(p)
	}
	// the first body past the mark takes the cut
	folderCut.Lock()
	armed := folderCut.after >= 0
	folderCut.after = -1
	folderCut.Unlock()
	if !armed {
		c.left = 1 << 62
		return c.ResponseWriter.Write(p)
	}
	n, _ := c.ResponseWriter.Write(p[:c.left])
	c.left = 0
	if fl, ok := c.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
	if hj, ok := c.ResponseWriter.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
	return n, http.ErrHijacked
}
