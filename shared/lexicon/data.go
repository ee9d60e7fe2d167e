package lexicon

import (
	_ "embed"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// The data files are written by `go run ./scripts/lexgen`; do not edit them.
//
// lexicon.bin: "LEX1", uvarint docs, uvarint classes, uvarint n, uvarint len + the n sorted
// keys each ended by '\n', then per key: uvarint df, uvarint class count,
// and the classes as uvarint((id-previd)<<1 | weak), ids ascending.
// actors.txt: "id<TAB>name" lines, longest names first within an id.
// irregular.txt: "form<SPACE>lemma" lines.
//
// lexicon.bin is embedded unless the build carries the tag
// retold_lexicon_file (bin_embed.go, bin_file.go): then the front end hands
// it in with SetData (setdata.go) before the lexicon's first use.
var (
	//go:embed actors.txt
	actorsTxt string
	//go:embed irregular.txt
	irregularTxt string
)

// binMagic opens lexicon.bin.
const binMagic = "LEX1"

type nameTok struct {
	norm  string
	exact string // non-empty: the token must have exactly these letters
}

type name struct {
	id   string
	key  string // "@" + id, the Entity key, made once rather than at each match
	toks []nameTok
}

type tables struct {
	actClasses map[string][]uint32 // speech-act stems: WordNet classes plus the act
	actWeak    map[string][]bool   // and how they hold each
	docs       int
	nClass     uint32
	bin        string                      // lexicon.bin, which the offsets below point into
	keys       string                      // sorted keys, each ended by '\n', in place in bin
	keyOff     []uint32                    // start of key i in keys; len n+1
	recOff     []uint32                    // start of key i's record (df, classes) in bin
	classes    []atomic.Pointer[classList] // key i's classes once decoded
	idfScale   float64

	irregularOff []int             // line starts in irregularTxt, sorted by form
	names        map[string][]name // by first token, longest first
	deicticIDs   map[string][]string
}

var (
	data     tables
	loadOnce sync.Once
)

func load() {
	loadOnce.Do(func() {
		binMu.Lock()
		defer binMu.Unlock()
		binUsed = true
		data.init()
	})
}

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
	d.names = make(map[string][]name, strings.Count(actorsTxt, "\n"))
	d.deicticIDs = map[string][]string{}
	for rest := actorsTxt; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		id, nm, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		toks := tokenize(nm)
		if len(toks) == 0 {
			continue
		}
		n := name{id: id, key: "@" + id, toks: make([]nameTok, len(toks))}
		for i, t := range toks {
			n.toks[i].norm = t.norm
			if allCapitals(t.letters) {
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
		slices.SortStableFunc(ns, func(a, b name) int { return len(b.toks) - len(a.toks) })
	}
	for _, ids := range d.deicticIDs {
		sort.Strings(ids)
	}
}

// allCapitals reports whether s has a cased letter and no lower-case one
// ("UN", "U.S." as letters "US"): what s == ToUpper(s) && s != ToLower(s)
// says, without building either string.
func allCapitals(s string) bool {
	cased := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.ToUpper(r) != r {
			return false
		}
		cased = cased || unicode.ToLower(r) != r
	}
	return cased
}

// decodeBin reads lexicon.bin where it lies. One pass checks every record
// and notes where each key and each record starts; a key's frequency and
// classes are decoded from the embedded bytes when asked for (dfOf,
// classesOf), so waking the lexicon builds two offset slices, not the whole
// class table: start-up is what a reader of the extension waits for. A
// damaged file leaves the tables empty rather than panicking, so Terms
// still works without similarity data.
func (d *tables) decodeBin(s string) {
	fail := func() { *d = tables{idfScale: 1} }
	if !strings.HasPrefix(s, binMagic) {
		fail()
		return
	}
	p := 4
	docs, ok1 := uvarint(s, &p)
	nClass, ok0 := uvarint(s, &p)
	n, ok2 := uvarint(s, &p)
	blen, ok3 := uvarint(s, &p)
	if !ok0 || !ok1 || !ok2 || !ok3 || uint64(len(s)-p) < blen || n > blen || nClass+n > 1<<31 {
		fail()
		return
	}
	d.bin, d.docs, d.nClass = s, int(docs), uint32(nClass)
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
	d.recOff = make([]uint32, n)
	d.classes = make([]atomic.Pointer[classList], n)
	for i := range d.recOff {
		d.recOff[i] = uint32(p)
		_, ok1 := uvarint(s, &p)
		cnt, ok2 := uvarint(s, &p)
		if !ok1 || !ok2 || cnt > 64 {
			fail()
			return
		}
		id := uint64(0)
		for range cnt {
			v, ok := uvarint(s, &p)
			if !ok || id+v>>1 >= nClass {
				fail()
				return
			}
			id += v >> 1
		}
	}
	d.idfScale = (12 - weightFloor) / math.Log(float64(d.docs+1)/0.5)
}

// uvarint reads an unsigned varint at s[*p] and moves *p past it.
func uvarint(s string, p *int) (uint64, bool) {
	var v uint64
	for shift := uint(0); *p < len(s) && shift < 64; shift += 7 {
		c := s[*p]
		*p++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, true
		}
	}
	return 0, false
}

// dfOf is how many background documents use key i (decodeBin checked the
// record).
func (d *tables) dfOf(i int) int {
	p := int(d.recOff[i])
	df, _ := uvarint(d.bin, &p)
	return int(df)
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

// classList is one key's classes, ascending, and how it holds each.
type classList struct {
	ids  []uint32
	weak []bool
}

// classesOf returns key i's classes, decoded on first use and kept, so a
// page's words cost one decoding each and the callers may share the slices.
func (d *tables) classesOf(i int) ([]uint32, []bool) {
	c := d.classes[i].Load()
	if c == nil {
		c = d.decodeClasses(i)
		d.classes[i].Store(c) // a concurrent caller may store an equal list first
	}
	return c.ids, c.weak
}

// decodeClasses reads key i's classes from its record. Every key is also
// its own class, id nClass+i, so that equal keys share a class and Classes
// alone can index candidates; self ids follow all WordNet ids, so the list
// stays sorted.
func (d *tables) decodeClasses(i int) *classList {
	p := int(d.recOff[i])
	uvarint(d.bin, &p) // df
	cnt, _ := uvarint(d.bin, &p)
	ids := make([]uint32, 0, cnt+1)
	weak := make([]bool, 0, cnt+1)
	id := uint64(0)
	for range cnt {
		v, _ := uvarint(d.bin, &p)
		id += v >> 1
		ids = append(ids, uint32(id))
		weak = append(weak, v&1 == 1)
	}
	n := len(ids) + 1
	return &classList{append(ids, d.nClass+uint32(i))[:n:n], append(weak, false)[:n:n]}
}

// seen is how many background documents use key; -1 when the tables do not
// know it at all.
func (d *tables) seen(key string) int {
	i, ok := d.find(key)
	if !ok {
		return -1
	}
	return d.dfOf(i)
}

func (d *tables) idf(df int) float32 {
	w := weightFloor + d.idfScale*math.Log(float64(d.docs+1)/(float64(df)+0.5))
	return float32(max(w, weightFloor))
}
