//go:build !js

package main

// Finding the Worker's own socket under `wrangler dev`. Wrangler serves the
// port it is given from a workerd of its own (a proxy Worker, which also
// reports each request to wrangler's Node process for its log) and runs the
// Worker in a second workerd, on a loopback port it does not print. A request
// to the given port crosses both; a deployed Worker has neither hop. The
// benchmark times the Worker both ways, so that what the local proxy adds
// (about 2 ms a request on this machine, for a plain JS Worker as for ours) is
// measured rather than guessed. The second workerd is found in /proc: the
// workerd in wrangler's process group that was started with an inspector
// (only the Worker's runtime is), its listening loopback sockets, and among
// them the one whose GET /healthz answers as the given port does.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// direct returns a worker that sends to the Worker's own workerd socket,
// bypassing wrangler's proxy, or an error saying why there is none.
func (w *worker) direct() (*worker, error) {
	if runtime.GOOS != "linux" {
		return nil, fmt.Errorf("finding workerd's socket reads /proc (linux only), not on %s", runtime.GOOS)
	}
	if w.cmd == nil || w.cmd.Process == nil {
		return nil, fmt.Errorf("wrangler is not running")
	}
	want, err := w.do("GET", "/healthz", nil)
	if err != nil || want.status != 200 {
		return nil, fmt.Errorf("GET /healthz through wrangler: %v %d", err, want.status)
	}
	pgid := w.cmd.Process.Pid
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		pid, _ := strconv.Atoi(filepath.Base(p))
		if g, err := syscall.Getpgid(pid); err != nil || g != pgid {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join(p, "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte("workerd")) || !bytes.Contains(cmdline, []byte("--inspector-addr")) {
			continue
		}
		for _, port := range listening(pid) {
			d := *w
			d.base = fmt.Sprintf("http://127.0.0.1:%d", port)
			if got, err := d.do("GET", "/healthz", nil); err == nil && got.status == 200 && sameHead(got, want) {
				return &d, nil
			}
		}
	}
	return nil, fmt.Errorf("no workerd socket in wrangler's process group answers /healthz as wrangler does")
}

// sameHead tells whether two /healthz answers are the same kind of answer:
// one content type and the same first bytes (the Worker's health check
// carries changing figures after them).
func sameHead(a, b reply) bool {
	n := min(8, len(a.body), len(b.body))
	return a.header.Get("Content-Type") == b.header.Get("Content-Type") && n > 0 && bytes.Equal(a.body[:n], b.body[:n])
}

// listening is the loopback TCP ports process pid listens on: the sockets
// among its open files that /proc/net/tcp lists in state LISTEN on
// 127.0.0.1.
func listening(pid int) []int {
	fds, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", pid))
	inodes := map[string]bool{}
	for _, fd := range fds {
		if l, err := os.Readlink(fd); err == nil && strings.HasPrefix(l, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	tcp, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/tcp", pid))
	if err != nil {
		return nil
	}
	var ports []int
	for line := range strings.SplitSeq(string(tcp), "\n") {
		f := strings.Fields(line)
		// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
		if len(f) < 10 || f[3] != "0A" || !inodes[f[9]] {
			continue
		}
		host, port, ok := strings.Cut(f[1], ":")
		if !ok || host != "0100007F" { // 127.0.0.1, little-endian hex
			continue
		}
		if n, err := strconv.ParseInt(port, 16, 32); err == nil {
			ports = append(ports, int(n))
		}
	}
	return ports
}

// directNote is what the benchmark prints when it cannot time the Worker
// without wrangler's proxy.
func directNote(err error) string {
	return "(not timed without wrangler's proxy: " + err.Error() + ")"
}
