//go:build !(js && wasm)

// The Worker runs only as WebAssembly under workerd; natively this twin just
// says how to run it, so that `go build ./...` and `go vet ./...` cover the
// package on every platform.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "worker: this is the Cloudflare Worker; build it with `make worker` and run it with `make worker-dev`")
	os.Exit(2)
}
