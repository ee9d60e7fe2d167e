//go:build js

package index

// sum256 is SHA-256: on wasm, this package's own (sha256.go), which keeps Go's
// FIPS 140 module out of the extension's binary.
func sum256(data []byte) [32]byte { return sha256Sum(data) }
