package index

import (
	"crypto/ed25519"
	"errors"
	"testing"
)

func TestSignVerify(t *testing.T) {
	data := build(t, seeds(t)[:2]).Encode()
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	seed[0] = 1
	other := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)

	signed, err := Sign(data, priv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(signed); err != nil {
		t.Fatalf("a signed index must still decode: %v", err)
	}
	tamper := func(at int) []byte {
		b := append([]byte(nil), signed...)
		b[at] ^= 1
		return b
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
		{"checksum field changed", tamper(sumAt), pub, ErrBadSignature},
	} {
		if err := Verify(tc.data, tc.key); !errors.Is(err, tc.want) {
			t.Errorf("%s: Verify = %v, want %v", tc.name, err, tc.want)
		}
	}
	// A changed payload keeps a valid header signature but fails the checksum.
	if err := Verify(tamper(len(signed)-1), pub); err == nil {
		t.Error("a changed payload must not verify")
	}
	if err := Verify(signed[:40], pub); err == nil {
		t.Error("a truncated index must not verify")
	}
}
