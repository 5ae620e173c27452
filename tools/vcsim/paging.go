package main

// Paged property retrieval. vcsim 0.24 answers RetrievePropertiesEx with
// every object at once, ignores options.maxObjects and has no
// ContinueRetrievePropertiesEx: a client that follows tokens was never
// tested on it. Here RetrievePropertiesEx hands out at most maxObjects
// objects (or -page-size, when the request sets no limit) with a token for
// the rest, as a vCenter does, and ContinueRetrievePropertiesEx /
// CancelRetrievePropertiesEx serve and drop those tokens.

import (
	"fmt"
	"strings"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// shadowPCType: the paged methods go to a pagingCollector registered under
// {shadowPCType, shadowPrefix + collector moid}.
const shadowPCType = "VcsimExtPropertyCollector"

var routedPCMethods = map[string]bool{
	"RetrievePropertiesEx":         true,
	"ContinueRetrievePropertiesEx": true,
	"CancelRetrievePropertiesEx":   true,
}

// pages holds the objects not yet handed out, by token.
var pages = struct {
	sync.Mutex
	next int
	left map[string]pageRest
}{left: map[string]pageRest{}}

type pageRest struct {
	objects []types.ObjectContent
	size    int
}

// defaultPageSize is -page-size: the page limit when a request sets none
// (0: no limit, as vcsim).
var defaultPageSize int

type pagingCollector struct {
	mo.PropertyCollector
}

// ensurePCShadow registers the shadow of property collector moid.
func ensurePCShadow(moid string) {
	ref := types.ManagedObjectReference{Type: shadowPCType, Value: shadowPrefix + moid}
	if simulator.Map.Get(ref) != nil {
		return
	}
	p := &pagingCollector{}
	p.Self = ref
	simulator.Map.Put(p)
}

// real is the collector the client called: the session's own, or the
// service's.
func (p *pagingCollector) real(ctx *simulator.Context) *simulator.PropertyCollector {
	ref := types.ManagedObjectReference{Type: "PropertyCollector", Value: strings.TrimPrefix(p.Self.Value, shadowPrefix)}
	if ctx.Session != nil {
		if pc, ok := ctx.Session.Get(ref).(*simulator.PropertyCollector); ok {
			return pc
		}
	}
	pc, _ := simulator.Map.Get(ref).(*simulator.PropertyCollector)
	return pc
}

// page cuts objects to size and keeps the rest under a new token.
func page(objects []types.ObjectContent, size int) *types.RetrieveResult {
	res := &types.RetrieveResult{Objects: objects}
	if size <= 0 || len(objects) <= size {
		return res
	}
	pages.Lock()
	defer pages.Unlock()
	pages.next++
	token := fmt.Sprintf("vcsimext-token-%d", pages.next)
	pages.left[token] = pageRest{objects: objects[size:], size: size}
	res.Objects = objects[:size]
	res.Token = token
	return res
}

func (p *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, req *types.RetrievePropertiesEx) soap.HasFault {
	pc := p.real(ctx)
	if pc == nil {
		body := &methods.RetrievePropertiesExBody{}
		body.Fault_ = simulator.Fault("", &types.ManagedObjectNotFound{Obj: req.This})
		return body
	}
	out := pc.RetrievePropertiesEx(ctx, req)
	body, ok := out.(*methods.RetrievePropertiesExBody)
	if !ok || body.Res == nil || body.Res.Returnval == nil {
		return out
	}
	size := defaultPageSize
	if req.Options.MaxObjects > 0 && (size == 0 || int(req.Options.MaxObjects) < size) {
		size = int(req.Options.MaxObjects)
	}
	body.Res.Returnval = page(body.Res.Returnval.Objects, size)
	return body
}

func (p *pagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, req *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := &methods.ContinueRetrievePropertiesExBody{}
	pages.Lock()
	rest, ok := pages.left[req.Token]
	delete(pages.left, req.Token)
	pages.Unlock()
	if !ok {
		body.Fault_ = simulator.Fault("A specified parameter was not correct: token", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: *page(rest.objects, rest.size)}
	return body
}

func (p *pagingCollector) CancelRetrievePropertiesEx(ctx *simulator.Context, req *types.CancelRetrievePropertiesEx) soap.HasFault {
	pages.Lock()
	delete(pages.left, req.Token)
	pages.Unlock()
	return &methods.CancelRetrievePropertiesExBody{Res: &types.CancelRetrievePropertiesExResponse{}}
}
