// Command benchextract times extract.Extract beside a bare html.Parse of the
// same pages, the article-extraction benchmark's pages from -shared, and
// prints one table. The figure that matters is the ratio of the two, measured
// in one run; run it natively and compiled to WebAssembly under Node
// (make bench-extract does both), where the extension runs it.
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
	"testing"

	"github.com/retold/retold/scripts/internal/gz"

	"github.com/retold/retold/shared/charset"
	"github.com/retold/retold/shared/extract"
	"golang.org/x/net/html"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared data folder (holds data/)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of Extract to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile of Extract to this file")
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
	}
	results := make([]testing.BenchmarkResult, len(rows))
	for i, r := range rows {
		results[i] = testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					r.f(p)
				}
			}
		})
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	fmt.Printf("%d pages, %.1f MB, %s/%s\n", len(pages), float64(size)/(1<<20), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("%-18s %12s %12s %12s %8s\n", "", "ms/all pages", "MB/s", "allocs/page", "× parse")
	base := float64(results[0].NsPerOp())
	for i, r := range rows {
		ns := float64(results[i].NsPerOp())
		fmt.Printf("%-18s %12.1f %12.1f %12d %8.2f\n", r.name, ns/1e6, float64(size)/(ns/1e9)/(1<<20),
			results[i].AllocsPerOp()/int64(len(pages)), ns/base)
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
