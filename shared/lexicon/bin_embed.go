//go:build !retold_lexicon_file

package lexicon

import _ "embed"

// lexiconBin is lexicon.bin, embedded: the CLI and the Worker carry it in
// their binaries.
//
//go:embed lexicon.bin
var lexiconBin string
