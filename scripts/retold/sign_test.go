package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retold/retold/shared/index/signature"
)

// expectExit runs the CLI and checks its exit code.
func expectExit(t *testing.T, want int, args ...string) string {
	t.Helper()
	code, out, errs := cli(t, args...)
	if code != want {
		t.Fatalf("retold %s: exit %d, want %d: %s", strings.Join(args, " "), code, want, errs)
	}
	return out
}

func TestKeygenIndexSignVerify(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k")
	out := expectExit(t, 0, "keygen", "-o", key)
	pub, err := base64.StdEncoding.DecodeString(strings.TrimSpace(out))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		t.Fatalf("keygen printed %q", out)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	expectExit(t, 1, "keygen", "-o", key) // never overwrites a key

	idx := filepath.Join(dir, "a.idx")
	expectExit(t, 0, append([]string{"index", "-sign", key, "-o", idx}, seedFiles(t)...)...)
	data, _ := os.ReadFile(idx)
	if err := signature.Verify(data, pub); err != nil {
		t.Fatalf("index -sign: %v", err)
	}

	plain := filepath.Join(dir, "b.idx")
	expectExit(t, 0, append([]string{"index", "-o", plain}, seedFiles(t)...)...)
	data, _ = os.ReadFile(plain)
	if err := signature.Verify(data, pub); err != signature.ErrUnsigned {
		t.Fatalf("unsigned index: %v", err)
	}
	expectExit(t, 0, "sign", "-key", key, plain)
	data, _ = os.ReadFile(plain)
	if err := signature.Verify(data, pub); err != nil {
		t.Fatalf("sign: %v", err)
	}

	// A corrupt index is not signed, and the file is left as it was.
	data[len(data)-1] ^= 1
	os.WriteFile(plain, data, 0o644)
	expectExit(t, 1, "sign", "-key", key, plain)
	if after, _ := os.ReadFile(plain); string(after) != string(data) {
		t.Fatal("a failed sign changed the file")
	}
	bad := write(t, dir, "bad.key", "not a key\n")
	expectExit(t, 1, "sign", "-key", bad, idx)
	expectExit(t, 1, append([]string{"index", "-sign", bad, "-o", filepath.Join(dir, "c.idx")}, seedFiles(t)...)...)
	if _, err := os.Stat(filepath.Join(dir, "c.idx")); err == nil {
		t.Fatal("index -sign with a bad key wrote an index")
	}
	expectExit(t, 2, "sign", idx)
	expectExit(t, 2, "keygen")
}
