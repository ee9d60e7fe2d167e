package lexicon

import (
	_ "embed"
	"math"
	"sort"
	"strings"
	"sync"
)

// The data files are written by `go run ./scripts/lexgen`; do not edit them.
//
// lexicon.bin: "LEX1", uvarint docs, uvarint classes, uvarint n, uvarint len + the n sorted
// keys each ended by '\n', then per key: uvarint df, uvarint class count,
// and the classes as uvarint((id-previd)<<1 | weak), ids ascending.
// actors.txt: "id<TAB>name" lines, longest names first within an id.
// irregular.txt: "form<SPACE>lemma" lines.
var (
	//go:embed lexicon.bin
	lexiconBin string
	//go:embed actors.txt
	actorsTxt string
	//go:embed irregular.txt
	irregularTxt string
)

type nameTok struct {
	norm  string
	exact string // non-empty: the token must have exactly these letters
}

type name struct {
	id   string
	toks []nameTok
}

type tables struct {
	actClasses map[string][]uint32 // speech-act stems: WordNet classes plus the act
	actWeak    map[string][]bool   // and how they hold each
	docs       int
	keys       string   // sorted keys, each ended by '\n'
	keyOff     []uint32 // start of key i in keys; len n+1
	df         []uint32
	classStart []uint32 // classes of key i are classIDs[classStart[i]:classStart[i+1]]
	classIDs   []uint32
	classWeak  []bool
	idfScale   float64

	irregularOff []int             // line starts in irregularTxt, sorted by form
	names        map[string][]name // by first token, longest first
	deicticIDs   map[string][]string
}

var (
	data     tables
	loadOnce sync.Once
)

func load() { loadOnce.Do(func() { data.init() }) }

func (d *tables) init() {
	d.decodeBin(lexiconBin)
	// A speech-act stem's classes are its WordNet classes and its act, held
	// strongly, in order: act ids lie above every WordNet class and below
	// every hashed one.
	d.actClasses = make(map[string][]uint32, len(speechActs))
	d.actWeak = make(map[string][]bool, len(speechActs))
	for stem, act := range speechActs {
		var c []uint32
		var w []bool
		if i, ok := d.find(stem); ok {
			wc, ww := d.classesOf(i)
			c, w = append(c, wc...), append(w, ww...)
			c, w = append(c, act), append(w, false)
		} else {
			c, w = []uint32{act, hashedClass(stem)}, []bool{false, false}
		}
		d.actClasses[stem], d.actWeak[stem] = c, w
	}
	d.irregularOff = lineStarts(irregularTxt)
	d.names = map[string][]name{}
	d.deicticIDs = map[string][]string{}
	for _, line := range strings.Split(actorsTxt, "\n") {
		id, nm, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		toks := tokenize(nm)
		if len(toks) == 0 {
			continue
		}
		n := name{id: id, toks: make([]nameTok, len(toks))}
		for i, t := range toks {
			n.toks[i].norm = t.norm
			if t.letters != "" && t.letters == strings.ToUpper(t.letters) && t.letters != strings.ToLower(t.letters) {
				n.toks[i].exact = t.letters
			}
		}
		first := toks[0].norm
		d.names[first] = append(d.names[first], n)
		if dk, ok := deicticNames[first]; ok && len(toks) > 1 && id != "-" {
			ids := d.deicticIDs[dk]
			if len(ids) == 0 || ids[len(ids)-1] != "@"+id {
				d.deicticIDs[dk] = append(ids, "@"+id)
			}
		}
	}
	for _, ns := range d.names {
		sort.SliceStable(ns, func(a, b int) bool { return len(ns[a].toks) > len(ns[b].toks) })
	}
	for _, ids := range d.deicticIDs {
		sort.Strings(ids)
	}
}

