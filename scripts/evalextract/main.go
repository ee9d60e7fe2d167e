// Command evalextract scores shared/extract on the public extraction sets in
// ../shared/data and prints one table: the article-extraction benchmark with
// its own 4-token shingle metric, the trafilatura English news snippets, and
// the Readability news pages against the text of their expected.html.
//
// Every page goes through the same path as the CLI: charset.ToUTF8, then
// extract.Extract. The scorer only reads the data where it lies; nothing of
// it is copied. -v lists each page's figures, worst first, for looking into
// what went wrong, not for tuning to these files: held-out parts of the same
// sets judge the extractor.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/retold/retold/scripts/internal/gz"

	"github.com/retold/retold/shared/charset"
	"github.com/retold/retold/shared/extract"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// goals are the F1 figures issue 3 asks for, per set.
var goals = map[string]float64{
	"article-extraction-benchmark": 0.95,
	"trafilatura-eval-en-news":     0.90,
	"readability (news)":           0.90,
}

// pageScore is one page's outcome.
type pageScore struct {
	name          string
	p, r, f1      float64
	exact, failed bool
	notes         []string // what went wrong, for -v
}

// setScore is one set's outcome.
type setScore struct {
	name     string
	pages    []pageScore
	p, r, f1 float64
	accuracy float64
	failed   int
	metric   string
}

func main() {
	shared := flag.String("shared", "../shared", "the shared data folder (holds data/)")
	verbose := flag.Bool("v", false, "list every page's figures, worst first")
	flag.Parse()
	data := filepath.Join(*shared, "data")
	sets := []func(string) (setScore, error){benchmark, trafilatura, readability}
	var out []setScore
	for _, f := range sets {
		s, err := f(data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "evalextract: %v\n", err)
			os.Exit(1)
		}
		out = append(out, s)
	}
	fmt.Printf("%-30s %5s %6s %6s %6s %6s %5s  %-6s %s\n", "set", "pages", "P", "R", "F1", "exact", "goal", "", "metric")
	for _, s := range out {
		mark := "ok"
		if s.f1 < goals[s.name] {
			mark = "BELOW"
		}
		fmt.Printf("%-30s %5d %6.3f %6.3f %6.3f %6.3f %5.2f  %-6s %s\n", s.name, len(s.pages), s.p, s.r, s.f1, s.accuracy, goals[s.name], mark, s.metric)
		if s.failed > 0 {
			fmt.Printf("%-30s %d pages gave an error\n", "", s.failed)
		}
	}
	if *verbose {
		for _, s := range out {
			fmt.Printf("\n%s, worst first:\n", s.name)
			sort.SliceStable(s.pages, func(i, j int) bool { return s.pages[i].f1 < s.pages[j].f1 })
			for _, p := range s.pages {
				fmt.Printf("  %6.3f %6.3f %6.3f  %s\n", p.p, p.r, p.f1, p.name)
				for _, n := range p.notes {
					fmt.Printf("           %s\n", n)
				}
			}
		}
	}
}

