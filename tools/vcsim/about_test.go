package main

import "testing"

func TestAbout(t *testing.T) {
	e := setup(t, "-about", "gsx-2.0")
	a := e.c.ServiceContent.About
	if a.ProductLineId != "gsx" || a.ApiType != "HostAgent" || a.Version != "2.0.2" {
		t.Errorf("gsx-2.0: %+v", a)
	}
	e = setup(t, "-about", "esx-8.0")
	if a := e.c.ServiceContent.About; a.Version != "8.0.2" || a.ProductLineId != "embeddedEsx" {
		t.Errorf("esx-8.0: %+v", a)
	}
	for _, args := range [][]string{{"-about", "nosuch"}, {"-model", "vpx", "-about", "esx-7.0"}} {
		o, err := parseFlags(args)
		if err != nil {
			t.Fatal(err)
		}
		if inst, err := start(o); err == nil {
			inst.stop()
			t.Errorf("%v accepted", args)
		}
	}
}
