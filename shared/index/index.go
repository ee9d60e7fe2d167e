// Package index turns a corpus of articles into claims with all their source
// versions, and keeps them in one file that loads fast.
//
// Build runs the corpus half of the pipeline: articles that are one text in
// two formats are merged (a MinHash sketch finds them), each article is split
// into sentences, each sentence is read for its stance (claim, denial or
// context) and its speaker, and sentences of different articles that state the
// same thing are linked into one group. A group is a claim: its versions are
// its sentences, the earliest first, and its kind and speaker are what most of
// its versions say. Context sentences are grouped too, because one outlet
// attributes what another states flatly: a group is a claim when any version
// attributes it, and only claims and denials are ever flagged.
//
// Grouping is single-link over pairs that are very alike, or that are each
// other's best match of the same stance in the other's article (outlets
// retell a story sentence by sentence), and over a headline and the sentence
// of its article that says it at length. Two guards stop chains of unrelated
// statements: a claim never joins a denial, and versions of events weeks
// apart (dates.go) must be near-copies. A denial that restates the claim it
// denies ("denied it after the US said X") also yields a version of that
// claim. Such a clause is not one of its article's sentences, so it takes no
// part in the sentence-by-sentence alignment; instead the clauses of two
// versions of one denial are linked at a low bar, since they restate the same
// claim in whatever words each outlet chose. Claim ids are a hash of the earliest version's text, so rebuilding
// the same corpus gives the same ids.
//
// The file (format.go) holds only what matching and display need: article
// metadata without bodies, each version's text and term keys, the groups. The
// lookup tables are rebuilt at load in one pass.
package index

import (
	"encoding/hex"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/sentences"
	"github.com/retold/retold/shared/stance"
)

// Thresholds of the corpus side, in one place.
const (
	duplicateResemblance = 0.7  // MinHash Jaccard above which two articles are one text
	linkSimilarity       = 0.55 // pair similarity that puts two sentences in one group
	mutualSimilarity     = 0.30 // the bar for two sentences that are each other's best match
	farLinkSimilarity    = 0.8  // the bar for versions published far apart
	farDays              = 21   // how far apart is far
	denialLinkSimilarity = 0.45 // content overlap that links a denial to the claim it denies
	minKeys              = 3    // sentences with fewer content keys are furniture
	maxSentenceBytes     = 2000 // longer "sentences" are lists or markup, not statements
	candidateBudget      = 4096 // postings examined per lookup (see Candidates)
	candidateTop         = 48   // candidates scored in full per lookup
	perClaim             = 8    // of which at most this many versions of one claim
	broadClass           = 32   // a class more corpus keys hold than this is not used for lookup
	minClauseWords       = 5    // a restated claim shorter than this is too little to match
	restatedSimilarity   = 0.2  // the bar for two restatements inside versions of one denial
	claimNounReach       = 8    // how far "that" may follow a claim noun
)

// restateMarkers introduce the clause in which a denial restates the claim.
var restateMarkers = []string{" after ", " following "}

// claimNouns introduce a restated claim with "that".
var claimNouns = map[string]bool{
	"claim": true, "claims": true, "report": true, "reports": true, "allegation": true,
	"allegations": true, "accusation": true, "accusations": true, "assertion": true,
	"assertions": true, "suggestion": true, "suggestions": true, "charge": true, "charges": true,
}

// Article is what the index keeps of a corpus article: its metadata, not its
// body.
type Article struct {
	ID, URL, Outlet, Date, Lang, Title string
	Aliases                            []string           // ids of the copies merged into it
	Sketch                             fingerprint.Sketch // to recognise the article, or a copy, as a page
}

// Sentence is one version of a claim: a sentence of a corpus article.
type Sentence struct {
	Article int32
	Text    string // as it stands in the article, white space folded
	Kind    stance.Kind
	Speaker string
	When    string  // when what it tells happened (EventDate), YYYY-MM-DD or YYYY-MM
	Claim   int32   // the group it belongs to
	Keys    []int32 // content keys, indexes into Index.Keys
}