// extractPage decodes and extracts one page; the text is "" on error.
func extractPage(raw []byte, url string) (string, error) {
	page, err := charset.ToUTF8(raw, "")
	if err != nil {
		return "", err
	}
	d, err := extract.Extract(page, url)
	if err != nil {
		return "", err
	}
	return d.Text(), nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// benchmark scores the article-extraction benchmark by its own metric.
func benchmark(data string) (setScore, error) {
	dir := filepath.Join(data, "article-extraction-benchmark")
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := readJSON(filepath.Join(dir, "ground-truth.json"), &truth); err != nil {
		return setScore{}, err
	}
	s := setScore{name: "article-extraction-benchmark", metric: "4-token shingles, per-page mean"}
	for _, id := range sortedKeys(truth) {
		raw, err := gz.ReadFile(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return s, err
		}
		text, err := extractPage(raw, truth[id].URL)
		s.pages = append(s.pages, shingleScore(id, text, truth[id].ArticleBody, err != nil))
	}
	s.summarise()
	return s, nil
}

// trafilatura scores the snippets: a "with" snippet found is a true positive,
// one missing a false negative; a "without" snippet found a false positive.
func trafilatura(data string) (setScore, error) {
	dir := filepath.Join(data, "trafilatura-eval-en-news")
	var eval map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := readJSON(filepath.Join(dir, "evaldata.json"), &eval); err != nil {
		return setScore{}, err
	}
	s := setScore{name: "trafilatura-eval-en-news", metric: "snippets, summed counts"}
	var tp, fp, fn, tn float64
	for _, key := range sortedKeys(eval) {
		e := eval[key]
		raw, err := gz.ReadFile(filepath.Join(dir, "html", e.File+".gz"))
		if err != nil {
			return s, err
		}
		text, err := extractPage(raw, "")
		if err != nil {
			s.failed++
		}
		text = foldSpace(text)
		var ptp, pfp, pfn float64
		var notes []string
		for _, w := range e.With {
			if strings.Contains(text, foldSpace(w)) {
				ptp++
			} else {
				pfn++
				notes = append(notes, "missing: "+clipNote(w))
			}
		}
		for _, w := range e.Without {
			if strings.Contains(text, foldSpace(w)) {
				pfp++
				notes = append(notes, "unwanted: "+clipNote(w))
			} else {
				tn++
			}
		}
		tp, fp, fn = tp+ptp, fp+pfp, fn+pfn
		p, r := ratio(ptp, ptp+pfp), ratio(ptp, ptp+pfn)
		s.pages = append(s.pages, pageScore{name: e.File, p: p, r: r, f1: f1(p, r), failed: err != nil, notes: notes})
	}
	s.p, s.r = ratio(tp, tp+fp), ratio(tp, tp+fn)
	s.f1 = f1(s.p, s.r)
	s.accuracy = ratio(tp+tn, tp+tn+fp+fn)
	return s, nil
}

// readability scores the news pages of the Readability test set against the
// text of expected.html, by the benchmark's shingle metric.
func readability(data string) (setScore, error) {
	dir := filepath.Join(data, "readability")
	var manifest struct {
		Pages []struct {
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"pages"`
	}
	if err := readJSON(filepath.Join(dir, "MANIFEST.json"), &manifest); err != nil {
		return setScore{}, err
	}
	s := setScore{name: "readability (news)", metric: "4-token shingles vs expected.html text"}
	for _, pg := range manifest.Pages {
		if pg.Kind != "news" {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, pg.Name, "source.html"))
		if err != nil {
			return s, err
		}
		want, err := os.ReadFile(filepath.Join(dir, pg.Name, "expected.html"))
		if err != nil {
			return s, err
		}
		text, err := extractPage(raw, "")
		s.pages = append(s.pages, shingleScore(pg.Name, text, htmlText(want), err != nil))
	}
	s.summarise()
	return s, nil
}

// summarise averages per-page precision and recall, the benchmark's way.
func (s *setScore) summarise() {
	if len(s.pages) == 0 {
		return
	}
	var p, r, exact float64
	for _, pg := range s.pages {
		p += pg.p
		r += pg.r
		if pg.exact {
			exact++
		}
		if pg.failed {
			s.failed++
		}
	}
	n := float64(len(s.pages))
	s.p, s.r, s.accuracy = p/n, r/n, exact/n
	s.f1 = f1(s.p, s.r)
}

// shingleScore is the benchmark's metric for one page: multisets of 4-token
// shingles of \w+ tokens, TP/FP/FN normalised to sum to 1.
func shingleScore(name, got, want string, failed bool) pageScore {
	gt, wt := tokens(got), tokens(want)
	ps := pageScore{name: name, failed: failed, exact: strings.Join(gt, " ") == strings.Join(wt, " ")}
	gs, ws := shingles(gt), shingles(wt)
	var tp, fp, fn float64
	for k, c := range gs {
		m := min(c, ws[k])
		tp += float64(m)
		fp += float64(c - m)
	}
	for k, c := range ws {
		fn += float64(c - min(c, gs[k]))
	}
	if fp == 0 && fn == 0 {
		ps.p, ps.r, ps.f1 = 1, 1, 1
		return ps
	}
	sum := tp + fp + fn
	tp, fp, fn = tp/sum, fp/sum, fn/sum
	ps.p, ps.r = ratio(tp, tp+fp), ratio(tp, tp+fn)
	ps.f1 = f1(ps.p, ps.r)
	return ps
}

// tokens splits text at anything that is not a letter, digit, mark or '_'
// (Python's \w under Unicode).
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_')
	})
}

func shingles(toks []string) map[string]int {
	out := map[string]int{}
	const n = 4
	if len(toks) > 0 && len(toks) < n {
		out[strings.Join(toks, " ")]++
	}
	for i := 0; i+n <= len(toks); i++ {
		out[strings.Join(toks[i:i+n], "\x00")]++
	}
	return out
}

// htmlText is the text of an HTML fragment, with blocks apart.
func htmlText(src []byte) string {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			b.WriteByte('\n')
		}
	}
	walk(root)
	return b.String()
}

func clipNote(s string) string {
	if r := []rune(foldSpace(s)); len(r) > 90 {
		return string(r[:90]) + "…"
	}
	return foldSpace(s)
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
