package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/retold/retold/shared/corpus"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/index/signature"
	"github.com/retold/retold/shared/match"
)

// TestEmbeddedIndexFresh fails when seeds.idx is not what the seed corpus
// builds today. UPDATE_SNAPSHOTS=1 rewrites it.
func TestEmbeddedIndexFresh(t *testing.T) {
	x, err := corpus.Index()
	if err != nil {
		t.Fatal(err)
	}
	want := x.Encode()
	if os.Getenv("UPDATE_SNAPSHOTS") != "" {
		if err := index.WriteFile("seeds.idx", want); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(seedsIdx, want) {
		t.Fatal("seeds.idx is stale: regenerate with UPDATE_SNAPSHOTS=1 go test ./wasm/extension")
	}
}

// A sample page: two seed sentences in article markup, with furniture.
const samplePage = `<!doctype html><html><head><title>Pyongyang denies arms deal</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Pyongyang denies arms deal</h1>
<p>North Korea on Sunday denied providing arms to Moscow after the United States said the nuclear-armed state supplied rockets and missiles to Russian mercenary group Wagner.</p>
<p>The White House said last month it had information that North Korea had completed an initial arms delivery to Wagner, which sends mercenaries to fight alongside Russian troops in Ukraine.</p>
<p>Officials in Pyongyang called the report a rumour with no basis in fact and said the country had never had arms dealings with Russia.</p>
</article><footer>Advertisement</footer></body></html>`

func newTestEngine(t *testing.T) *engine {
	t.Helper()
	e := newEngine()
	if _, err := e.status(); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAnalyzeFlagsSeedSentences(t *testing.T) {
	e := newTestEngine(t)
	out, err := e.analyze([]byte(samplePage), "https://example.org/news/1")
	if err != nil {
		t.Fatal(err)
	}
	var r match.Result
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("analyze wrote invalid JSON: %v\n%s", err, out)
	}
	if len(r.Flags) == 0 {
		t.Fatalf("no flags on a page made of seed sentences: %s", out)
	}
	for _, f := range r.Flags {
		if !strings.Contains(samplePage, f.Selector.Exact) {
			t.Errorf("selector %q is not page text", f.Selector.Exact)
		}
	}
}

func TestAnalyzeRefusesHuge(t *testing.T) {
	e := newTestEngine(t)
	if _, err := e.analyze(make([]byte, limits.page+1), ""); err == nil {
		t.Fatal("no error for a page over the limit")
	}
	out, err := e.analyze([]byte("plain text, no markup"), "")
	if err != nil || !strings.Contains(string(out), `"flags":[]`) {
		t.Fatalf("text without markup: %s, %v", out, err)
	}
}

// TestEncodeMatchesJSON holds the hand-written encoder to encoding/json.
func TestEncodeMatchesJSON(t *testing.T) {
	full := match.Result{Page: "p<&>\u2028", Flags: []match.Flag{{
		Text: "a \"quoted\"\n\tline \xff", Kind: "denial", Claim: "c1", Speaker: "S", Score: 0.125,
		Versions: []match.Version{{Source: "s", Outlet: "o", URL: "u", Date: "d", Lang: "l", Text: "t", Score: 1, Earliest: true}, {Score: 0.5}},
		Counter:  &match.Counter{Claim: "c2", Kind: "claim", Speaker: "K", Text: "x"},
		Selector: match.Selector{Exact: "e", Prefix: "p", Suffix: "s"},
		Position: match.Position{Start: 3, End: 9},
	}, {Kind: "claim"}}}
	fillAll(reflect.ValueOf(&full).Elem())
	for _, r := range []match.Result{{Page: "", Flags: []match.Flag{}}, full} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal(encodeResult(r), &a); err != nil {
			t.Fatalf("invalid JSON: %v\n%s", err, encodeResult(r))
		}
		json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("encodeResult differs from encoding/json:\n got %s\nwant %s", encodeResult(r), want)
		}
	}
}

