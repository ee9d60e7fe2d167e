// Command lexgen regenerates the data files of shared/lexicon from
// general sources, reproducibly (a rerun writes the same bytes):
//
//   - actors.txt from scripts/lexgen/actors.tsv plus the ISO 3166-1 names
//     in Debian's iso-codes (/usr/share/iso-codes/json/iso_3166-1.json);
//   - irregular.txt from WordNet's verb.exc and noun.exc;
//   - lexicon.bin: the WordNet similarity classes of every stem and a
//     document-frequency table of stems counted over the news text under
//     ../shared/data (only the counts go into the repository).
//
// Run from the repository root: go run ./scripts/lexgen. The frequency count
// tokenises with shared/lexicon itself, so it runs in a second process
// (go run ./scripts/lexgen -df) compiled against the new actor and irregular
// tables.
//
// The WordNet reduction (see package lexicon for what classes mean): a word
// holds strongly its first few senses, plus any later sense SemCor tags
// often, and the senses it is derivationally linked to; it holds weakly its
// noun hypernyms up to two steps and its verb hypernyms one step (verb
// trees are shallow and broad: two steps reach "move" and "transfer"), a
// sister sense that shares a lemma (WordNet's split of "picture" into
// image and photograph) and a whole or part named by the same stem ("arm"
// and "arms" as weaponry). Plain sisters are not linked: a shared
// hypernym alone is too loose. Weak-weak pairs never match, so two
// troponyms of one verb stay apart; a class must be held strongly by one
// stem and by another stem at all to be kept, and a key keeps at most
// maxClasses, closest tier and most-tagged sense first. Tuning is checked
// with -explain stem,stem, which prints the kept classes.
//
// WordNet 3.0 (Debian wordnet-base) is © Princeton University, under the
// WordNet 3.0 licence, a permissive BSD-style licence.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/kljensen/snowball/english"
	"golang.org/x/net/html"

	"github.com/retold/retold/shared/lexicon"
)

// Tuning of the WordNet reduction, in one place.
var (
	// maxSenses is how many senses of a word (in WordNet's frequency order)
	// count; senses past the first also need a tag count in SemCor.
	maxSenses = map[byte]int{'n': 3, 'v': 3, 'a': 2, 'r': 1}
	// minDFUntagged: a word whose senses are all untagged in SemCor is kept
	// only if the news corpus has it in this many documents.
	minDFUntagged = 2
	// minDF: keys seen in fewer documents are left out of the weight table
	// (they get the unseen-word weight, which differs little).
	minDF = 2
	// extraSenseTags, extraSenseShare: a sense past maxSenses still counts
	// when SemCor tags it at least this often and with at least this share of
	// the word's tags in its part of speech ("send" as "ship", sense 4).
	extraSenseTags  = 10
	extraSenseShare = 0.08
	// maxExtraSense: no sense past this rank counts, however tagged.
	maxExtraSense = 8
	// hyperSteps: noun hypernyms this many steps up are weak classes;
	// verbHyperSteps the same for verbs, whose hierarchy is shallower and
	// broader, so one step ("supply" -> "give", "sell" -> "exchange").
	hyperSteps     = 2
	verbHyperSteps = 1
	// ownTagCount: an irregular form tagged this often as a word of its own
	// keeps its own key ("left" is not "leave").
	ownTagCount = 10
	// keepIrregular overrides ownTagCount for forms mostly used as inflections.
	keepIrregular = map[string]bool{"men": true, "lost": true}
	// maxClasses caps a key's class list (strong senses first).
	maxClasses = 8
)

