package signature

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/retold/retold/shared/index"
)

// header offsets (shared/index/format.go), for tampering.
const (
	sumAt = 24
	keyAt = 56
	sigAt = 88
)

// testIndex is a small encoded index: the fields signing touches do not
// depend on what it holds.
func testIndex() []byte {
	return (&index.Index{Date: "2024-05-01", Articles: []index.Article{{ID: "a", Title: "A title"}}}).Encode()
}

func TestSignVerify(t *testing.T) {
	data := testIndex()
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	seed[0] = 1
	other := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)

	signed, err := Sign(data, priv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := index.Decode(signed); err != nil {
		t.Fatalf("a signed index must still decode: %v", err)
	}
	if !index.IsSigned(signed) || index.IsSigned(data) {
		t.Error("IsSigned does not tell the signed index from the unsigned one")
	}
	resigned, err := Sign(signed, ed25519.NewKeyFromSeed(seed))
	if err != nil || Verify(resigned, other) != nil {
		t.Errorf("signing again with another key: %v, %v", err, Verify(resigned, other))
	}
	tamper := func(at int) []byte {
		b := append([]byte(nil), signed...)
		b[at] ^= 1
		return b
	}
	newer := append([]byte(nil), data...)
	binary.LittleEndian.PutUint16(newer[8:], index.Format+1)
	if newer, err = Sign(newer, priv); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		key  ed25519.PublicKey
		want error
	}{
		{"signed by the pinned key", signed, pub, nil},
		{"unsigned", data, pub, ErrUnsigned},
		{"signed by another key", signed, other, ErrBadSignature},
		{"signature changed", tamper(sigAt + 3), pub, ErrBadSignature},
		{"signer field changed", tamper(keyAt), pub, ErrBadSignature},
		{"checksum field changed", tamper(sumAt), pub, ErrBadSignature},
		{"flags changed", tamper(10), pub, ErrUnsigned},
		{"newer format", newer, pub, index.ErrNewerFormat},
	} {
		expectVerify(t, tc.name, tc.data, tc.key, tc.want)
	}
	// A changed payload keeps a valid header signature but fails the checksum.
	for _, tc := range []struct {
		name string
		data []byte
		key  ed25519.PublicKey
	}{
		{"changed payload", tamper(len(signed) - 1), pub},
		{"truncated", signed[:40], pub},
		{"short key", signed, pub[:31]},
	} {
		if err := Verify(tc.data, tc.key); err == nil {
			t.Errorf("%s: verified", tc.name)
		}
	}
}

func expectVerify(t *testing.T, name string, data []byte, key ed25519.PublicKey, want error) {
	t.Helper()
	if err := Verify(data, key); !errors.Is(err, want) {
		t.Errorf("%s: Verify = %v, want %v", name, err, want)
	}
}

func TestSignRefuses(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	if _, err := Sign(testIndex(), priv[:10]); err == nil {
		t.Error("signed with a short key")
	}
	if _, err := Sign([]byte("not an index"), priv); err == nil {
		t.Error("signed something that is not an index")
	}
}
