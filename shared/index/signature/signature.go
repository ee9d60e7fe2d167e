// Package signature signs Retold index files and verifies them, with Go's
// crypto/ed25519.
//
// Signing makes an index something a reader can trust from a backend they did
// not build: whoever builds the index signs its header with ed25519, and the
// header holds the payload's SHA-256, so the one signature vouches for every
// byte. A reader pins the builder's public key; the key written in the file
// only says who claims to have signed, so Verify checks against the pinned key
// and never trusts the file's own.
//
// This is its own package, apart from package index, so that what imports
// index does not link ed25519: the browser extension decodes indexes in its
// wasm but verifies their signatures with the browser's WebCrypto
// (extension/background.js) over the same header bytes, and crypto/ed25519
// brings Go's FIPS 140 module into a binary (about 30 KB brotli). The CLI and
// the Worker sign and verify here.
package signature

import (
	"bytes"
	"crypto/ed25519"
	"errors"

	"github.com/retold/retold/shared/index"
)

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
	out, err := index.SignedCopy(data, priv.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	_, sig, signed, _ := index.Signature(out)
	copy(sig, ed25519.Sign(priv, signed))
	return out, nil
}

// Verify checks that an encoded index was signed by pub and that its payload
// is the one signed. It does not decode the index.
func Verify(data []byte, pub ed25519.PublicKey) error {
	key, sig, signed, err := index.Signature(data)
	if err != nil {
		return err
	}
	if len(pub) != ed25519.PublicKeySize {
		return errors.New("verification key is not an ed25519 public key")
	}
	if !index.IsSigned(data) {
		return ErrUnsigned
	}
	if !bytes.Equal(key, pub) || !ed25519.Verify(pub, signed, sig) {
		return ErrBadSignature
	}
	return index.Check(data)
}