func main() {
	dfMode := flag.Bool("df", false, "print the document-frequency table (internal step)")
	dataDir := flag.String("data", "../shared/data", "news text for the frequency table")
	wnDir := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dict directory")
	isoFile := flag.String("iso", "/usr/share/iso-codes/json/iso_3166-1.json", "iso-codes ISO 3166-1 JSON")
	out := flag.String("out", "shared/lexicon", "output directory")
	flag.StringVar(&explain, "explain", "", "comma-separated stems whose classes to print to stderr (for tuning)")
	flag.Parse()
	log.SetFlags(0)
	if *dfMode {
		printDF(*dataDir)
		return
	}
	writeActors(filepath.Join("scripts/lexgen/actors.tsv"), *isoFile, filepath.Join(*out, "actors.txt"))
	irr := writeIrregular(*wnDir, filepath.Join(*out, "irregular.txt"))
	cmd := exec.Command("go", "run", "./scripts/lexgen", "-df", "-data", *dataDir)
	cmd.Stderr = os.Stderr
	dfOut, err := cmd.Output()
	if err != nil {
		log.Fatalf("df step: %v", err)
	}
	docs, df := parseDF(dfOut)
	classes := wordnetClasses(*wnDir, irr, df)
	writeBin(filepath.Join(*out, "lexicon.bin"), docs, df, classes, compounds(*wnDir, df, classes))
}

// explain lists stems whose kept classes wordnetClasses prints, with the
// first lemmas of each class, so a tuning change can be checked by eye.
var explain string

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// ---- actors ----

// writeActors writes "id<TAB>name" lines: the TSV's names, its demonyms
// with plurals, and the ISO names of every country.
func writeActors(tsv, iso, outPath string) {
	raw, err := os.ReadFile(tsv)
	must(err)
	seen := map[string]string{} // lower-case name -> id
	exact := map[string]bool{}
	type row struct{ id, name string }
	var rows []row
	add := func(id, nm string) {
		nm = strings.TrimSpace(nm)
		nm = strings.TrimPrefix(nm, "the ")
		if nm == "" || strings.ContainsAny(nm, ",()") {
			return
		}
		k := strings.ToLower(nm)
		if prev, ok := seen[k]; ok && prev != id {
			log.Printf("actors: %q is both %s and %s; keeping %s", nm, prev, id, prev)
			return
		}
		seen[k] = id
		if !exact[nm] {
			exact[nm] = true
			rows = append(rows, row{id, nm})
		}
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		id := f[0]
		ids[id] = true
		for c := 1; c < len(f); c++ {
			for _, nm := range strings.Split(f[c], "|") {
				add(id, nm)
				if c == 3 && nm != "" {
					add(id, plural(nm))
				}
			}
		}
	}
	var isoDoc struct {
		Countries []map[string]string `json:"3166-1"`
	}
	b, err := os.ReadFile(iso)
	if err != nil {
		log.Fatalf("%v (apt-get install -y iso-codes)", err)
	}
	must(json.Unmarshal(b, &isoDoc))
	for _, c := range isoDoc.Countries {
		id := strings.ToLower(c["alpha_2"])
		if !ids[id] {
			log.Printf("actors: %s (%s) only from iso-codes", id, c["name"])
		}
		for _, f := range []string{"common_name", "name", "official_name"} {
			add(id, c[f])
		}
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].id < rows[b].id })
	var w bytes.Buffer
	for _, r := range rows {
		fmt.Fprintf(&w, "%s\t%s\n", r.id, r.name)
	}
	must(os.WriteFile(outPath, w.Bytes(), 0o644))
}

// plural adds "s" to a demonym noun ("Iraqi" -> "Iraqis"); adjectives in
// -ese, -ish, -ch, -ss have none.
func plural(nm string) string {
	for _, suf := range []string{"ese", "sh", "ch", "ss", "s", "x", "z", "i-kiribati"} {
		if strings.HasSuffix(strings.ToLower(nm), suf) {
			return ""
		}
	}
	return nm + "s"
}

// ---- irregular forms ----

