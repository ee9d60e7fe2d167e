//go:build !retold_noparse

package main

import (
	"bytes"

	"golang.org/x/net/html"
)

// parseOnly parses page as HTML and nothing else: the baseline the benchmark
// sets analyze beside. The engine itself no longer calls html.Parse (extract
// builds its own tree from the Tokenizer), so this is the one thing that
// links x/net/html's tree construction into the wasm: about 50 KB brotli.
// A build with the tag retold_noparse leaves it out (baseline_none.go), for
// an extension that is not benchmarked.
func parseOnly(page []byte) error {
	_, err := html.Parse(bytes.NewReader(page))
	return err
}
