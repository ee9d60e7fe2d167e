// Package main is Retold's engine for the browser extension, compiled to
// WebAssembly (GOOS=js GOARCH=wasm) and run in the extension's background
// (the service worker in Chromium, the background page in Firefox), never in
// a content script, whose page CSP would block wasm.
//
// Design. Everything JavaScript sees goes through one small binding object,
// globalThis.retold (binding.go, the only file that imports syscall/js): it
// takes bytes or strings and returns JSON strings, turns every Go error into a
// thrown JS Error, and recovers from a panic so none crosses the boundary.
// This file holds what the binding calls, in plain Go, so it is tested
// natively.
//
// The engine holds one current index. At start it is the default corpus,
// decoded from seeds.idx, a prebuilt copy of shared/corpus's index embedded
// here: decoding it is a fraction of a millisecond where building it from the
// seed articles takes far longer, and the extension's cold start is what a
// reader waits for. TestEmbeddedIndexFresh fails when seeds.idx no longer
// equals what the seeds build (regenerate with UPDATE_SNAPSHOTS=1). An index
// from elsewhere (the backend, a file the reader imports) must verify against
// the pinned ed25519 key and be of a format this build reads before it
// replaces the current one; a refused index leaves the current one in place.
// The signature is checked by the background, with WebCrypto, before the
// bytes reach loadIndex (extension/background.js, verifyIndex): Go's
// crypto/ed25519 would link its FIPS 140 module into this binary, where the
// browser already has the same check. loadIndex still checks the format and
// the checksum, which the signature covers.
//
// The lexicon's main data file, lexicon.bin, is not compiled in: the
// extension builds with the tag retold_lexicon_file, ships the file beside
// the wasm, and the background hands it over with loadLexicon right after
// go.run (it is fetched while the wasm compiles). Data is not code: inside
// the module it only made the module larger to fetch and instantiate. Until
// it arrives every call that needs the lexicon fails with errNoLexicon
// rather than analyzing without synonyms and weights. Native test builds
// embed it as the CLI does.
//
// Results are written as JSON by hand (json.go) rather than with
// encoding/json: the schema is small and fixed, and skipping reflection-based
// encoding keeps the binary smaller.
package main

import (
	_ "embed"
	"errors"
	"strconv"
	"sync"

	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/match"
)

// Version is the engine's version, reported by status.
const Version = "0.1.0"

// Index sources, as status reports them.
const (
	sourceEmbedded = "embedded"
	sourceBackend  = "backend"
	sourceImported = "imported"
)

// limits bound what the binding accepts, in one place.
var limits = struct {
	page, index, pack, lexicon int // bytes
	url                        int // bytes
}{page: 4 << 20, index: 256 << 20, pack: 64 << 20, lexicon: 64 << 20, url: 4096}

//go:embed seeds.idx
var seedsIdx []byte

// engine is the extension's one engine: the current index and where it came
// from.
type engine struct {
	mu     sync.Mutex
	x      *index.Index
	source string
	format int
	langs  []string
}

// loadLanguagePack installs a language pack's data in the lexicon. The
// extension ships packs as files and loads one only when a page needs it
// (match.Result.Needs), so none is compiled in.
var loadLanguagePack = lexicon.InstallPack

// newEngine returns an engine that will hold the embedded default corpus.
// Decoding it waits for the first call that needs an index: decoding wakes
// the lexicon, which is most of the engine's start-up time, and a service
// worker woken by an alarm or a message about settings does not need it.
func newEngine() *engine { return &engine{} }

// current returns the current index, decoding the embedded one on first use.
// The caller holds e.mu.
func (e *engine) current() (*index.Index, error) {
	if !lexicon.HasData() {
		return nil, errNoLexicon
	}
	if e.x == nil {
		x, err := index.Decode(seedsIdx)
		if err != nil {
			return nil, errors.New("embedded corpus: " + err.Error())
		}
		e.x, e.source, e.format = x, sourceEmbedded, formatOf(seedsIdx)
	}
	return e.x, nil
}

// errNoLexicon: the extension's build does not embed the lexicon's data
// (lexicon.bin ships as a file of the extension, see loadLexicon), and
// nothing may be analyzed or decoded without it.
var errNoLexicon = errors.New("the lexicon's data is not loaded: call loadLexicon(bytes of lexicon.bin) first")