// writeIrregular keeps WordNet's irregular verb and noun forms, except
// forms that are common words of their own ("left", "found", "ground"):
// those whose own senses are tagged at least ownTagCount times in SemCor
// (cntlist.rev), unless listed in keepIrregular.
func writeIrregular(wn, outPath string) map[string]string {
	tags := map[string]int{}
	eachLine(filepath.Join(wn, "cntlist.rev"), func(f []string) {
		if len(f) < 3 {
			return
		}
		lemma, _, _ := strings.Cut(f[0], "%")
		n, _ := strconv.Atoi(f[2])
		tags[lemma] += n
	})
	own := map[string]bool{}
	for lemma, n := range tags {
		own[lemma] = n >= ownTagCount && !keepIrregular[lemma]
	}
	irr := map[string]string{}
	for _, pos := range []string{"verb", "noun"} {
		eachLine(filepath.Join(wn, pos+".exc"), func(f []string) {
			if len(f) < 2 || !isWord(f[0]) || !isWord(f[1]) || own[f[0]] {
				return
			}
			if _, dup := irr[f[0]]; dup {
				return
			}
			if english.Stem(f[0], false) != english.Stem(f[1], false) {
				irr[f[0]] = f[1]
			}
		})
	}
	forms := sortedKeys(irr)
	var w bytes.Buffer
	for _, f := range forms {
		fmt.Fprintf(&w, "%s %s\n", f, irr[f])
	}
	must(os.WriteFile(outPath, w.Bytes(), 0o644))
	return irr
}

func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func eachLine(path string, fn func([]string)) {
	f, err := os.Open(path)
	must(err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // licence header
		}
		fn(strings.Fields(line))
	}
	must(sc.Err())
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// ---- document frequencies ----

// printDF tokenises every background document with lexicon.Terms and
// prints "docs N" then "key<TAB>df" lines.
func printDF(dir string) {
	lexicon.Plain = true // count without the readings this very table drives
	docs := newsDocs(dir)
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, t := range lexicon.Terms(d) {
			if len(t.Key) > 40 || strings.ContainsRune(t.Key, '\n') {
				continue
			}
			seen[t.Key] = true
		}
		for k := range seen {
			df[k]++
		}
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "docs\t%d\n", len(docs))
	for _, k := range sortedKeys(df) {
		fmt.Fprintf(w, "%s\t%d\n", k, df[k])
	}
	must(w.Flush())
}

func parseDF(b []byte) (int, map[string]int) {
	df := map[string]int{}
	docs := 0
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		must(err)
		if k == "docs" {
			docs = n
			continue
		}
		df[k] = n
	}
	if docs == 0 {
		log.Fatal("df step produced no documents")
	}
	return docs, df
}

