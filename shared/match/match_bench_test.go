package match

// Benchmarks of a whole page against the bare HTML parse every page view pays
// anyway: BenchmarkAnalyze is what the extension does per page (extract the
// article, then analyze it against the default corpus), BenchmarkParse is
// html.Parse of the same bytes, and BenchmarkAnalyzeText is the matching
// alone. scripts/bench prints the same comparison over real pages.

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/net/html"

	"github.com/retold/retold/shared/corpus"
	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
)

// benchPage is a news page of our own writing that retells the seed story.
const benchPage = "testdata/page.html"

func benchSetup(b *testing.B) (*index.Index, []byte) {
	b.Helper()
	x, err := corpus.Index()
	if err != nil {
		b.Fatal(err)
	}
	page, err := os.ReadFile(benchPage)
	if err != nil {
		b.Fatal(err)
	}
	return x, page
}

func analyzePage(b *testing.B, x *index.Index, page []byte) Result {
	d, err := extract.Extract(page, "")
	if err != nil {
		b.Fatal(err)
	}
	return Analyze(x, intake.Article{ID: "bench", URL: d.URL, Outlet: d.Outlet, Date: d.Date, Lang: d.Lang, Title: d.Title, Text: d.Text()})
}

// TestBenchPageIsFlagged keeps the benchmark honest: its page must exercise
// the whole matcher, flags and versions included, not stop early.
func TestBenchPageIsFlagged(t *testing.T) {
	x, err := corpus.Index()
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(benchPage)
	if err != nil {
		t.Fatal(err)
	}
	d, err := extract.Extract(page, "")
	if err != nil {
		t.Fatal(err)
	}
	res := Analyze(x, intake.Article{ID: "bench", URL: d.URL, Text: d.Text()})
	if len(res.Flags) == 0 {
		t.Fatalf("the benchmark page has no flags; its text was:\n%s", d.Text())
	}
}

// BenchmarkAnalyze is the page pipeline: extract.Extract, then Analyze with
// the seed index.
func BenchmarkAnalyze(b *testing.B) {
	x, page := benchSetup(b)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		analyzePage(b, x, page)
	}
}

// BenchmarkAnalyzeText is Analyze alone, on the text already extracted.
func BenchmarkAnalyzeText(b *testing.B) {
	x, page := benchSetup(b)
	d, err := extract.Extract(page, "")
	if err != nil {
		b.Fatal(err)
	}
	a := intake.Article{ID: "bench", URL: d.URL, Text: d.Text()}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Analyze(x, a)
	}
}

// BenchmarkParse is the baseline: html.Parse of the same bytes.
func BenchmarkParse(b *testing.B) {
	_, page := benchSetup(b)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := html.Parse(bytes.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}
