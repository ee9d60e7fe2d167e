package index

// Signing makes an index something a reader can trust from a backend they did
// not build: whoever builds the index signs its header with ed25519, and the
// header holds the payload's SHA-256, so the one signature vouches for every
// byte. A reader pins the builder's public key; the key written in the file
// only says who claims to have signed, so Verify checks against the pinned key
// and never trusts the file's own.

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
)

const signedFlag = 1 // bit 0 of the header's flags field

var (
	// ErrUnsigned is returned by Verify for an index nobody signed.
	ErrUnsigned = errors.New("index is not signed")
	// ErrBadSignature is returned by Verify when the signature does not
	// verify against the pinned key.
	ErrBadSignature = errors.New("index signature does not verify")
)

// Sign returns a copy of an encoded index signed with priv. Signing an
// already signed index replaces its signature.
func Sign(data []byte, priv ed25519.PrivateKey) ([]byte, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, errors.New("signing key is not an ed25519 private key")
	}
	if _, _, _, err := Signature(data); err != nil {
		return nil, err
	}
	out := bytes.Clone(data)
	binary.LittleEndian.PutUint16(out[10:], binary.LittleEndian.Uint16(out[10:])|signedFlag)
	copy(out[keyAt:], priv.Public().(ed25519.PublicKey))
	copy(out[sigAt:], ed25519.Sign(priv, out[:SignedPart]))
	return out, nil
}

// Verify checks that an encoded index was signed by pub and that its payload
// is the one signed. It does not decode the index.
func Verify(data []byte, pub ed25519.PublicKey) error {
	key, sig, signed, err := Signature(data)
	if err != nil {
		return err
	}
	if len(pub) != ed25519.PublicKeySize {
		return errors.New("verification key is not an ed25519 public key")
	}
	if binary.LittleEndian.Uint16(data[10:])&signedFlag == 0 {
		return ErrUnsigned
	}
	if !bytes.Equal(key, pub) || !ed25519.Verify(pub, signed, sig) {
		return ErrBadSignature
	}
	if err := checksum(data); err != nil {
		return err
	}
	return nil
}
