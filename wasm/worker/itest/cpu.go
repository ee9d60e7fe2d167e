//go:build !js

package main

// Where the machine's CPU goes during a benchmark row (-cpu). The client's
// time per request says how long an answer took, not what ran meanwhile:
// under `wrangler dev` a request crosses a proxy workerd, the Worker's own
// workerd (with V8's background threads: its concurrent collector and
// optimising compiler), and wrangler's Node process, which the proxy tells
// about each request for its log; on a 2-core machine whatever runs at the
// same time as the Worker's thread delays it. So each row is bracketed by
// readings of every thread's run time (/proc/PID/task/TID/schedstat, in
// nanoseconds) of the processes in wrangler's process group and of this
// client, and of the machine's busy time (/proc/stat), and the benchmark
// prints the difference per request, thread group by thread group.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuSample is CPU time by thread group ("proxy workerd: V8 DefaultWorke"),
// plus cpuMachine: the whole machine's busy time.
type cpuSample map[string]time.Duration

// cpuMachine is the key of the machine's busy time in a cpuSample.
const cpuMachine = "machine (all processes, kernel)"

// cpuSampling says whether rows read cpuSamples (-cpu); cpuGroup is
// wrangler's process group, the processes they read besides this one.
var (
	cpuSampling bool
	cpuGroup    int
)

// readCPU reads every thread's run time in wrangler's process group and in
// this process, by role and thread name, and the machine's busy time.
func readCPU() cpuSample {
	s := cpuSample{}
	procs, _ := filepath.Glob("/proc/[0-9]*")
	self := os.Getpid()
	for _, p := range procs {
		pid, _ := strconv.Atoi(filepath.Base(p))
		if pid != self {
			if g, err := syscall.Getpgid(pid); err != nil || g != cpuGroup {
				continue
			}
		}
		cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		role := processRole(pid == self, cmdline)
		tasks, _ := filepath.Glob(filepath.Join(p, "task", "[0-9]*"))
		for _, t := range tasks {
			st, err := os.ReadFile(filepath.Join(t, "schedstat"))
			if err != nil {
				continue
			}
			f := strings.Fields(string(st))
			if len(f) == 0 {
				continue
			}
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			comm, _ := os.ReadFile(filepath.Join(t, "comm"))
			name := strings.TrimSpace(string(comm))
			if filepath.Base(t) == filepath.Base(p) {
				name = "main thread"
			} else if role == "client" {
				name = "threads" // Go's Ms: no stable names
			}
			s[role+": "+name] += time.Duration(ns)
		}
	}
	if st, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(st), "\n")
		f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
		var busy int64
		for i, v := range f[1:] {
			if i == 3 || i == 4 || i >= 8 { // idle, iowait; guest times are in user already
				continue
			}
			n, _ := strconv.ParseInt(v, 10, 64)
			busy += n
		}
		s[cpuMachine] = time.Duration(busy) * 10 * time.Millisecond // USER_HZ is 100 on Linux
	}
	return s
}

// processRole names a process of the benchmark by its command line.
func processRole(self bool, cmdline []byte) string {
	switch {
	case self:
		return "client"
	case bytes.Contains(cmdline, []byte("workerd")) && bytes.Contains(cmdline, []byte("--inspector-addr")):
		return "Worker's workerd"
	case bytes.Contains(cmdline, []byte("workerd")):
		return "proxy workerd"
	case bytes.Contains(cmdline, []byte("esbuild")):
		return "esbuild"
	case bytes.Contains(cmdline, []byte("wrangler-dist")):
		return "wrangler's Node"
	}
	return "wrangler's launcher"
}

// sub is s less before, thread group by thread group.
func (s cpuSample) sub(before cpuSample) cpuSample {
	d := cpuSample{}
	for k, v := range s {
		d[k] = v - before[k]
	}
	return d
}

// printCPU prints each row's CPU time per request by thread group (those
// that took at least 0.01 ms a request in some row), the machine's busy
// time per request, and what of it no thread read here accounts for.
func printCPU(names []string, samples []cpuSample, n int) {
	keys := map[string]bool{}
	for _, s := range samples {
		for k, v := range s {
			if k != cpuMachine && v > 10*time.Microsecond*time.Duration(n) {
				keys[k] = true
			}
		}
	}
	cols := make([]string, 0, len(keys))
	for k := range keys {
		cols = append(cols, k)
	}
	slices.Sort(cols)
	fmt.Println("\nCPU time per request, ms, while each row ran (-cpu; /proc schedstat of wrangler's processes and of this client; machine: /proc/stat,")
	fmt.Println("in 10 ms ticks; other: the machine's busy time that no thread read here accounts for, as the kernel's network work and other processes):")
	fmt.Println()
	fmt.Println("| row | " + strings.Join(cols, " | ") + " | sum | machine | other |")
	fmt.Println("|---|" + strings.Repeat("---|", len(cols)+3))
	per := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(n) }
	for i, s := range samples {
		var sum time.Duration
		fmt.Printf("| %s |", names[i])
		for _, k := range cols {
			fmt.Printf(" %.3f |", per(s[k]))
			sum += s[k]
		}
		fmt.Printf(" %.3f | %.2f | %.2f |\n", per(sum), per(s[cpuMachine]), per(s[cpuMachine]-sum))
	}
}
