// Command bench prints Retold's benchmark table: what analyzing a page costs
// beside the bare HTML parse every page view pays anyway, how long an index
// takes to load, and how the cost of matching one sentence grows with the
// corpus (10k, 100k and 1M corpus sentences).
//
// Design choices:
//   - Real text only. The corpora are sentences of the pages and annotations
//     in ../shared/data; the queries are sentences of pages held out of the
//     corpus (every fourth page of each HTML set), so a query never finds its
//     own sentence. Synthetic word salad would make postings lists uniformly
//     short and flatter the lookup.
//   - There are far fewer distinct real sentences than a million, so the big
//     corpora repeat them: successive shuffled passes over the pool (each
//     sentence appears the same number of times, within one), packed about
//     20 to an article, each article with its own id, outlet and date. Repeats
//     make the postings of rare keys longer than a real corpus of that size
//     would, so the figures err on the slow side.
//   - Timings are minima over a few repetitions, per page or per run: the
//     machine is shared and small, and the minimum is the least noisy
//     estimate of the work itself.
//   - The table goes to stdout, progress and notes to stderr.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/retold/retold/scripts/internal/gz"

	"golang.org/x/net/html"

	"github.com/retold/retold/shared/corpus"
	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/match"
	"github.com/retold/retold/shared/sentences"
)

// Settings of the run, in one place.
const (
	holdOutEvery     = 4      // every fourth page of each HTML set gives queries, never corpus text
	sentencesPerArt  = 20     // synthetic corpus articles hold this many sentences
	maxQueries       = 2000   // query sentences timed per corpus size
	minKeys          = 3      // as index and match: fewer content keys is not a statement
	maxSentenceBytes = 2000   // as index and match
	floorScore       = 0.30   // as match: a candidate scoring less is dropped
	pageReps         = 5      // repetitions per page in part 1 (3 with -quick)
	queryReps        = 3      // repetitions of the query set in part 3
	loadReps         = 3      // repetitions of each Decode in part 2
	seed             = 2024   // the shuffles are reproducible
	directMax        = 100000 // largest corpus also built with index.Build as a check (not with -quick)
)

func main() {
	shared := flag.String("shared", "../shared", "the shared data directory")
	sizesFlag := flag.String("sizes", "10000,100000,1000000", "corpus sizes in sentences, comma separated")
	quick := flag.Bool("quick", false, "only 10000,100000 and fewer repetitions")
	out := flag.String("o", "build/bench", "directory for the encoded indexes")
	flag.Parse()

	sizes, err := parseSizes(*sizesFlag)
	if err != nil {
		fatal(err)
	}
	reps := pageReps
	if *quick {
		sizes = []int{10000, 100000}
		reps = 3
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatal(err)
	}
	start := time.Now()
	d, err := loadData(*shared)
	if err != nil {
		fatal(err)
	}
	note("data: %d AEB pages, %d corpus sentences in the pool, %d query pages, %d query sentences (%.1fs)",
		len(d.aeb), len(d.pool), len(d.queryPages), len(d.queries), time.Since(start).Seconds())

	var t table
	seedIdx, err := corpus.Index()
	if err != nil {
		fatal(err)
	}
	partPages(&t, d.aeb, seedIdx, reps)
	partLangs(&t, *shared, seedIdx, reps) // xlang.go

	base, bt := buildBase(d.pool)
	note("base index: index.Build of the pool: %d sentences, %d claims in %.1fs", len(base.Sentences), len(base.Claims), bt.Seconds())
	seedLoad, _ := measureLoad("seed corpus", seedIdx.Encode(), filepath.Join(*out, "seed.idx"))
	loads := []loadRow{seedLoad}
	var rows []sizeRow
	for _, n := range sizes {
		t0 := time.Now()
		enc := sample(base, n)
		note("sampled %s in %.1fs", human(n), time.Since(t0).Seconds())
		lr, x := measureLoad(human(n)+" sentences", enc, filepath.Join(*out, fmt.Sprintf("corpus-%d.idx", n)))
		loads = append(loads, lr)
		rows = append(rows, measureSize(x, d, human(n), n, 0))
		x = nil
		runtime.GC()
	}
	// The check on sample: index.Build itself over the same kind of corpus,
	// where it takes minutes at most.
	var direct []sizeRow
	if !*quick {
		for _, n := range sizes {
			if n > directMax {
				continue
			}
			x, bt := buildDirect(d.pool, n)
			direct = append(direct, measureSize(x, d, human(n)+" via Build", n, bt))
			x = nil
			runtime.GC()
		}
	}
	partLoad(&t, loads)
	partMatch(&t, rows, direct, len(d.pool), len(base.Sentences), bt)
	fmt.Print(t.String())
	note("total run time %.0fs", time.Since(start).Seconds())
}

