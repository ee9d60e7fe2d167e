//go:build !(js && wasm)

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestShippedEngineLinksNoFmt builds the engine as the Makefile ships it
// (EXT_SHIP_TAGS) and reads the linker's reachability graph: package fmt,
// which brings reflect and its printing machinery, must not be reached. It
// was 320 KB of the wasm and 53 KB of its brotli size, reached by a single
// fmt.Errorf, and any one call on the engine's path brings it all back.
func TestShippedEngineLinksNoFmt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the engine for wasm")
	}
	cmd := exec.Command("go", "build", "-trimpath",
		"-tags", "retold_lexicon_file,retold_noparse", "-ldflags=-dumpdep",
		"-o", filepath.Join(t.TempDir(), "retold.wasm"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		from, to, ok := strings.Cut(strings.TrimSpace(line), " -> ")
		if ok && strings.HasPrefix(to, "fmt.") && !strings.HasPrefix(from, "fmt.") && !strings.HasPrefix(from, "type:") {
			t.Errorf("the engine reaches fmt: %s -> %s", from, to)
		}
	}
}
