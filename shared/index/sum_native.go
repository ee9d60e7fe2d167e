//go:build !js

package index

import "crypto/sha256"

// sum256 is SHA-256. Natively it is crypto/sha256, which uses the CPU's SHA
// instructions where there are some; see sha256.go for why wasm builds do not
// import it.
func sum256(data []byte) [32]byte { return sha256.Sum256(data) }
