// Command benchextract times extract.Extract beside a bare html.Parse of the
// same pages, the article-extraction benchmark's pages from -shared, and
// prints one table. The figure that matters is the ratio of the two, measured
// in one run; run it natively and compiled to WebAssembly under Node
// (make bench-extract does both), where the extension runs it. A bare walk of
// x/net/html's Tokenizer (no tree) is beside them: the extraction builds its
// own tree from that Tokenizer, but skips the script and style text the walk
// reads (shared/extract/rawtext.go), so it is no floor.
//
// The machine is shared, and its noise only ever adds time, so the rows take
// turns for -rounds rounds and each keeps its fastest pass over all pages.
//
// -cpuprofile and -memprofile write pprof profiles of the extraction alone.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/retold/retold/scripts/internal/gz"

	"github.com/retold/retold/shared/charset"
	"github.com/retold/retold/shared/extract"
	"golang.org/x/net/html"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared data folder (holds data/)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of Extract to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile of Extract to this file")
	rounds := flag.Int("rounds", 7, "passes over the pages per row, taken in turns; the fastest counts")
	flag.Parse()
	pages, size, err := load(filepath.Join(*shared, "data", "article-extraction-benchmark", "html"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchextract: %v\n", err)
		os.Exit(1)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "benchextract: %v\n", err)
			os.Exit(1)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "benchextract: %v\n", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		runtime.MemProfileRate = 4096
	}
	rows := []struct {
		name string
		f    func(p []byte)
	}{
		{"html.Parse", func(p []byte) { _, _ = html.Parse(bytes.NewReader(p)) }},
		{"extract.Extract", func(p []byte) { _, _ = extract.Extract(p, "") }},
		{"extract.IsArticle", func(p []byte) { extract.IsArticle(p) }},
		{"Tokenizer walk", tokenize},
	}
	best := make([]time.Duration, len(rows))
	allocs := make([]uint64, len(rows))
	bytesAlloc := make([]uint64, len(rows))
	for range max(1, *rounds) {
		for i, r := range rows {
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			t0 := time.Now()
			for _, p := range pages {
				r.f(p)
			}
			d := time.Since(t0)
			runtime.ReadMemStats(&m1)
			if best[i] == 0 || d < best[i] {
				best[i] = d
			}
			allocs[i], bytesAlloc[i] = m1.Mallocs-m0.Mallocs, m1.TotalAlloc-m0.TotalAlloc
		}
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	n := uint64(len(pages))
	fmt.Printf("%d pages, %.1f MB, %s/%s, fastest of %d rounds\n", len(pages), float64(size)/(1<<20), runtime.GOOS, runtime.GOARCH, max(1, *rounds))
	fmt.Printf("%-18s %12s %8s %12s %12s %8s\n", "", "ms/all pages", "MB/s", "allocs/page", "KB/page", "× parse")
	base := float64(best[0])
	for i, r := range rows {
		ns := float64(best[i])
		fmt.Printf("%-18s %12.1f %8.1f %12d %12.0f %8.2f\n", r.name, ns/1e6, float64(size)/(ns/1e9)/(1<<20),
			allocs[i]/n, float64(bytesAlloc[i]/n)/1024, ns/base)
	}
}

// tokenize walks the page's tokens as the extraction's tree builder reads
// them (names, attributes, text), building nothing.
func tokenize(p []byte) {
	z := html.NewTokenizer(bytes.NewReader(p))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			z.Raw()
			for more := true; more; {
				_, _, more = z.TagAttr()
			}
		case html.TextToken:
			z.Text()
		}
	}
}

// load reads and decodes every page, in name order.
func load(dir string) ([][]byte, int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if err != nil || len(names) == 0 {
		return nil, 0, fmt.Errorf("no pages in %s", dir)
	}
	sort.Strings(names)
	var pages [][]byte
	size := 0
	for _, name := range names {
		raw, err := gz.ReadFile(name)
		if err != nil {
			return nil, 0, err
		}
		page, err := charset.ToUTF8(raw, "")
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", name, err)
		}
		pages = append(pages, page)
		size += len(page)
	}
	return pages, size, nil
}