// fillAll sets every zero field of v (recursively) to a non-zero value, so a
// field added to the schema shows up in TestEncodeMatchesJSON.
func fillAll(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fillAll(v.Field(i))
		}
	case reflect.Slice:
		if v.IsNil() || v.Len() == 0 {
			v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.Zero(v.Type().Elem())))
		}
		for i := 0; i < v.Len(); i++ {
			fillAll(v.Index(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fillAll(v.Elem())
	case reflect.String:
		if v.String() == "" {
			v.SetString("z")
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		if v.Int() == 0 {
			v.SetInt(7)
		}
	case reflect.Float64, reflect.Float32:
		if v.Float() == 0 {
			v.SetFloat(0.25)
		}
	case reflect.Bool:
		v.SetBool(true)
	}
}

// TestLoadIndex: the engine takes an index whose signature the background
// verified (the browser tests refuse wrong keys and tampered headers there),
// and still refuses a corrupt one or one of a newer format.
func TestLoadIndex(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	signed, err := signature.Sign(seedsIdx, priv)
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(signed)
	tampered[len(tampered)-1] ^= 1
	newer := bytes.Clone(seedsIdx)
	binary.LittleEndian.PutUint16(newer[8:], index.Format+1)
	if newer, err = signature.Sign(newer, priv); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, source string
		data         []byte
		wantErr      string // "" for success
	}{
		{"signed", sourceBackend, signed, ""},
		{"imported", sourceImported, signed, ""},
		{"tampered", sourceBackend, tampered, "checksum"},
		{"newer format", sourceBackend, newer, "update the Retold extension"},
		{"garbage", sourceBackend, []byte("RETOLDIX"), "index"},
		{"bad source", "elsewhere", signed, "source"},
		{"a key where the source goes", base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey)), signed, "source"},
		{"huge", sourceBackend, make([]byte, limits.index+1), "limit"},
	} {
		expectLoad(t, c.name, c.data, c.source, c.wantErr)
	}
}

func expectLoad(t *testing.T, name string, data []byte, source, wantErr string) {
	t.Helper()
	e := newTestEngine(t)
	before := e.x
	err := e.loadIndex(data, source)
	switch {
	case wantErr == "" && err != nil:
		t.Errorf("%s: %v", name, err)
	case wantErr == "" && (e.x == before || e.source != source):
		t.Errorf("%s: the index was not replaced", name)
	case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
		t.Errorf("%s: error %v, want one containing %q", name, err, wantErr)
	case wantErr != "" && (e.x != before || e.source != sourceEmbedded):
		t.Errorf("%s: a refused index replaced the current one", name)
	}
}

func TestStatus(t *testing.T) {
	e := newTestEngine(t)
	var s struct {
		Engine string
		Index  struct {
			Source                      string
			Articles, Claims, Sentences int
			Date                        string
			Format                      int
		}
	}
	out, err := e.status()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if s.Engine != Version || s.Index.Source != sourceEmbedded || s.Index.Articles == 0 || s.Index.Claims == 0 ||
		s.Index.Sentences == 0 || s.Index.Date == "" || s.Index.Format != index.Format {
		t.Errorf("status %s", out)
	}
}

func TestResetIndexAfterImport(t *testing.T) {
	signed, err := signature.Sign(seedsIdx, ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t)
	if err := e.loadIndex(signed, sourceImported); err != nil {
		t.Fatal(err)
	}
	if err := e.resetIndex(); err != nil || e.source != sourceEmbedded {
		t.Fatalf("reset: %v, source %q", err, e.source)
	}
}

func TestLoadLanguageBounded(t *testing.T) {
	e := newTestEngine(t)
	if err := e.loadLanguage(make([]byte, limits.pack+1)); err == nil {
		t.Error("no error for a pack over the limit")
	}
	if err := e.loadLanguage([]byte("pack")); err == nil {
		t.Error("no error for bytes that are not a pack")
	}
	fr, err := os.ReadFile("../../shared/lexicon/packs/fr.bin")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.loadLanguage(fr); err != nil {
		t.Fatalf("the French pack was refused: %v", err)
	}
	if !slices.Contains(e.langs, "fr") {
		t.Errorf("loaded languages %v, want fr among them", e.langs)
	}
}

func TestParseOnly(t *testing.T) {
	if err := parseOnly([]byte(samplePage)); err != nil {
		t.Fatal(err)
	}
}

// TestLoadLexicon: the extension hands lexicon.bin in; what is not one, or
// is too large, is refused. (Test builds embed the file, so the data is in
// place and the engine answers.)
func TestLoadLexicon(t *testing.T) {
	e := newEngine()
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a lexicon", []byte("<html>not a lexicon</html>")},
		{"other lexicon data", []byte("LEX1 other data")},
		{"huge", append([]byte("LEX1"), make([]byte, limits.lexicon)...)},
	} {
		if err := e.loadLexicon(c.data); err == nil {
			t.Errorf("%s: loadLexicon accepted it", c.name)
		}
	}
	if _, err := e.status(); err != nil {
		t.Errorf("status after refused lexicon data: %v", err)
	}
}
