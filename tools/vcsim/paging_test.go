package main

import (
	"testing"

	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// vmSpec selects every VM below the root folder by name.
func vmSpec(e *env) types.PropertyFilterSpec {
	return types.PropertyFilterSpec{
		ObjectSet: []types.ObjectSpec{{
			Obj:  e.c.ServiceContent.RootFolder,
			Skip: types.NewBool(true),
			SelectSet: []types.BaseSelectionSpec{
				&types.TraversalSpec{SelectionSpec: types.SelectionSpec{Name: "f"}, Type: "Folder", Path: "childEntity",
					SelectSet: []types.BaseSelectionSpec{&types.SelectionSpec{Name: "f"}, &types.SelectionSpec{Name: "d"}}},
				&types.TraversalSpec{SelectionSpec: types.SelectionSpec{Name: "d"}, Type: "Datacenter", Path: "vmFolder",
					SelectSet: []types.BaseSelectionSpec{&types.SelectionSpec{Name: "f"}}},
			},
		}},
		PropSet: []types.PropertySpec{{Type: "VirtualMachine", PathSet: []string{"name"}}},
	}
}

// pagesOf reads every page and returns the page sizes.
func pagesOf(e *env, max int32) []int {
	e.t.Helper()
	pc := e.c.ServiceContent.PropertyCollector
	res, err := methods.RetrievePropertiesEx(e.ctx, e.c.Client, &types.RetrievePropertiesEx{
		This: pc, SpecSet: []types.PropertyFilterSpec{vmSpec(e)}, Options: types.RetrieveOptions{MaxObjects: max}})
	if err != nil {
		e.t.Fatal(err)
	}
	r := res.Returnval
	sizes := []int{len(r.Objects)}
	for r.Token != "" {
		next, err := methods.ContinueRetrievePropertiesEx(e.ctx, e.c.Client, &types.ContinueRetrievePropertiesEx{This: pc, Token: r.Token})
		if err != nil {
			e.t.Fatal(err)
		}
		r = &next.Returnval
		sizes = append(sizes, len(r.Objects))
	}
	return sizes
}

func TestPaging(t *testing.T) {
	// the vpx model has 4 VMs
	e := setup(t, "-model", "vpx", "-page-size", "3")
	if got := pagesOf(e, 0); len(got) != 2 || got[0] != 3 || got[1] != 1 {
		t.Errorf("-page-size 3 without maxObjects: pages %v", got)
	}
	if got := pagesOf(e, 1); len(got) != 4 || got[3] != 1 {
		t.Errorf("maxObjects 1: pages %v", got)
	}
	if got := pagesOf(e, 10); len(got) != 2 {
		t.Errorf("maxObjects above -page-size: pages %v", got)
	}
	pc := e.c.ServiceContent.PropertyCollector
	if _, err := methods.ContinueRetrievePropertiesEx(e.ctx, e.c.Client, &types.ContinueRetrievePropertiesEx{This: pc, Token: "nope"}); err == nil {
		t.Error("an unknown token was accepted")
	}
	// a cancelled token is gone
	res, err := methods.RetrievePropertiesEx(e.ctx, e.c.Client, &types.RetrievePropertiesEx{
		This: pc, SpecSet: []types.PropertyFilterSpec{vmSpec(e)}, Options: types.RetrieveOptions{MaxObjects: 1}})
	if err != nil || res.Returnval.Token == "" {
		t.Fatalf("no token: %v", err)
	}
	if _, err := methods.CancelRetrievePropertiesEx(e.ctx, e.c.Client, &types.CancelRetrievePropertiesEx{This: pc, Token: res.Returnval.Token}); err != nil {
		t.Fatal(err)
	}
	if _, err := methods.ContinueRetrievePropertiesEx(e.ctx, e.c.Client, &types.ContinueRetrievePropertiesEx{This: pc, Token: res.Returnval.Token}); err == nil {
		t.Error("a cancelled token still served")
	}
	// -plain: vcsim's own single page
	p := setup(t, "-model", "vpx", "-plain")
	if got := pagesOf(p, 3); len(got) != 1 {
		t.Errorf("-plain pages: %v", got)
	}
}
