//go:build retold_lexicon_file

package lexicon

// lexiconBin is lexicon.bin, handed in with SetData. The browser extension
// builds with this tag and ships the file beside its WebAssembly: the engine
// is a sixth smaller, and the file is fetched while the module compiles.
var lexiconBin string
