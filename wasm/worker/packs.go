//go:build js && wasm

package main

import (
	"fmt"
	"os"

	"github.com/retold/retold/shared/lexicon/packs"
)

// The Worker carries every language pack, as the CLI does: a match request
// and an ingested article may be in any language, and /v1/match must give the
// flags `retold analyze` gives.
func init() {
	if err := packs.Register(); err != nil {
		fmt.Fprintln(os.Stderr, "worker: language packs:", err)
	}
}
