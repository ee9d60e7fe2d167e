package lexicon

// Handing the lexicon its data file at run time. A build with the tag
// retold_lexicon_file does not embed lexicon.bin (320 KB, a sixth of the
// extension's WebAssembly once compressed); its front end reads the file
// itself, where it lies, and calls SetData before anything stems a word.
// Every other build embeds the file, and SetData there is only a check.
// The data is checked only for its signature here: decoding it waits for the
// first use, as with the embedded file, so a service worker that never
// analyzes a page never pays for it.

import (
	"errors"
	"strings"
	"sync"
)

var (
	binMu   sync.Mutex // guards lexiconBin and binUsed
	binUsed bool       // the lexicon has decoded lexiconBin
)

// HasData reports whether the lexicon has its data file: always in a build
// that embeds it, after SetData in one that does not. Without it, terms are
// still made but no two stems are known as synonyms and every stem weighs the
// same, so a front end must not analyze before HasData is true.
func HasData() bool {
	binMu.Lock()
	defer binMu.Unlock()
	return lexiconBin != ""
}

// SetData installs bin, the contents of lexicon.bin, as the lexicon's data.
// It fails on anything that is not a lexicon data file, and, once the
// lexicon has been used, on data other than what it already uses.
func SetData(bin []byte) error {
	if !strings.HasPrefix(string(bin), binMagic) {
		return errors.New("not a lexicon data file (lexicon.bin)")
	}
	binMu.Lock()
	defer binMu.Unlock()
	if binUsed || lexiconBin != "" {
		if string(bin) == lexiconBin {
			return nil
		}
		return errors.New("the lexicon already has other data")
	}
	lexiconBin = string(bin)
	return nil
}
