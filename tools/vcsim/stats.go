package main

// Statistics vcsim 0.24 lacks. It leaves every VM's summary.quickStats empty
// but for the heartbeat, so a client reading memory figures finds none: the
// launcher gives each VM what an ESX host reports for a guest using part of
// its memory (guest and host memory usage, ballooned and swapped memory, CPU
// usage and uptime, derived from the VM's size). And it gives samples to the
// VM counters vcsim has none for (below).

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25/types"
)

// A counter sample of 0 never reaches a client: vcsim's replies leave each 0
// of a series out (Go's omitempty), so a client reading a counter that is 0
// at that moment finds no value. The launcher makes every VM sample at least
// 1, and gives samples to the counters vcsim has none for: dropped packets
// and disk operations per second.
var addedVMSamples = map[string][]int64{
	"net.droppedRx":                   {10, 12, 10, 15},
	"net.droppedTx":                   {10, 10, 11, 10},
	"virtualDisk.numberReadAveraged":  {40, 55, 35, 120},
	"virtualDisk.numberWriteAveraged": {60, 80, 65, 90},
}

// addCounterSamples changes both models' VM sample data as said above.
func addCounterSamples() {
	models := []struct {
		counters []types.PerfCounterInfo
		data     map[int32][]int64
	}{
		{esx.PerfCounter, esx.MetricData["VirtualMachine"]},
		{vpx.PerfCounter, vpx.MetricData["VirtualMachine"]},
	}
	for _, m := range models {
		for _, c := range m.counters {
			name := c.GroupInfo.GetElementDescription().Key + "." + c.NameInfo.GetElementDescription().Key
			if samples, ok := addedVMSamples[name]; ok {
				m.data[c.Key] = samples
			}
		}
		for _, samples := range m.data {
			for i, v := range samples {
				if v < 5 {
					// vcsim adds noise of a fifth of the value: 5 stays above 0
					samples[i] = 5
				}
			}
		}
	}
}

// setQuickStats fills the VM's summary.quickStats (none of the values is 0:
// vcsim leaves zeros out of its replies).
func setQuickStats(vm *simulator.VirtualMachine) {
	mb := int32(1024)
	if vm.Config != nil && vm.Config.Hardware.MemoryMB > 0 {
		mb = vm.Config.Hardware.MemoryMB
	}
	q := &vm.Summary.QuickStats
	q.GuestMemoryUsage = mb / 4
	q.HostMemoryUsage = mb/2 + 30
	q.BalloonedMemory = mb/16 + 1
	q.SwappedMemory = mb/32 + 1
	q.OverallCpuUsage = 100
	q.UptimeSeconds = 3600
}
