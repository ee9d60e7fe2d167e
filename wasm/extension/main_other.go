//go:build !(js && wasm)

package main

import "os"

// main explains itself: this program only runs as WebAssembly in the extension.
func main() {
	os.Stderr.WriteString("wasm/extension: build with GOOS=js GOARCH=wasm (make extension)\n")
	os.Exit(2)
}