// loadLexicon hands the lexicon its data file. The extension's wasm is built
// with the tag retold_lexicon_file, so lexicon.bin is not inside it: the
// background fetches the file while the wasm compiles and passes it in
// before anything else. Checked for its signature here, decoded on first use.
func (e *engine) loadLexicon(data []byte) error {
	if len(data) > limits.lexicon {
		return errors.New("lexicon data is " + strconv.Itoa(len(data)) + " bytes, over the " + strconv.Itoa(limits.lexicon) + "-byte limit")
	}
	return lexicon.SetData(data)
}

// formatOf reads the format version from an encoded index's header.
func formatOf(data []byte) int {
	if len(data) < 10 {
		return 0
	}
	return int(data[8]) | int(data[9])<<8
}

// analyze finds the article in page (HTML) and flags its known claims.
func (e *engine) analyze(page []byte, url string) ([]byte, error) {
	if len(page) > limits.page {
		return nil, errors.New("page is " + strconv.Itoa(len(page)) + " bytes, over the " + strconv.Itoa(limits.page) + "-byte limit")
	}
	if len(url) > limits.url {
		url = url[:limits.url]
	}
	a := intake.Article{ID: url, URL: url}
	if d, err := extract.Extract(page, url); err == nil {
		a.Text, a.Title, a.Outlet, a.Date, a.Lang = d.Text(), d.Title, d.Outlet, extract.NormalizeDate(d.Date), d.Lang
	} else if !errors.Is(err, extract.ErrNotHTML) {
		return nil, err
	}
	e.mu.Lock()
	x, err := e.current()
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	res := match.Analyze(x, a)
	return encodeResult(res), nil
}

// loadIndex decodes data, an index whose signature the background has
// verified against the pinned key, and only then makes it the current index.
// It checks the format and the checksum itself. source says where it came
// from (backend or imported).
func (e *engine) loadIndex(data []byte, source string) error {
	if source != sourceBackend && source != sourceImported {
		return errors.New("unknown index source " + strconv.Quote(source) + " (want backend or imported)")
	}
	if !lexicon.HasData() {
		return errNoLexicon
	}
	if len(data) > limits.index {
		return errors.New("index is " + strconv.Itoa(len(data)) + " bytes, over the " + strconv.Itoa(limits.index) + "-byte limit")
	}
	x, err := index.Decode(data)
	if errors.Is(err, index.ErrNewerFormat) {
		return errors.New("this index was made by a newer Retold (format " + strconv.Itoa(formatOf(data)) +
			", this engine reads up to " + strconv.Itoa(index.Format) + "): update the Retold extension to use it")
	}
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.x, e.source, e.format = x, source, formatOf(data)
	e.mu.Unlock()
	return nil
}

// resetIndex goes back to the embedded default corpus.
func (e *engine) resetIndex() error {
	if !lexicon.HasData() {
		return errNoLexicon
	}
	x, err := index.Decode(seedsIdx)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.x, e.source, e.format = x, sourceEmbedded, formatOf(seedsIdx)
	e.mu.Unlock()
	return nil
}

// loadLanguage installs a language pack.
func (e *engine) loadLanguage(data []byte) error {
	if !lexicon.HasData() {
		return errNoLexicon
	}
	if len(data) > limits.pack {
		return errors.New("language pack is " + strconv.Itoa(len(data)) + " bytes, over the " + strconv.Itoa(limits.pack) + "-byte limit")
	}
	lang, err := loadLanguagePack(data)
	if err != nil {
		return err
	}
	if lang != "" {
		e.mu.Lock()
		e.langs = append(e.langs, lang)
		e.mu.Unlock()
	}
	return nil
}

// status reports the engine and its current index as JSON.
func (e *engine) status() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.current(); err != nil {
		return nil, err
	}
	var w jsonWriter
	w.raw(`{"engine":`)
	w.str(Version)
	w.raw(`,"index":{"source":`)
	w.str(e.source)
	w.raw(`,"articles":`)
	w.int(len(e.x.Articles))
	w.raw(`,"claims":`)
	w.int(len(e.x.Claims))
	w.raw(`,"sentences":`)
	w.int(len(e.x.Sentences))
	w.raw(`,"date":`)
	w.str(e.x.Date)
	w.raw(`,"format":`)
	w.int(e.format)
	w.raw(`},"reads_format":`)
	w.int(index.Format)
	w.raw(`,"languages":[`)
	for i, l := range e.langs {
		if i > 0 {
			w.raw(",")
		}
		w.str(l)
	}
	w.raw("]}")
	return w.b, nil
}