// newsDocs returns the background documents in a fixed order: Readability
// pages that are not synthetic tests, the extraction benchmark's gold
// bodies, the trafilatura news pages, and one document per Emergent claim
// (its claim and all its headlines, so a story's repeated words count once).
func newsDocs(dir string) []string {
	var docs []string
	var man struct {
		Pages []struct{ Name, Kind string } `json:"pages"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "readability/MANIFEST.json"))
	must(err)
	must(json.Unmarshal(b, &man))
	sort.Slice(man.Pages, func(a, b int) bool { return man.Pages[a].Name < man.Pages[b].Name })
	for _, p := range man.Pages {
		if p.Kind == "synthetic-test" {
			continue
		}
		h, err := os.ReadFile(filepath.Join(dir, "readability", p.Name, "source.html"))
		if err != nil {
			continue
		}
		docs = append(docs, htmlText(h))
	}

	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	b, err = os.ReadFile(filepath.Join(dir, "article-extraction-benchmark/ground-truth.json"))
	must(err)
	must(json.Unmarshal(b, &gt))
	for _, k := range sortedKeys(gt) {
		docs = append(docs, gt[k].ArticleBody)
	}

	files, err := filepath.Glob(filepath.Join(dir, "trafilatura-eval-en-news/html/*.gz"))
	must(err)
	sort.Strings(files)
	for _, f := range files {
		fh, err := os.Open(f)
		must(err)
		zr, err := gzip.NewReader(fh)
		must(err)
		h, err := io.ReadAll(zr)
		must(err)
		fh.Close()
		docs = append(docs, htmlText(h))
	}

	fh, err := os.Open(filepath.Join(dir, "emergent/url-versions-2015-06-14-clean-train.csv"))
	must(err)
	recs, err := csv.NewReader(fh).ReadAll()
	must(err)
	fh.Close()
	claims := map[string][]string{}
	for _, r := range recs[1:] {
		if len(claims[r[5]]) == 0 {
			claims[r[5]] = append(claims[r[5]], r[1])
		}
		claims[r[5]] = append(claims[r[5]], r[2])
	}
	for _, k := range sortedKeys(claims) {
		docs = append(docs, strings.Join(claims[k], "\n"))
	}
	return docs
}

// htmlText is the page's text outside scripts and styles; boilerplate stays,
// which only nudges the frequencies of navigation words.
func htmlText(b []byte) string {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return ""
	}
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "svg":
				return
			}
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return sb.String()
}

// ---- WordNet ----

type synset struct {
	words []string // lower-case lemmas, in order
	ptrs  []pointer
}

type pointer struct {
	sym      string
	target   string // pos letter + offset
	src, dst int    // word numbers, 0 for the whole synset
}

type membership struct {
	class string
	weak  bool
	tie   int     // tier*100 + sense number; a capped list keeps lower tiers first
	freq  float64 // within a tier, more SemCor tags of the source sense first
}

// wordnetClasses maps each stem to its classes (see package lexicon's doc).
func wordnetClasses(wn string, irr map[string]string, df map[string]int) map[string][]membership {
	stem := func(lemma string) string {
		if l, ok := irr[lemma]; ok {
			lemma = l
		}
		return english.Stem(lemma, false)
	}
	synsets := map[string]*synset{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		eachLine(filepath.Join(wn, "data."+pos), func(f []string) {
			if len(f) < 4 {
				return
			}
			p := string(f[2][0])
			if p == "s" {
				p = "a"
			}
			ss := &synset{}
			nw, _ := strconv.ParseInt(f[3], 16, 32)
			i := 4
			for w := 0; w < int(nw) && i+1 < len(f); w++ {
				lemma := strings.ToLower(f[i])
				if k := strings.IndexByte(lemma, '('); k > 0 {
					lemma = lemma[:k] // adjective marker "(p)"
				}
				ss.words = append(ss.words, lemma)
				i += 2
			}
			np, _ := strconv.Atoi(f[i])
			i++
			for q := 0; q < np && i+3 < len(f); q++ {
				tp := f[i+2]
				if tp == "s" {
					tp = "a"
				}
				sd, _ := strconv.ParseInt(f[i+3], 16, 32)
				ss.ptrs = append(ss.ptrs, pointer{sym: f[i], target: tp + f[i+1], src: int(sd >> 8), dst: int(sd & 0xff)})
				i += 4
			}
			synsets[p+f[0]] = ss
		})
	}

	// SemCor tag counts by lemma, part of speech and sense number.
	tagCount := map[string]int{} // "lemma pos num"
	posTags := map[string]int{}  // "lemma pos"
	eachLine(filepath.Join(wn, "cntlist.rev"), func(f []string) {
		if len(f) < 3 {
			return
		}
		lemma, key, _ := strings.Cut(f[0], "%")
		if key == "" {
			return
		}
		pos := string("?nvars"[min(int(key[0]-'0'), 5)])
		if pos == "s" {
			pos = "a"
		}
		n, _ := strconv.Atoi(f[2])
		tagCount[lemma+" "+pos+" "+f[1]] += n
		posTags[lemma+" "+pos] += n
	})

	// Hyponyms of every synset, in a fixed order.
	children := map[string][]string{}
	for _, id := range sortedKeys(synsets) {
		for _, p := range synsets[id].ptrs {
			if p.sym == "@" || p.sym == "@i" {
				children[p.target] = append(children[p.target], id)
			}
		}
	}
	shareWord := func(a, b *synset, byStem bool) bool {
		if a == nil || b == nil {
			return false
		}
		for _, x := range a.words {
			for _, y := range b.words {
				if isWord(x) && isWord(y) && (x == y || byStem && stem(x) == stem(y)) {
					return true
				}
			}
		}
		return false
	}

	// Frequent senses of single-word lemmas.
	kept := map[string]bool{} // lemma + " " + synset
	type sense struct{ lemma, syn string }
	var senses []sense           // in a fixed order: lemma, pos, sense rank
	rank := map[string]int{}     // lemma + " " + synset -> sense number from 0
	tags := map[string]float64{} // lemma + " " + synset -> SemCor tags
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		eachLine(filepath.Join(wn, "index."+pos), func(f []string) {
			if len(f) < 4 || !isWord(f[0]) {
				return
			}
			p, _ := strconv.Atoi(f[3])
			if len(f) < 6+p {
				return
			}
			tagged, _ := strconv.Atoi(f[5+p])
			offs := f[6+p:]
			if tagged == 0 && df[stem(f[0])] < minDFUntagged {
				return
			}
			n := min(maxSenses[f[1][0]], max(1, tagged), len(offs))
			total := posTags[f[0]+" "+f[1]]
			for r, o := range offs[:min(len(offs), maxExtraSense)] {
				if r >= n {
					c := tagCount[f[0]+" "+f[1]+" "+strconv.Itoa(r+1)]
					if c < extraSenseTags || float64(c) < extraSenseShare*float64(total) {
						continue
					}
				}
				syn := f[1] + o
				kept[f[0]+" "+syn] = true
				senses = append(senses, sense{f[0], syn})
				rank[f[0]+" "+syn] = r
				tags[f[0]+" "+syn] = float64(tagCount[f[0]+" "+f[1]+" "+strconv.Itoa(r+1)])
			}
		})
	}
	sort.SliceStable(senses, func(a, b int) bool { return senses[a].lemma < senses[b].lemma })

	mem := map[string]map[string]membership{} // stem -> class -> best membership
	// put records that stem st holds class through the sense src; tier is
	// how indirect the link is (0 own sense, 1 derivation, 2 one step up, a
	// split sense or a same-stem whole, 3 two steps up). A capped list keeps
	// lower tiers first and, within a tier, the more frequent source sense
	// (the stem's lemmas' senses interleaved by SemCor count, not by which
	// lemma sorts first).
	put := func(st, class string, weak bool, src string, tier int) {
		freq := tags[src]
		tie := tier*100 + rank[src]
		m := mem[st]
		if m == nil {
			m = map[string]membership{}
			mem[st] = m
		}
		old, ok := m[class]
		better := tie/100 < old.tie/100 || tie/100 == old.tie/100 && (freq > old.freq || freq == old.freq && tie < old.tie)
		if !ok || (old.weak && !weak) || (old.weak == weak && better) {
			m[class] = membership{class: class, weak: weak, tie: tie, freq: freq}
		}
	}
	for _, s := range senses {
		st := stem(s.lemma)
		src := s.lemma + " " + s.syn
		put(st, s.syn, false, src, 0)
		ss := synsets[s.syn]
		if ss == nil {
			continue
		}
		wi := -1
		for i, w := range ss.words {
			if w == s.lemma {
				wi = i + 1
				break
			}
		}
		for _, p := range ss.ptrs {
			switch p.sym {
			case "+", "\\":
				t := synsets[p.target]
				if p.src != wi || t == nil || p.dst < 1 || p.dst > len(t.words) {
					continue
				}
				other := t.words[p.dst-1]
				if !kept[other+" "+p.target] {
					continue
				}
				put(st, p.target, false, src, 1)
				put(stem(other), s.syn, false, other+" "+p.target, 1)
			case "@", "@i":
				steps := hyperSteps
				if s.syn[0] == 'v' {
					steps = verbHyperSteps
				} else if s.syn[0] != 'n' {
					steps = 0
				}
				if steps < 1 {
					continue
				}
				put(st, p.target, true, src, 2)
				if h := synsets[p.target]; h != nil && steps >= 2 {
					for _, q := range h.ptrs {
						if q.sym == "@" || q.sym == "@i" {
							put(st, q.target, true, src, 3)
						}
					}
				}
				// A sister sense that shares a lemma is a finer split of
				// one meaning ("picture" as image and as photograph), not
				// merely a co-hyponym, so it is a weak class too.
				for _, sis := range children[p.target] {
					if sis != s.syn && shareWord(ss, synsets[sis], false) {
						put(st, sis, true, src, 2)
					}
				}
			case "#m", "#s", "#p", "%m", "%s", "%p":
				// A whole and its part or member named by the same stem
				// are one thing counted two ways ("arm" and "arms" as
				// weaponry).
				if t := synsets[p.target]; t != nil && shareWord(ss, t, true) {
					put(st, p.target, true, src, 2)
				}
			}
		}
	}

	// Keep classes that can link two stems.
	strong, weak := map[string]int{}, map[string]int{}
	for _, m := range mem {
		for c, ms := range m {
			if ms.weak {
				weak[c]++
			} else {
				strong[c]++
			}
		}
	}
	out := map[string][]membership{}
	for _, st := range sortedKeys(mem) {
		if !isWord(st) {
			continue
		}
		var list []membership
		for _, c := range sortedKeys(mem[st]) {
			if strong[c] >= 2 || strong[c] >= 1 && weak[c] >= 1 {
				list = append(list, mem[st][c])
			}
		}
		sort.SliceStable(list, func(a, b int) bool {
			ta, tb := list[a].tie/100, list[b].tie/100
			if ta != tb {
				return ta < tb
			}
			if list[a].freq != list[b].freq {
				return list[a].freq > list[b].freq
			}
			return list[a].tie < list[b].tie
		})
		if len(list) > maxClasses {
			list = list[:maxClasses]
		}
		if explain != "" && strings.Contains(","+explain+",", ","+st+",") {
			for _, m := range list {
				log.Printf("explain %s: %s weak=%v freq=%.2f tie=%d %v", st, m.class, m.weak, m.freq, m.tie, synsets[m.class].words)
			}
		}
		if len(list) > 0 {
			out[st] = list
		}
	}
	return out
}

// compounds returns the stems of WordNet's one-word lemmas that are two
// known words run together ("railcar", "ceasefire", "airstrike"), so that the
// lexicon can read "rail cars" as "railcars": the table must know the joined
// word even when WordNet gives it no class and the news text never used it.
func compounds(wn string, df map[string]int, classes map[string][]membership) []string {
	known := func(w string) bool {
		st := english.Stem(w, false)
		_, c := classes[st]
		return c || df[st] >= minDF
	}
	seen := map[string]bool{}
	for _, pos := range []string{"noun", "verb", "adj"} {
		eachLine(filepath.Join(wn, "index."+pos), func(f []string) {
			lemma := f[0]
			if len(lemma) < 6 || !isWord(lemma) || strings.ContainsAny(lemma, "_-") {
				return
			}
			for i := 3; i <= len(lemma)-3; i++ {
				if known(lemma[:i]) && known(lemma[i:]) {
					seen[english.Stem(lemma, false)] = true
					return
				}
			}
		})
	}
	return sortedKeys(seen)
}

// writeBin writes lexicon.bin (format in shared/lexicon/data.go).
func writeBin(path string, docs int, df map[string]int, classes map[string][]membership, extra []string) {
	keys := map[string]bool{}
	for _, k := range extra {
		keys[k] = true
	}
	for k, n := range df {
		if n >= minDF {
			keys[k] = true
		}
	}
	ids := map[string]uint64{}
	for _, st := range sortedKeys(classes) {
		keys[st] = true
		for _, m := range classes[st] {
			if _, ok := ids[m.class]; !ok {
				ids[m.class] = uint64(len(ids))
			}
		}
	}
	sorted := sortedKeys(keys)
	var w bytes.Buffer
	w.WriteString("LEX1")
	uv := func(v uint64) { w.Write(binary.AppendUvarint(nil, v)) }
	uv(uint64(docs))
	uv(uint64(len(ids)))
	uv(uint64(len(sorted)))
	blob := strings.Join(sorted, "\n") + "\n"
	uv(uint64(len(blob)))
	w.WriteString(blob)
	nClass := 0
	for _, k := range sorted {
		uv(uint64(df[k]))
		list := classes[k]
		cs := make([][2]uint64, len(list))
		for i, m := range list {
			weakBit := uint64(0)
			if m.weak {
				weakBit = 1
			}
			cs[i] = [2]uint64{ids[m.class], weakBit}
		}
		sort.Slice(cs, func(a, b int) bool { return cs[a][0] < cs[b][0] })
		uv(uint64(len(cs)))
		prev := uint64(0)
		for _, c := range cs {
			uv((c[0]-prev)<<1 | c[1])
			prev = c[0]
		}
		nClass += len(cs)
	}
	must(os.WriteFile(path, w.Bytes(), 0o644))
	log.Printf("lexicon.bin: %d keys, %d with classes, %d classes, %d memberships, %d bytes",
		len(sorted), len(classes), len(ids), nClass, w.Len())
}
