package main

// Benchmarks of the extension's analyze path over real news pages, beside
// their baseline: BenchmarkAnalyzeRealPages is what the engine does per page
// (extract, then match against the embedded corpus), BenchmarkParseRealPages
// a bare html.Parse of the same bytes, and BenchmarkExtractRealPages the
// extraction alone, so that analyze less extract is the matching's share.
// The extraction does not call html.Parse: it builds its own tree from
// x/net/html's Tokenizer (shared/extract/build.go), so extract ÷ parse can
// fall below 1.
// They read the first 30 pages of the
// article-extraction benchmark in place, from $SHARED/data (SHARED=../shared
// when run by make), and skip without it. Profile with
//
//	SHARED=../shared go test ./wasm/extension -run '^$' -bench RealPages -cpuprofile cpu.out
//
// scripts/bench-extension.mjs times the same pair compiled to wasm in Chromium.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/match"
	"golang.org/x/net/html"
)

// realPageCount matches bench-extension's default N.
const realPageCount = 30

func realPages(b *testing.B) [][]byte {
	b.Helper()
	shared := os.Getenv("SHARED")
	if shared == "" {
		b.Skip("SHARED is not set (the data sets in ../shared/data)")
	}
	files, err := filepath.Glob(filepath.Join(shared, "data/article-extraction-benchmark/html/*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Skip("no pages in $SHARED/data/article-extraction-benchmark/html")
	}
	sort.Strings(files)
	var pages [][]byte
	for _, f := range files[:min(realPageCount, len(files))] {
		pages = append(pages, readGzip(b, f))
	}
	return pages
}

func BenchmarkAnalyzeRealPages(b *testing.B) {
	pages := realPages(b)
	e := newEngine()
	if _, err := e.status(); err != nil { // the embedded index, decoded once
		b.Fatal(err)
	}
	for b.Loop() {
		for _, p := range pages {
			if _, err := e.analyze(p, "https://example.org/"); err != nil {
				b.Fatal(err)
			}
		}
	}
	// What the heap has taken from the system: in wasm, linear memory only
	// grows, so this is the peak (GOGC trades it for time spent collecting).
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-MB")
}

func BenchmarkExtractRealPages(b *testing.B) {
	pages := realPages(b)
	for b.Loop() {
		for _, p := range pages {
			if _, err := extract.Extract(p, "https://example.org/"); err != nil && !errors.Is(err, extract.ErrNotHTML) {
				b.Fatal(err)
			}
		}
	}
}

// articles extracts the pages once, as analyze hands them to the matcher.
func articles(b *testing.B, pages [][]byte) []intake.Article {
	var as []intake.Article
	for _, p := range pages {
		a := intake.Article{ID: "https://example.org/", URL: "https://example.org/"}
		if d, err := extract.Extract(p, a.URL); err == nil {
			a.Text, a.Title, a.Outlet, a.Date, a.Lang = d.Text(), d.Title, d.Outlet, extract.NormalizeDate(d.Date), d.Lang
		} else if !errors.Is(err, extract.ErrNotHTML) {
			b.Fatal(err)
		}
		as = append(as, a)
	}
	return as
}

// BenchmarkMatchRealPages is analyze's matching stage alone: match.Analyze on
// the pages' extracted articles.
func BenchmarkMatchRealPages(b *testing.B) {
	as := articles(b, realPages(b))
	e := newEngine()
	if _, err := e.status(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, a := range as {
			match.Analyze(e.x, a)
		}
	}
}

// BenchmarkEncodeRealPages is analyze's last stage alone: the flag JSON of
// the pages' results.
func BenchmarkEncodeRealPages(b *testing.B) {
	as := articles(b, realPages(b))
	e := newEngine()
	if _, err := e.status(); err != nil {
		b.Fatal(err)
	}
	var rs []match.Result
	for _, a := range as {
		rs = append(rs, match.Analyze(e.x, a))
	}
	for b.Loop() {
		for _, r := range rs {
			encodeResult(r)
		}
	}
}

// BenchmarkStagesRealPages splits analyze into its stages the way
// bench-extension times it: per page the least of five runs of each stage
// (the shared machine's noise only adds time), then the median over the
// pages, in ms. parse is a bare html.Parse; analyze/parse is the median of
// the per-page ratios, with analyze = extract + match + json.
func BenchmarkStagesRealPages(b *testing.B) {
	pages := realPages(b)
	e := newEngine()
	if _, err := e.status(); err != nil {
		b.Fatal(err)
	}
	const runs = 5
	least := func(f func()) float64 {
		best := math.Inf(1)
		for range runs {
			t := time.Now()
			f()
			best = math.Min(best, float64(time.Since(t).Nanoseconds())/1e6)
		}
		return best
	}
	var ex, ma, js, pa, ratio []float64
	for b.Loop() {
		ex, ma, js, pa, ratio = ex[:0], ma[:0], js[:0], pa[:0], ratio[:0]
		for _, p := range pages {
			var a intake.Article
			ex = append(ex, least(func() { a = articles(b, [][]byte{p})[0] }))
			var r match.Result
			ma = append(ma, least(func() { r = match.Analyze(e.x, a) }))
			js = append(js, least(func() { encodeResult(r) }))
			pa = append(pa, least(func() { html.Parse(bytes.NewReader(p)) }))
			ratio = append(ratio, (ex[len(ex)-1]+ma[len(ma)-1]+js[len(js)-1])/pa[len(pa)-1])
		}
	}
	median := func(xs []float64) float64 {
		s := slices.Clone(xs)
		slices.Sort(s)
		return s[(len(s)-1)/2]
	}
	b.ReportMetric(median(ex), "extract-ms")
	b.ReportMetric(median(ma), "match-ms")
	b.ReportMetric(median(js), "json-ms")
	b.ReportMetric(median(pa), "parse-ms")
	b.ReportMetric(median(ratio), "analyze/parse")
}

func BenchmarkParseRealPages(b *testing.B) {
	pages := realPages(b)
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func readGzip(b *testing.B, path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(path, err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		b.Fatal(path, err)
	}
	return data
}
