package main

// Signing from the command line: keygen makes the ed25519 key a corpus
// builder signs with, index -sign and sign use it. The key file is one line,
// the base64 of the 64-byte private key, the same text the Worker takes as
// its SIGNING_KEY secret; the public key is printed as base64, what the
// Worker's PUBLIC_KEY and the extension pin. A key file is never
// overwritten (losing a key strands every reader that pinned it) and is
// written readable by its owner only.

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/index/signature"
)

func cmdKeygen(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("keygen", stderr)
	out := fs.String("o", "", "the private key file to write (must not exist)")
	if fs.Parse(args) != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "retold keygen: usage: retold keygen -o KEYFILE")
		return 2
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err == nil {
		err = writeNew(*out, []byte(base64.StdEncoding.EncodeToString(priv)+"\n"))
	}
	if err != nil {
		fmt.Fprintf(stderr, "retold keygen: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, base64.StdEncoding.EncodeToString(pub))
	return 0
}

// writeNew writes a file that must not exist yet, mode 0600, whole or not at
// all.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// readKey reads a key file: the base64 of a 64-byte ed25519 private key or
// of its 32-byte seed.
func readKey(path string) (ed25519.PrivateKey, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: not a key file (want one line of base64)", path)
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		k := ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize])
		if subtle.ConstantTimeCompare(k, raw) != 1 {
			return nil, fmt.Errorf("%s: the key's public half does not match its seed", path)
		}
		return k, nil
	}
	return nil, fmt.Errorf("%s: not an ed25519 private key (%d bytes)", path, len(raw))
}

func cmdSign(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("sign", stderr)
	keyPath := fs.String("key", "", "the private key file (retold keygen)")
	out := fs.String("o", "", "where to write the signed index (default: over IDX)")
	if fs.Parse(args) != nil {
		return 2
	}
	if *keyPath == "" || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "retold sign: usage: retold sign -key KEYFILE [-o OUT] IDX")
		return 2
	}
	dst := *out
	if dst == "" {
		dst = fs.Arg(0)
	}
	key, err := readKey(*keyPath)
	var data []byte
	if err == nil {
		data, err = readFile(fs.Arg(0))
	}
	if err == nil {
		data, err = signChecked(data, key)
	}
	if err == nil {
		err = index.WriteFile(dst, data)
	}
	if err != nil {
		fmt.Fprintf(stderr, "retold sign: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "retold sign: %s signed by %s\n", dst, base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)))
	return 0
}

// signChecked signs an encoded index and checks the result, so a corrupt
// index is never given a valid signature.
func signChecked(data []byte, key ed25519.PrivateKey) ([]byte, error) {
	if _, err := index.Decode(data); err != nil {
		return nil, err
	}
	signed, err := signature.Sign(data, key)
	if err != nil {
		return nil, err
	}
	if err := signature.Verify(signed, key.Public().(ed25519.PublicKey)); err != nil {
		return nil, errors.New("the signed index does not verify: " + err.Error())
	}
	return signed, nil
}