// ---- data ----

type page struct {
	name string
	raw  []byte
}

type query struct {
	text string
	doc  []lexicon.Term // the terms of its page, for Resolve
}

type data struct {
	aeb        []page           // every article-extraction-benchmark page, for part 1
	pool       []string         // distinct corpus sentences
	queryPages []intake.Article // held-out pages, extracted
	queries    []query          // their sentences
}

func loadData(shared string) (*data, error) {
	d := &data{}
	base := filepath.Join(shared, "data")
	seen := map[string]bool{}
	addText := func(text string) {
		for _, s := range sentences.Split(text) {
			t := sentences.Fold(s.Text)
			if len(t) > maxSentenceBytes || seen[t] {
				continue
			}
			if len(fingerprint.ContentKeys(lexicon.Terms(t))) < minKeys {
				continue
			}
			seen[t] = true
			d.pool = append(d.pool, t)
		}
	}
	hold := func(name string, raw []byte) {
		doc, err := extract.Extract(raw, "")
		if err != nil || len(doc.Paragraphs) == 0 {
			return
		}
		d.queryPages = append(d.queryPages, articleOf(name, doc))
	}

	// Article-extraction benchmark: the ground-truth bodies are corpus text,
	// the held-out pages are queries.
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	gt, err := os.ReadFile(filepath.Join(base, "article-extraction-benchmark", "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(gt, &truth); err != nil {
		return nil, fmt.Errorf("ground-truth.json: %w", err)
	}
	files, _ := filepath.Glob(filepath.Join(base, "article-extraction-benchmark", "html", "*.html.gz"))
	if len(files) == 0 {
		return nil, fmt.Errorf("no pages in %s", filepath.Join(base, "article-extraction-benchmark", "html"))
	}
	for i, f := range files {
		raw, err := gz.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".html.gz")
		d.aeb = append(d.aeb, page{name, raw})
		if i%holdOutEvery == 0 {
			hold(name, raw)
		} else {
			addText(truth[name].ArticleBody)
		}
	}

	// Trafilatura's English news pages and Readability's test pages, through
	// the extractor.
	traf, _ := filepath.Glob(filepath.Join(base, "trafilatura-eval-en-news", "html", "*.html.gz"))
	read, _ := filepath.Glob(filepath.Join(base, "readability", "*", "source.html"))
	for _, set := range [][]string{traf, read} {
		for i, f := range set {
			var raw []byte
			if strings.HasSuffix(f, ".gz") {
				raw, err = gz.ReadFile(f)
			} else {
				raw, err = os.ReadFile(f)
			}
			if err != nil {
				return nil, err
			}
			if i%holdOutEvery == 0 {
				hold(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), raw)
				continue
			}
			if doc, err := extract.Extract(raw, ""); err == nil {
				addText(doc.Text())
			}
		}
	}

	// Emergent: claim and article headlines.
	if f, err := os.Open(filepath.Join(base, "emergent", "url-versions-2015-06-14-clean-train.csv")); err == nil {
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("emergent: %w", err)
		}
		for _, r := range recs[min(1, len(recs)):] {
			if len(r) >= 3 {
				addText(r[1])
				addText(r[2])
			}
		}
	}

	// Queries: every sentence of the held-out pages that the matcher would
	// look up, shuffled, up to maxQueries.
	for _, a := range d.queryPages {
		doc := lexicon.Terms(a.Text)
		for _, s := range sentences.Split(a.Text) {
			if len(s.Text) > maxSentenceBytes || len(fingerprint.ContentKeys(lexicon.Terms(s.Text))) < minKeys {
				continue
			}
			d.queries = append(d.queries, query{s.Text, doc})
		}
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(d.queries), func(i, j int) { d.queries[i], d.queries[j] = d.queries[j], d.queries[i] })
	if len(d.queries) > maxQueries {
		d.queries = d.queries[:maxQueries]
	}
	if len(d.pool) == 0 || len(d.queries) == 0 {
		return nil, fmt.Errorf("no sentences found under %s", base)
	}
	return d, nil
}