// decodeBin reads lexicon.bin; a damaged file leaves the tables empty
// rather than panicking, so Terms still works without similarity data.
func (d *tables) decodeBin(s string) {
	fail := func() { *d = tables{idfScale: 1} }
	if !strings.HasPrefix(s, "LEX1") {
		fail()
		return
	}
	p := 4
	next := func() (uint64, bool) {
		var v uint64
		for shift := uint(0); p < len(s) && shift < 64; shift += 7 {
			c := s[p]
			p++
			v |= uint64(c&0x7f) << shift
			if c < 0x80 {
				return v, true
			}
		}
		return 0, false
	}
	docs, ok1 := next()
	nClass, ok0 := next()
	n, ok2 := next()
	blen, ok3 := next()
	if !ok0 || !ok1 || !ok2 || !ok3 || uint64(len(s)-p) < blen || n > blen || nClass+n > 1<<31 {
		fail()
		return
	}
	d.docs = int(docs)
	d.keys = s[p : p+int(blen)]
	p += int(blen)
	d.keyOff = make([]uint32, 0, n+1)
	d.keyOff = append(d.keyOff, 0)
	for off := 0; off < len(d.keys); {
		e := strings.IndexByte(d.keys[off:], '\n')
		if e < 0 {
			fail()
			return
		}
		off += e + 1
		d.keyOff = append(d.keyOff, uint32(off))
	}
	if uint64(len(d.keyOff)-1) != n {
		fail()
		return
	}
	// Every key is also its own class, id nClass+i, so that equal keys
	// share a class and Classes alone can index candidates; self ids follow
	// all WordNet ids, so each list stays sorted.
	d.df = make([]uint32, n)
	d.classStart = make([]uint32, n+1)
	d.classIDs = make([]uint32, 0, n*4)
	d.classWeak = make([]bool, 0, n*4)
	for i := range d.df {
		df, ok1 := next()
		cnt, ok2 := next()
		if !ok1 || !ok2 || cnt > 64 {
			fail()
			return
		}
		d.df[i] = uint32(df)
		id := uint64(0)
		for range cnt {
			v, ok := next()
			if !ok || id+v>>1 >= nClass {
				fail()
				return
			}
			id += v >> 1
			d.classIDs = append(d.classIDs, uint32(id))
			d.classWeak = append(d.classWeak, v&1 == 1)
		}
		d.classIDs = append(d.classIDs, uint32(nClass)+uint32(i))
		d.classWeak = append(d.classWeak, false)
		d.classStart[i+1] = uint32(len(d.classIDs))
	}
	d.idfScale = (12 - weightFloor) / math.Log(float64(d.docs+1)/0.5)
}

func lineStarts(s string) []int {
	offs := make([]int, 0, strings.Count(s, "\n")+1)
	for off := 0; off < len(s); {
		offs = append(offs, off)
		e := strings.IndexByte(s[off:], '\n')
		if e < 0 {
			break
		}
		off += e + 1
	}
	return offs
}

// lemma returns the base form of an irregular inflection ("said" -> "say").
func (d *tables) lemma(form string) (string, bool) {
	line := func(i int) (string, string) {
		l := irregularTxt[d.irregularOff[i]:]
		if e := strings.IndexByte(l, '\n'); e >= 0 {
			l = l[:e]
		}
		f, b, _ := strings.Cut(l, " ")
		return f, b
	}
	i := sort.Search(len(d.irregularOff), func(i int) bool { f, _ := line(i); return f >= form })
	if i < len(d.irregularOff) {
		if f, b := line(i); f == form {
			return b, true
		}
	}
	return "", false
}

// find returns the index of key by binary search over the sorted keys.
func (d *tables) find(key string) (int, bool) {
	n := len(d.keyOff) - 1
	i := sort.Search(n, func(i int) bool { return d.key(i) >= key })
	return i, i < n && d.key(i) == key
}

func (d *tables) key(i int) string { return d.keys[d.keyOff[i] : d.keyOff[i+1]-1] }

func (d *tables) classesOf(i int) ([]uint32, []bool) {
	s, e := d.classStart[i], d.classStart[i+1]
	return d.classIDs[s:e:e], d.classWeak[s:e:e]
}

// seen is how many background documents use key; -1 when the tables do not
// know it at all.
func (d *tables) seen(key string) int {
	i, ok := d.find(key)
	if !ok {
		return -1
	}
	return int(d.df[i])
}

func (d *tables) idf(df int) float32 {
	w := weightFloor + d.idfScale*math.Log(float64(d.docs+1)/(float64(df)+0.5))
	return float32(max(w, weightFloor))
}