// Claim is a group of versions that state the same thing.
type Claim struct {
	ID       string
	Kind     stance.Kind
	Speaker  string
	Versions []int32 // sentence indexes, the earliest first
	Counter  int32   // the claim this denial denies, or the denial of this claim; -1 if none
	// Joint is a claim that one article tells as the same statement in the
	// next sentence, which no other article tells apart from this one; -1 if
	// none. Its versions are versions of this claim too (see joinContinuations).
	Joint int32
}

// Index is a built corpus, ready for matching.
type Index struct {
	Articles  []Article
	Sentences []Sentence
	Claims    []Claim
	Keys      []string // the key dictionary
	Date      string   // the newest article date, the corpus's "as of"

	keyID     keyTable           // the dictionary's index, rebuilt at load
	infos     []fingerprint.Info // per dictionary key, rebuilt at load
	prints    []lazy[keyedPrint] // per sentence, made on first use
	cores     []lazy[keyedPrint] // per claim, made on first use
	speakers  [][]string         // per sentence, the actors its speaker names
	exact     [][]int32          // key id -> sentences
	scratch   sync.Pool          // *scratch for lookups
	classKeys classTable         // lexicon class -> dictionary keys that hold it
	near      []lazy[[]int32]    // per key, its class neighbours' ids as lookup reads them, made on first use
	distinct  bool               // no two dictionary keys are equal (a built index's never are)
}

// Build indexes articles. Articles with an id seen before, and copies of an
// article already in (same text in another format), are merged into the first;
// warnings say which.
func Build(articles []intake.Article) (*Index, []string, error) {
	if len(articles) == 0 {
		return nil, nil, errors.New("no articles to index")
	}
	b := builder{idx: &Index{}, keyID: map[string]int32{}}
	b.addArticles(articles)
	b.group()
	b.idx.finish()
	b.idx.prepareCores()
	b.link()
	b.joinContinuations()
	return b.idx, b.warnings, nil
}

type builder struct {
	idx       *Index
	keyID     map[string]int32
	warnings  []string
	restates  [][2]int32 // a denial sentence and the claim clause it restates
	heading   []bool     // per sentence: it stands alone as a headline
	continues []bool     // per sentence: it goes on with the statement of the one before
	clause    []bool     // per sentence: a claim a denial restates, not a sentence of its own
	lang      string     // the language of the article being added (xlang.go)
}