func articleOf(name string, d *extract.Doc) intake.Article {
	return intake.Article{ID: name, URL: d.URL, Outlet: d.Outlet, Date: d.Date, Lang: d.Lang, Title: d.Title, Text: d.Text()}
}

// ---- part 1: a page, analyzed, beside html.Parse ----

func partPages(t *table, pages []page, x *index.Index, reps int) {
	note("part 1: %d pages, %d repetitions each", len(pages), reps)
	var parse, full, ext []float64
	for _, p := range pages {
		tp := minTime(reps, func() {
			if _, err := html.Parse(bytes.NewReader(p.raw)); err != nil {
				fatal(err)
			}
		})
		var te time.Duration
		tf := minTime(reps, func() {
			t0 := time.Now()
			doc, err := extract.Extract(p.raw, "")
			if err != nil {
				return
			}
			e := time.Since(t0)
			if te == 0 || e < te {
				te = e
			}
			match.Analyze(x, articleOf(p.name, doc))
		})
		parse = append(parse, ms(tp))
		full = append(full, ms(tf))
		ext = append(ext, ms(te))
	}
	mp, mf, me := quantile(parse, 0.5), quantile(full, 0.5), quantile(ext, 0.5)
	t.title("1. A page: Extract + Analyze (seed index) beside a bare html.Parse of the same bytes")
	t.note("%d article-extraction-benchmark pages, gunzipped in memory; per page the minimum of %d runs", len(pages), reps)
	t.row("", "median ms", "p90 ms", "ratio of medians")
	t.row("html.Parse", f2(mp), f2(quantile(parse, 0.9)), "1.00")
	t.row("extract.Extract", f2(me), f2(quantile(ext, 0.9)), f2(me/mp))
	t.row("Extract + Analyze", f2(mf), f2(quantile(full, 0.9)), f2(mf/mp))
	t.flush()
}

// ---- part 2: index load ----

type loadRow struct {
	name      string
	sentences int
	bytes     int
	decode    time.Duration
	heapMB    float64
}

