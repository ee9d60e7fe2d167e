package main

import (
	"fmt"
	"os"

	"github.com/retold/retold/shared/lexicon/packs"
)

// The CLI carries every language pack: it reads pages in any language
// without fetching anything.
func init() {
	if err := packs.Register(); err != nil {
		fmt.Fprintln(os.Stderr, "retold: language packs:", err)
	}
}
