package index

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestSHA256 holds sha256Sum to the FIPS 180-4 example vectors and to
// crypto/sha256 at every length around the block and padding boundaries.
func TestSHA256(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
		{strings.Repeat("a", 1000000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
	} {
		expectSHA256(t, []byte(c.in), c.want)
	}
	buf := make([]byte, 300)
	for i := range buf {
		buf[i] = byte(i*7 + 3)
	}
	for n := range len(buf) {
		want := sha256.Sum256(buf[:n])
		expectSHA256(t, buf[:n], hex.EncodeToString(want[:]))
	}
}

func expectSHA256(t *testing.T, in []byte, want string) {
	t.Helper()
	if got := sha256Sum(in); hex.EncodeToString(got[:]) != want {
		t.Errorf("sha256Sum of %d bytes = %x, want %s", len(in), got, want)
	}
}

func FuzzSHA256(f *testing.F) {
	f.Add([]byte("abc"))
	f.Add(make([]byte, 55))
	f.Add(make([]byte, 64))
	f.Fuzz(func(t *testing.T, in []byte) {
		if got, want := sha256Sum(in), sha256.Sum256(in); got != want {
			t.Fatalf("sha256Sum(%x) = %x, want %x", in, got, want)
		}
	})
}