func measureLoad(name string, enc []byte, path string) (loadRow, *index.Index) {
	if err := index.WriteFile(path, enc); err != nil {
		note("could not write %s: %v", path, err)
	}
	reps := loadReps
	if len(enc) > 50<<20 {
		reps = 2
	}
	// Time the decode alone; the heap it keeps is measured on a separate
	// decode, between collections that would otherwise be timed too.
	var x *index.Index
	d := minTime(reps, func() {
		y, err := index.Decode(enc)
		if err != nil {
			fatal(err)
		}
		x = y
	})
	x = nil
	runtime.GC()
	before := heapInUse()
	x, err := index.Decode(enc)
	if err != nil {
		fatal(err)
	}
	runtime.GC()
	heap := 0.0 // heapInUse is unsigned: a collection can leave less in use than before
	if after := heapInUse(); after > before {
		heap = float64(after-before) / (1 << 20)
	}
	note("load %s: %s, decode %.0f ms", name, humanBytes(len(enc)), ms(d))
	return loadRow{name, len(x.Sentences), len(enc), d, heap}, x
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func partLoad(t *table, rows []loadRow) {
	t.title("2. Index load: index.Decode of an encoded index (checksum, parse, lookup tables rebuilt)")
	t.note("minimum of %d decodes (2 over 50 MB); heap is what the decoded index keeps live", loadReps)
	t.row("index", "sentences", "file size", "decode ms", "heap MB")
	for _, r := range rows {
		t.row(r.name, strconv.Itoa(r.sentences), humanBytes(r.bytes), f1(ms(r.decode)), f1(r.heapMB))
	}
	t.flush()
}

// ---- part 3: match cost against corpus size ----

type sizeRow struct {
	label                               string
	target, sentences, articles, claims int
	build                               time.Duration // index.Build time; 0 for a sampled corpus
	query                               queryCost
	page                                time.Duration // mean Analyze per held-out page
}

type queryCost struct {
	n                         int
	print, lookup, score      time.Duration // mean per query: terms and Print, Candidates, match.Score of every candidate
	candidates, posted, found float64       // mean candidates and postings per query; share found
}

func (c queryCost) total() time.Duration { return c.print + c.lookup + c.score }

func measureSize(x *index.Index, d *data, label string, n int, build time.Duration) sizeRow {
	r := sizeRow{label: label, target: n, sentences: len(x.Sentences), articles: len(x.Articles), claims: len(x.Claims), build: build}
	r.query = measureQueries(x, d.queries)
	r.page = measurePages(x, d.queryPages)
	note("%s: %d sentences, %d articles, %d claims; Analyze %.1f ms/page", label, r.sentences, r.articles, r.claims, ms(r.page))
	return r
}

// buildBase indexes the pool itself with index.Build: its sentences in pool
// order (so each keeps the neighbours of its own article), packed into
// articles. Every corpus of part 3 is drawn from it.
func buildBase(pool []string) (*index.Index, time.Duration) {
	arts := pack(pool, "base", func(i int) string { return pool[i] }, len(pool))
	t0 := time.Now()
	x, _, err := index.Build(arts)
	if err != nil {
		fatal(err)
	}
	return x, time.Since(t0)
}

// buildDirect makes n sentences of synthetic articles the way sample draws
// them and indexes them with index.Build: the reference that sample's
// shortcut is checked against, and the measure of Build's own time.
func buildDirect(pool []string, n int) (*index.Index, time.Duration) {
	next := drawer(len(pool), n)
	arts := pack(pool, fmt.Sprintf("direct%d", n), func(int) string { return pool[next()] }, n)
	note("index.Build %s: %d articles ...", human(n), len(arts))
	t0 := time.Now()
	x, _, err := index.Build(arts)
	if err != nil {
		fatal(err)
	}
	return x, time.Since(t0)
}

// drawer returns successive shuffled passes over 0..n-1: sampling with
// replacement in which every item comes up equally often.
func drawer(n, salt int) func() int {
	rng := rand.New(rand.NewPCG(seed, uint64(salt)))
	var order []int
	return func() int {
		if len(order) == 0 {
			order = rng.Perm(n)
		}
		v := order[len(order)-1]
		order = order[:len(order)-1]
		return v
	}
}

var outlets = []string{"Bench Wire", "Bench Herald", "Bench Post", "Bench Times", "Bench Daily", "Bench News"}

// articleMeta gives synthetic article i of a set its own id, url, outlet and
// date (spread over ten years).
func articleMeta(set string, i int) intake.Article {
	return intake.Article{
		ID:     fmt.Sprintf("%s-%07d", set, i),
		URL:    fmt.Sprintf("https://bench.example/%s/%07d", set, i),
		Outlet: outlets[i%len(outlets)],
		Date:   time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*7919)%3650).Format("2006-01-02"),
		Lang:   "en",
		Title:  fmt.Sprintf("Bench article %d", i),
	}
}

// pack puts n sentences, given by at, into articles of sentencesPerArt.
func pack(pool []string, set string, at func(int) string, n int) []intake.Article {
	var arts []intake.Article
	var b strings.Builder
	for i := 0; i*sentencesPerArt < n; i++ {
		b.Reset()
		for j := 0; j < sentencesPerArt && i*sentencesPerArt+j < n; j++ {
			if j > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(at(i*sentencesPerArt + j))
		}
		a := articleMeta(set, i)
		a.Text = b.String()
		arts = append(arts, a)
	}
	return arts
}

