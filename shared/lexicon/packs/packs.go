// Package packs embeds every language pack of package lexicon, for the
// front ends that carry all of them (the CLI, the Worker). The extension
// does not import it: it fetches one pack file when a page needs it and
// hands the bytes to lexicon.LoadPack, so a reader of English pages never
// pays for the others.
package packs

import (
	"embed"
	"fmt"
	"sort"
	"strings"

	"github.com/retold/retold/shared/lexicon"
)

//go:embed *.bin
var files embed.FS

// Register loads every embedded pack into package lexicon.
func Register() error {
	entries, err := files.ReadDir(".")
	if err != nil {
		return err
	}
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return err
		}
		if err := lexicon.LoadPack(b); err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
	}
	return nil
}

// Sizes gives each embedded pack's size in bytes, by language.
func Sizes() map[string]int {
	out := map[string]int{}
	entries, _ := files.ReadDir(".")
	for _, e := range entries {
		if b, err := files.ReadFile(e.Name()); err == nil {
			out[strings.TrimSuffix(e.Name(), ".bin")] = len(b)
		}
	}
	return out
}

// Langs lists the languages with an embedded pack, sorted.
func Langs() []string {
	var out []string
	for l := range Sizes() {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