func (b *builder) addArticles(in []intake.Article) {
	seen := map[string]int{}
	var copies fingerprint.Copies
	var kept []intake.Article
	for _, a := range in {
		if a.ID == "" {
			b.warnings = append(b.warnings, "skipped an article with no id")
			continue
		}
		if _, ok := seen[a.ID]; ok {
			b.warnings = append(b.warnings, a.ID+": id seen before, kept the first")
			continue
		}
		sk := fingerprint.SketchOf(a.Text)
		dup := -1
		for _, i := range copies.Near(&sk) {
			if fingerprint.Resemblance(&sk, &b.idx.Articles[i].Sketch) >= duplicateResemblance {
				dup = i
				break
			}
		}
		if dup >= 0 {
			k := &b.idx.Articles[dup]
			b.warnings = append(b.warnings, a.ID+": same text as "+k.ID+", counted once")
			k.Aliases = append(k.Aliases, a.ID)
			fill(&k.URL, a.URL)
			fill(&k.Outlet, a.Outlet)
			fill(&k.Date, a.Date)
			fill(&k.Lang, a.Lang)
			fill(&k.Title, a.Title)
			seen[a.ID] = dup
			continue
		}
		seen[a.ID] = len(kept)
		copies.Add(len(kept), &sk)
		kept = append(kept, a)
		b.idx.Articles = append(b.idx.Articles, Article{ID: a.ID, URL: a.URL, Outlet: a.Outlet, Date: a.Date, Lang: articleLang(a), Title: a.Title, Sketch: sk})
		if a.Date > b.idx.Date {
			b.idx.Date = a.Date
		}
	}
	for i, a := range kept {
		b.lang = articleLang(a)
		b.addSentences(int32(i), a.Text)
	}
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func (b *builder) addSentences(art int32, text string) {
	doc := lexicon.TermsLang(text, b.lang)
	split := sentences.Split(text)
	var prev stance.Reading
	for i, s := range split {
		if len(s.Text) > maxSentenceBytes || s.Heading && truncated(s.Text, split, i) {
			prev = stance.Reading{}
			continue
		}
		folded := sentences.Fold(s.Text)
		r := stance.Read(stanceFold(folded, b.lang), prev)
		prev = r
		when := EventDate(folded, b.idx.Articles[art].Date)
		d := b.add(art, folded, when, s.Heading, r, doc)
		if d < 0 || r.Kind != stance.Denial {
			continue
		}
		// A denial often restates the claim it denies ("denied providing arms
		// after the US said it supplied rockets"): that clause is a version
		// of the claim too, and the two are each other's counterpart.
		if clause, speaker, ok := restated(folded); ok {
			rc := stance.Read(clause, stance.Reading{})
			if speaker == "" && rc.Kind != stance.Claim {
				continue
			}
			if speaker == "" {
				speaker = rc.Speaker
			}
			if c := b.add(art, clause, when, false, stance.Reading{Kind: stance.Claim, Speaker: speaker}, doc); c >= 0 {
				b.restates = append(b.restates, [2]int32{d, c})
			}
		}
	}
}

// add indexes one sentence and returns its index, or -1 when it has too
// little content to state anything.
func (b *builder) add(art int32, text, when string, heading bool, r stance.Reading, doc []lexicon.Term) int32 {
	ts := lexicon.TermsLang(text, b.lang)
	lexicon.Resolve(ts, doc)
	keys := fingerprint.ContentKeys(ts)
	if len(keys) < minKeys {
		return -1
	}
	ids := make([]int32, len(keys))
	for i, k := range keys {
		id, ok := b.keyID[k]
		if !ok {
			id = int32(len(b.idx.Keys))
			b.keyID[k] = id
			b.idx.Keys = append(b.idx.Keys, k)
		}
		ids[i] = id
	}
	b.idx.Sentences = append(b.idx.Sentences, Sentence{Article: art, Text: text, Kind: r.Kind, Speaker: r.Speaker, When: when, Keys: ids})
	b.heading = append(b.heading, heading)
	b.continues = append(b.continues, r.Continues)
	return int32(len(b.idx.Sentences) - 1)
}

// truncated reports whether heading i is a cut-off copy of another sentence
// of the article (a title shortened for a tab or a link, then the title):
// its words begin that sentence's words.
func truncated(heading string, split []sentences.Sentence, i int) bool {
	hw := words(heading)
	if len(hw) == 0 {
		return false
	}
	for j, s := range split {
		if j == i {
			continue
		}
		if sw := words(s.Text); len(sw) > len(hw) && slices.Equal(sw[:len(hw)], hw) {
			return true
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// restated finds the claim a denial restates: the clause after "after" or
// "following" ("... denied it after the US said X"), or the clause after
// "that" which a claim noun introduces ("denied claims by Washington that
// X"; the "by" phrase is the claim's speaker).
func restated(s string) (clause, speaker string, ok bool) {
	lower := strings.ToLower(s)
	for _, m := range restateMarkers {
		if i := strings.Index(lower, m); i >= 0 {
			clause = s[i+len(m):]
			// A clause put before the main one ("In November, after X said
			// Y, Z denied it") ends at its comma.
			if 3*i < len(s) {
				if j := strings.Index(clause, ", "); j >= 0 {
					clause = clause[:j]
				}
			}
			clause = strings.TrimSpace(clause)
			return clause, "", len(strings.Fields(clause)) >= minClauseWords
		}
	}
	ws := strings.Fields(s)
	for i, w := range ws {
		if !claimNouns[strings.ToLower(strings.Trim(w, ",.;:"))] {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+claimNounReach; j++ {
			if strings.ToLower(ws[j]) != "that" {
				continue
			}
			if j > i+2 && strings.ToLower(ws[i+1]) == "by" {
				speaker = strings.Trim(strings.Join(ws[i+2:j], " "), ",")
			}
			clause = strings.Join(ws[j+1:], " ")
			return clause, speaker, len(ws)-j-1 >= minClauseWords
		}
	}
	return "", "", false
}

// group links sentences that state the same thing and makes each linked set a
// claim.
func (b *builder) group() {
	x := b.idx
	x.prepare()
	n := len(x.Sentences)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int32) {
		ri, rj := find(i), find(j)
		if ri < rj {
			parent[rj] = ri
		} else if rj < ri {
			parent[ri] = rj
		}
	}
	// Each sentence's best match in every other article, and its best match
	// of the same stance there: two outlets' versions of one story line up
	// sentence by sentence, so a pair that are each other's best match of the
	// same stance is linked at a lower bar than any other pair. Within one
	// article, near-restatements link, and a headline links to the sentence
	// that says it at length at the lower bar.
	type match struct {
		j   int32
		sim float32
	}
	better := func(m map[int32]match, a, j int32, sim float32) {
		if o, ok := m[a]; !ok || sim > o.sim || sim == o.sim && j < o.j {
			m[a] = match{j, sim}
		}
	}
	b.clause = make([]bool, n)
	clause := b.clause
	for _, r := range b.restates {
		clause[r[1]] = true
	}
	best := make([]map[int32]match, n)
	same := make([]map[int32]match, n)
	lead := make([]map[int32]match, n) // a headline's best match in its own article
	var buf []float32                  // a candidate's damped weights, compared and dropped
	for i := range x.Sentences {
		si := &x.Sentences[i]
		cs := x.Candidates(x.Print(int32(i)))
		damp := x.Damping(cs)
		pi := x.DampedPrint(int32(i), damp)
		best[i], same[i], lead[i] = map[int32]match{}, map[int32]match{}, map[int32]match{}
		for _, c := range cs {
			j := c.Sentence
			sj := &x.Sentences[j]
			if j == int32(i) || opposed(si.Kind, sj.Kind) {
				continue
			}
			pj := x.DampedPrintIn(buf, j, damp)
			buf = pj.W
			sim := fingerprint.Similarity(&pi, &pj)
			switch {
			case sj.Article == si.Article:
				if si.Kind != sj.Kind {
					break
				}
				if sim >= linkSimilarity {
					union(int32(i), j)
				}
				if b.heading[i] {
					better(lead[i], sj.Article, j, sim)
				}
			case sj.Kind == si.Kind && !clause[i] && !clause[j]: // a clause is not in the article's run
				better(same[i], sj.Article, j, sim)
				fallthrough
			default:
				better(best[i], sj.Article, j, sim)
			}
		}
	}
	for i := range x.Sentences {
		ai := x.Sentences[i].Article
		for _, m := range best[i] {
			if x.linkable(int32(i), m.j, m.sim, false) {
				union(int32(i), m.j)
			}
		}
		for _, m := range same[i] {
			if same[m.j][ai].j == int32(i) && x.linkable(int32(i), m.j, m.sim, true) {
				union(int32(i), m.j)
			}
		}
		// A headline says in short what its article's lead says at length.
		if m, ok := lead[i][ai]; ok && m.sim >= mutualSimilarity {
			union(int32(i), m.j)
		}
	}
	// Two versions of one denial that both say what was denied restate one
	// claim, however differently they word it ("the US said the state
	// supplied rockets" beside "claims by Washington that the regime had
	// supplied arms"): their clauses are linked at a low bar, which only
	// keeps out a clause about something else entirely.
	for a, ra := range b.restates {
		ca := ra[1]
		var damp Damping // of ca's neighbourhood, made once when first needed
		var pa fingerprint.Print
		damped := false
		for _, rb := range b.restates[a+1:] {
			cb := rb[1]
			if x.Sentences[ca].Article == x.Sentences[cb].Article || find(ra[0]) != find(rb[0]) || find(ca) == find(cb) {
				continue
			}
			if !damped {
				damp, damped = x.Damping(x.Candidates(x.Print(ca))), true
				pa = x.DampedPrint(ca, damp)
			}
			pb := x.DampedPrint(cb, damp)
			if fingerprint.Similarity(&pa, &pb) >= restatedSimilarity {
				union(ca, cb)
			}
		}
	}
	// A restated claim retells, in few words, a claim made before the
	// denials that restate it: the restatements, linked above, join the one
	// claim sentence of the corpus that the best of them matches best, at
	// the bar of a mutual match and however long before the denial it was
	// made. One link per restated claim, so its loose wording cannot chain
	// unrelated claims together.
	anchor := map[int32]match{} // the root of a group of clauses -> its best claim sentence
	for i := range x.Sentences {
		if !clause[i] {
			continue
		}
		r := find(int32(i))
		for _, m := range best[i] {
			if x.Sentences[m.j].Kind != stance.Claim || clause[m.j] {
				continue
			}
			if a, ok := anchor[r]; !ok || m.sim > a.sim || m.sim == a.sim && m.j < a.j {
				anchor[r] = m
			}
		}
	}
	for r, a := range anchor {
		if a.sim >= mutualSimilarity {
			union(r, a.j)
		}
	}
	// Groups in order of their first sentence, so ids and order are stable.
	groupOf := map[int32]int32{}
	for i := range x.Sentences {
		r := find(int32(i))
		g, ok := groupOf[r]
		if !ok {
			g = int32(len(x.Claims))
			groupOf[r] = g
			x.Claims = append(x.Claims, Claim{Counter: -1, Joint: -1})
		}
		x.Sentences[i].Claim = g
		x.Claims[g].Versions = append(x.Claims[g].Versions, int32(i))
	}
}

// linkable reports whether sentences i and j, similarity sim apart, may be
// linked. A pair that are each other's best match pass a lower bar only when
// both read with one stance: alignment alone would otherwise join a denial
// to the background sentence beside it.
func (x *Index) linkable(i, j int32, sim float32, mutual bool) bool {
	si, sj := &x.Sentences[i], &x.Sentences[j]
	if opposed(si.Kind, sj.Kind) {
		return false
	}
	if sim < linkSimilarity && !(mutual && sim >= mutualSimilarity && si.Kind == sj.Kind) {
		return false
	}
	if days, ok := DaysApart(si.When, sj.When); ok && days > farDays {
		return sim >= farLinkSimilarity
	}
	return true
}

// opposed reports whether one kind is a claim and the other a denial: such
// sentences are never versions of one another, however alike their words.
func opposed(a, b stance.Kind) bool {
	return a == stance.Claim && b == stance.Denial || a == stance.Denial && b == stance.Claim
}

// finish gives each group its kind, speaker, earliest-first order and id.
func (x *Index) finish() {
	used := map[string]bool{}
	for g := range x.Claims {
		c := &x.Claims[g]
		sort.SliceStable(c.Versions, func(a, b int) bool { return x.earlier(c.Versions[a], c.Versions[b]) })
		votes := [3]int{}
		speakers := map[string]int{}
		for _, v := range c.Versions {
			s := &x.Sentences[v]
			votes[s.Kind]++
			if s.Speaker != "" {
				speakers[s.Speaker] += 1 + strings.Count(s.Speaker, " ") // longer names say more
			}
		}
		c.Kind = groupKind(votes)
		c.Speaker = topSpeaker(speakers)
		sum := sum256([]byte(strings.ToLower(x.Sentences[c.Versions[0]].Text)))
		id := "c" + hex.EncodeToString(sum[:6])
		for n := 2; used[id]; n++ {
			sum = sum256([]byte(x.Sentences[c.Versions[0]].Text + "#" + strconv.Itoa(n)))
			id = "c" + hex.EncodeToString(sum[:6])
		}
		used[id] = true
		c.ID = id
	}
}

// groupKind is the kind most versions give a group. An attribution counts
// for more than its absence (one outlet names the source another leaves
// out), and a denial beats a claim on a tie: a denial that restates the claim
// it denies is still a denial.
func groupKind(votes [3]int) stance.Kind {
	c, d, x := 3*votes[stance.Claim], 3*votes[stance.Denial], 2*votes[stance.Context]
	switch {
	case d >= c && d > x:
		return stance.Denial
	case c > x:
		return stance.Claim
	}
	return stance.Context
}

func topSpeaker(m map[string]int) string {
	best, bestN := "", 0
	for s, n := range m {
		if n > bestN || n == bestN && s < best {
			best, bestN = s, n
		}
	}
	return best
}

// earlier orders versions by article date (unknown dates last), then by
// article and position.
func (x *Index) earlier(a, b int32) bool {
	da, db := x.Articles[x.Sentences[a].Article].Date, x.Articles[x.Sentences[b].Article].Date
	if da != db {
		if da == "" {
			return false
		}
		if db == "" {
			return true
		}
		return da < db
	}
	return a < b
}

// link pairs each denial with the claim it denies: the claim it restates;
// else what its article's first restating denial denies (a story about a
// denial is about one claim, and "rejected the accusations" names none);
// else the claim group whose versions its content covers well; else, again,
// what its article's first linked denial denies.
func (b *builder) link() {
	x := b.idx
	for _, p := range b.restates {
		d, c := x.Sentences[p[0]].Claim, x.Sentences[p[1]].Claim
		if x.Claims[d].Kind == stance.Denial && x.Claims[c].Kind == stance.Claim && x.Claims[d].Counter < 0 {
			pair(x, d, c)
		}
	}
	x.inheritCounters()
	for g := range x.Claims {
		d := &x.Claims[g]
		if d.Kind != stance.Denial || d.Counter >= 0 {
			continue
		}
		best, bestSim := int32(-1), float32(denialLinkSimilarity)
		for _, v := range d.Versions {
			for _, c := range x.Candidates(x.Print(v)) {
				cg := x.Sentences[c.Sentence].Claim
				if x.Claims[cg].Kind != stance.Claim {
					continue
				}
				if sim := fingerprint.Similarity(x.Print(v), x.Print(c.Sentence)); sim > bestSim {
					best, bestSim = cg, sim
				}
			}
		}
		if best >= 0 {
			pair(x, int32(g), best)
		}
	}
	x.inheritCounters()
}

// pair links denial d and claim c; a claim keeps the first denial linked to it.
func pair(x *Index, d, c int32) {
	x.Claims[d].Counter = c
	if x.Claims[c].Counter < 0 {
		x.Claims[c].Counter = d
	}
}

// inheritCounters gives each unlinked denial what its article's first linked
// denial denies.
func (x *Index) inheritCounters() {
	first := map[int32]int32{} // article -> the claim its first linked denial denies
	for i := range x.Sentences {
		s := &x.Sentences[i]
		if d := &x.Claims[s.Claim]; d.Kind == stance.Denial && d.Counter >= 0 {
			if _, ok := first[s.Article]; !ok {
				first[s.Article] = d.Counter
			}
		}
	}
	for i := range x.Sentences {
		s := &x.Sentences[i]
		if d := &x.Claims[s.Claim]; d.Kind == stance.Denial && d.Counter < 0 {
			if c, ok := first[s.Article]; ok {
				d.Counter = c
			}
		}
	}
}

// prepare rebuilds the derived tables: each sentence's Print and the lookup
// postings.
func (x *Index) prepare() {
	// What a print needs of a key is looked up once per distinct key: a
	// corpus uses each key many times. Prints themselves are made when a
	// lookup first meets their sentence, so loading costs what the file
	// holds, not what matching might need.
	x.scratch.New = func() any { return new(scratch) }
	x.infos = make([]fingerprint.Info, len(x.Keys))
	x.keyID = newKeyTable(len(x.Keys))
	classKeys := map[uint32]holders{}
	for i, k := range x.Keys {
		x.infos[i] = fingerprint.InfoOf(k)
		x.keyID.put(x.Keys, int32(i))
		for n, c := range x.infos[i].Classes {
			h := classKeys[c]
			h.keys = append(h.keys, int32(i))
			h.weak = append(h.weak, x.infos[i].Weak[n])
			h.strong = h.strong || !x.infos[i].Weak[n]
			classKeys[c] = h
		}
	}
	x.classKeys = newClassTable(classKeys)
	x.distinct = x.keyID.n == len(x.Keys)
	x.near = make([]lazy[[]int32], len(x.Keys))
	x.prints = make([]lazy[keyedPrint], len(x.Sentences))
	x.speakers = make([][]string, len(x.Sentences))
	x.exact = make([][]int32, len(x.Keys))
	speakers := map[string][]string{}
	for i := range x.Sentences {
		s := &x.Sentences[i]
		sp, ok := speakers[s.Speaker]
		if !ok {
			sp = Actors(s.Speaker)
			speakers[s.Speaker] = sp
		}
		x.speakers[i] = sp
		for _, k := range s.Keys {
			if l := x.exact[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
				x.exact[k] = append(l, int32(i))
			}
		}
	}
}

// joinContinuations links a claim to the one its article states in the
// sentence before, when the later sentence goes on with the same speaker's
// statement ("Kirby said the North completed a delivery. The shipment
// follows another one last month, he said."): one statement told in two
// sentences, which other outlets often tell in one, so each claim's versions
// are versions of the other. The two stay separate claims for matching, as
// each sentence says its own part. They are linked only when no other article
// tells them apart (holds a version of both): an outlet that reports them in
// two sentences of two claims says they are two claims.
func (b *builder) joinContinuations() {
	x := b.idx
	prev := int32(-1)
	for i := range x.Sentences {
		if b.clause[i] {
			continue
		}
		p := prev
		prev = int32(i)
		if p < 0 || !b.continues[i] {
			continue
		}
		si, sp := &x.Sentences[i], &x.Sentences[p]
		if si.Article != sp.Article || si.Kind != stance.Claim || sp.Kind != stance.Claim {
			continue
		}
		ci, cp := &x.Claims[si.Claim], &x.Claims[sp.Claim]
		if si.Claim == sp.Claim || ci.Joint >= 0 || cp.Joint >= 0 || x.toldApart(ci, cp, si.Article) {
			continue
		}
		ci.Joint, cp.Joint = sp.Claim, si.Claim
	}
}

// toldApart reports whether an article other than art holds a version of
// claim c and one of claim d.
func (x *Index) toldApart(c, d *Claim, art int32) bool {
	in := map[int32]bool{}
	for _, v := range c.Versions {
		in[x.Sentences[v].Article] = true
	}
	for _, v := range d.Versions {
		if a := x.Sentences[v].Article; a != art && in[a] {
			return true
		}
	}
	return false
}

// Opening returns the sentence that best names claim c on its own: its
// earliest version, unless that goes on with a statement its article began
// in the sentence before ("The shipment follows another one, he said."),
// which is then the joint claim's sentence that begins it.
func (x *Index) Opening(c int32) string {
	first := x.Claims[c].Versions[0]
	if j := x.Claims[c].Joint; j >= 0 {
		for _, v := range x.Claims[j].Versions {
			if x.Sentences[v].Article == x.Sentences[first].Article && v < first {
				return x.Sentences[v].Text
			}
		}
	}
	return x.Sentences[first].Text
}