// sample draws a corpus of n sentences from the base index, as Build would
// index those sentences packed into new articles, and returns it encoded.
// Only grouping is not redone: a copy joins the claim of its original, which
// is what Build does with an identical sentence (similarity 1 clears every
// bar). Index.Build itself is quadratic in articles (the duplicate check) and
// runs a lookup per sentence, so at a million sentences it would take longer
// than this whole benchmark may.
func sample(base *index.Index, n int) []byte {
	next := drawer(len(base.Sentences), n)
	y := &index.Index{}
	keyMap := map[int32]int32{}
	claimMap := map[int32]int32{}
	var text strings.Builder
	for i := 0; i*sentencesPerArt < n; i++ {
		a := articleMeta(fmt.Sprintf("sample%d", n), i)
		art := int32(len(y.Articles))
		text.Reset()
		for j := 0; j < sentencesPerArt && i*sentencesPerArt+j < n; j++ {
			s := base.Sentences[next()]
			text.WriteString(s.Text + "\n\n")
			keys := make([]int32, len(s.Keys))
			for k, id := range s.Keys {
				nid, ok := keyMap[id]
				if !ok {
					nid = int32(len(y.Keys))
					keyMap[id] = nid
					y.Keys = append(y.Keys, base.Keys[id])
				}
				keys[k] = nid
			}
			c, ok := claimMap[s.Claim]
			if !ok {
				c = int32(len(y.Claims))
				claimMap[s.Claim] = c
				bc := base.Claims[s.Claim]
				y.Claims = append(y.Claims, index.Claim{ID: bc.ID, Kind: bc.Kind, Speaker: bc.Speaker, Counter: bc.Counter, Joint: -1})
			}
			y.Claims[c].Versions = append(y.Claims[c].Versions, int32(len(y.Sentences)))
			y.Sentences = append(y.Sentences, index.Sentence{Article: art, Text: s.Text, Kind: s.Kind, Speaker: s.Speaker, Claim: c, Keys: keys})
		}
		y.Articles = append(y.Articles, index.Article{ID: a.ID, URL: a.URL, Outlet: a.Outlet, Date: a.Date, Lang: a.Lang, Title: a.Title,
			Sketch: fingerprint.SketchOf(text.String())})
		y.Date = max(y.Date, a.Date)
	}
	for i := range y.Claims {
		c := &y.Claims[i]
		if nc, ok := claimMap[c.Counter]; ok && c.Counter >= 0 {
			c.Counter = nc
		} else {
			c.Counter = -1
		}
		slices.SortStableFunc(c.Versions, func(a, b int32) int {
			return strings.Compare(y.Articles[y.Sentences[a].Article].Date, y.Articles[y.Sentences[b].Article].Date)
		})
	}
	return y.Encode()
}

// measureQueries times what Analyze does for each page sentence: terms and
// fingerprint, then candidates and a full score of each.
func measureQueries(x *index.Index, qs []query) queryCost {
	c := queryCost{n: len(qs)}
	prints := make([]fingerprint.Print, len(qs))
	per := func(d time.Duration) time.Duration { return d / time.Duration(len(qs)) }
	c.print = per(minTime(queryReps, func() {
		for i, q := range qs {
			ts := lexicon.Terms(q.text)
			lexicon.Resolve(ts, q.doc)
			prints[i] = fingerprint.Of(ts)
		}
	}))
	cands := make([][]index.Candidate, len(qs))
	c.lookup = per(minTime(queryReps, func() {
		for i := range prints {
			cands[i] = x.Candidates(&prints[i])
		}
	}))
	var sink float32
	found := 0
	c.score = per(minTime(queryReps, func() {
		found = 0
		for i := range prints {
			best := float32(0)
			for _, cd := range cands[i] {
				best = max(best, match.Score(&prints[i], x.Print(cd.Sentence)))
			}
			if best >= floorScore {
				found++
			}
			sink += best
		}
	}))
	for i := range prints {
		n, posted := x.LookupCost(&prints[i])
		c.candidates += float64(n)
		c.posted += float64(posted)
	}
	c.candidates /= float64(len(qs))
	c.posted /= float64(len(qs))
	c.found = float64(found) / float64(len(qs))
	note("queries: print %.1f µs, candidates %.1f µs, score %.1f µs; %.1f candidates, %.0f postings (sink %.0f)",
		us(c.print), us(c.lookup), us(c.score), c.candidates, c.posted, sink)
	return c
}

// measurePages times match.Analyze of each held-out page, text already
// extracted: the per-page costs (own-article check, story pass) on top of the
// per-sentence ones.
func measurePages(x *index.Index, pages []intake.Article) time.Duration {
	var total time.Duration
	for _, p := range pages {
		total += minTime(2, func() { match.Analyze(x, p) })
	}
	return total / time.Duration(len(pages))
}

func partMatch(t *table, rows, direct []sizeRow, pool, baseN int, baseBuild time.Duration) {
	t.title("3. Match cost against corpus size (per query sentence: Print, Candidates, match.Score of each candidate)")
	t.note("corpus: %d distinct real sentences (AEB ground truth, trafilatura and Readability pages through extract,", pool)
	t.note("emergent headlines), indexed once with index.Build (%d sentences kept, %.0fs). Each corpus draws its", baseN, baseBuild.Seconds())
	t.note("sentences from that index in successive shuffled passes (sampling with replacement, every sentence equally")
	t.note("often) into new articles of %d sentences, each with its own id, url, outlet and date; a copy joins its", sentencesPerArt)
	t.note("original's claim, as Build would group it. Beyond %d sentences they repeat, so rare-key postings are", baseN)
	t.note("longer than in a real corpus of that size. Rows 'via Build' run index.Build itself on such articles, as a check.")
	if len(rows) > 0 {
		t.note("queries: %d sentences of held-out pages (every %dth page of each HTML set), never in the corpus;", rows[0].query.n, holdOutEvery)
	}
	t.note("times are minima of %d runs of the whole query set. found = share of queries whose best candidate scores", queryReps)
	t.note(">= %.2f (match's floor). Analyze = match.Analyze of a held-out page's extracted text, mean over pages.", floorScore)
	t.row("corpus", "sentences", "articles", "claims", "build s", "print µs", "cands µs", "score µs", "total µs", "cands/q", "postings/q", "found", "Analyze ms")
	add := func(r sizeRow) {
		build := "-"
		if r.build > 0 {
			build = f1(r.build.Seconds())
		}
		q := r.query
		t.row(r.label, strconv.Itoa(r.sentences), strconv.Itoa(r.articles), strconv.Itoa(r.claims), build,
			f1(us(q.print)), f1(us(q.lookup)), f1(us(q.score)), f1(us(q.total())), f1(q.candidates), f0(q.posted), pct(q.found), f2(ms(r.page)))
	}
	for _, r := range rows {
		add(r)
	}
	verdict := ""
	if len(rows) > 1 {
		a, z := rows[0], rows[len(rows)-1]
		qa, qz := a.query, z.query
		t.row(fmt.Sprintf("growth %s/%s", z.label, a.label), ratio(float64(z.sentences), float64(a.sentences)), "", "", "",
			ratio(us(qz.print), us(qa.print)), ratio(us(qz.lookup), us(qa.lookup)), ratio(us(qz.score), us(qa.score)),
			ratio(us(qz.total()), us(qa.total())), ratio(qz.candidates, qa.candidates), ratio(qz.posted, qa.posted), "", ratio(ms(z.page), ms(a.page)))
		g := us(qz.total()) / us(qa.total())
		verdict = fmt.Sprintf("per query sentence, all in: %.0f µs at %s, %.0f µs at %s: %.2fx, within the 2x goal",
			us(qa.total()), a.label, us(qz.total()), z.label, g)
		if g > 2 {
			verdict = strings.Replace(verdict, "within", "NOT within", 1)
		}
	}
	for _, r := range direct {
		add(r)
	}
	if verdict != "" {
		t.note("%s", verdict)
	}
	for _, r := range direct {
		t.note("index.Build took %.0fs for %s sentences (a lookup and a comparison with its best candidates per sentence).", r.build.Seconds(), human(r.target))
	}
	t.flush()
}

// ---- helpers ----

func minTime(reps int, f func()) time.Duration {
	best := time.Duration(-1)
	for range reps {
		t0 := time.Now()
		f()
		if d := time.Since(t0); best < 0 || d < best {
			best = d
		}
	}
	return best
}

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad size %q in -sizes", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
func f0(v float64) string        { return strconv.FormatFloat(v, 'f', 0, 64) }
func f1(v float64) string        { return strconv.FormatFloat(v, 'f', 1, 64) }
func f2(v float64) string        { return strconv.FormatFloat(v, 'f', 2, 64) }
func pct(v float64) string       { return strconv.FormatFloat(100*v, 'f', 0, 64) + "%" }

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return f2(a/b) + "x"
}

func human(n int) string {
	switch {
	case n >= 1000000 && n%1000000 == 0:
		return fmt.Sprintf("%dM", n/1000000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func note(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// table lays out sections of aligned columns.
type table struct {
	out  strings.Builder
	rows [][]string
}

func (t *table) title(s string) { t.out.WriteString("\n" + s + "\n") }

func (t *table) note(format string, args ...any) {
	t.flushRows()
	fmt.Fprintf(&t.out, "  "+format+"\n", args...)
}

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) flushRows() {
	var w []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(w) {
				w = append(w, 0)
			}
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	for _, r := range t.rows {
		t.out.WriteString("  ")
		for i, c := range r {
			pad := strings.Repeat(" ", w[i]-len([]rune(c)))
			if i == 0 {
				t.out.WriteString(c + pad)
			} else {
				t.out.WriteString("  " + pad + c)
			}
		}
		t.out.WriteString("\n")
	}
	t.rows = nil
}

func (t *table) flush() { t.flushRows() }

func (t *table) String() string { t.flushRows(); return t.out.String() }
