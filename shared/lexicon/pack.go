package lexicon

// Language packs map the words of one other language into the English term
// space the matcher compares, so a French or Japanese sentence yields the
// same keys as its English version where the pack knows the words.
//
// Design. A pack is a small validated binary file (scripts/langgen writes
// it) with three tables: names (country names, capitals, language
// adjectives in that language and script) that become entity keys "@xx";
// words, each with one English word that is keyed exactly as an English
// text's word is (irregular forms, Snowball, spelling variants); and the
// language's function words, kept as stop terms so they add nothing. Packs
// are loaded at run time (LoadPack), never embedded here: the extension
// fetches one only for a page that needs it, while the CLI and the Worker
// register all of them from package lexicon/packs.
//
// Inflection is handled without a stemmer per language: a word not in the
// table is tried again with up to maxSuffix runes cut from its end, so
// Turkish "Kore'nin" finds "kore" and French "roquettes" finds "roquette".
// Only forms of minStemRunes runes or more are reached that way, which
// keeps short words from matching by accident. Scripts written without
// spaces (Chinese, Japanese) are read by longest match over the pack's
// names and words, at most maxRunMatch runes at a time; what no entry
// covers is skipped. A Latin-script word the pack does not know keeps its
// English key: cognates ("missiles", "Wagner") and names then still match.

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/retold/retold/shared/translit"
)

// Limits of the pack format and of the lookups, in one place.
const (
	packMagic       = "RTLP"
	packVersion     = 1
	maxPackBytes    = 8 << 20
	maxPackItems    = 1 << 18
	maxPackString   = 255
	minStemRunes    = 4 // a form reached by cutting an ending is at least this long
	maxRunMatch     = 12
	maxNameToks     = 5
	minRunWord      = 2 // one Han character is too ambiguous to read as a word ("米" is rice or America)
	minForeignRunes = 3 // a shorter unknown word of another script is not worth spelling out
	maxNameReading  = 8 // characters read by sound as one name at most
)

// maxSuffix is how many runes an inflection may add to a known word, by
// language: agglutinative languages add long endings.
var maxSuffix = map[string]int{"tr": 5, "ta": 6, "ko": 3, "sw": 3, "fi": 5, "hu": 5, "id": 3, "ar": 2}

// nameSuffix is the same for names: only languages that attach case
// endings and particles to names ("Kore'nin", "북한은"); elsewhere a cut name
// is mostly a false match ("limage" is not "Lima").
var nameSuffix = map[string]int{"tr": 5, "ta": 6, "ko": 3, "fi": 5, "hu": 5, "ru": 2, "uk": 2, "pl": 2}

// nameEndings are the endings of a name's dictionary form that its other
// cases replace, for languages that decline names: Russian "России" is
// "Россия" with "я" replaced.
var nameEndings = map[string][]string{"ru": {"я", "а", "й"}, "uk": {"я", "а", "й"}, "pl": {"a", "y"}}

// clitics are the letters some languages join in front of a word: Arabic
// writes "and", "with", "for" and "the" as prefixes ("بالأسلحة" is
// "with the weapons"). Longest first.
var clitics = map[string][]string{"ar": {"وبال", "فبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"}}

const defaultSuffix = 3

// Pack is one language's tables, decoded.
type Pack struct {
	Lang  string
	names map[string][]packName // by first token
	words map[string]string     // folded form -> English word
	stops map[string]bool
	runs  map[string]string // unspaced scripts: surface -> "@id" or English word
	// readings are how the Han characters used to write foreign names
	// are read (Chinese: "瓦" wa), to spell such names out for matching by
	// sound (readRun)
	readings map[rune]string
}

type packName struct {
	toks []string
	key  string
}

var (
	packMu sync.RWMutex
	packs  = map[string]*Pack{}
)

// LoadPack validates and registers one language pack (the bytes of a
// packs/<lang>.bin file); a pack for the same language replaces the old
// one. It never panics: corrupt or truncated data gives an error and leaves
// the loaded packs as they were.
func LoadPack(data []byte) error {
	_, err := InstallPack(data)
	return err
}

// InstallPack is LoadPack that also returns the language it installed, for
// callers that get packs as bytes without a name (the extension's engine).
func InstallPack(data []byte) (lang string, err error) {
	p, err := decodePack(data)
	if err != nil {
		return "", err
	}
	packMu.Lock()
	packs[p.Lang] = p
	packMu.Unlock()
	return p.Lang, nil
}

// HasPack reports whether the pack of lang is loaded.
func HasPack(lang string) bool {
	packMu.RLock()
	defer packMu.RUnlock()
	return packs[lang] != nil
}

// Loaded lists the languages whose packs are loaded, sorted.
func Loaded() []string {
	packMu.RLock()
	defer packMu.RUnlock()
	out := make([]string, 0, len(packs))
	for l := range packs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

func getPack(lang string) *Pack {
	packMu.RLock()
	defer packMu.RUnlock()
	return packs[lang]
}

// PackEntry is one row of a pack as the generator writes it.
type PackEntry struct{ Form, Value string }

// EncodePack writes a pack: names (form -> "@id"), words (form -> English
// word) and stop words; the generator's only way to make one, so the format
// lives in one file. Forms must already be folded with FoldForm. Output is
// deterministic: rows are sorted.
func EncodePack(lang string, names, words []PackEntry, stops []string) []byte {
	sortRows := func(r []PackEntry) {
		slices.SortFunc(r, func(a, b PackEntry) int {
			if c := strings.Compare(a.Form, b.Form); c != 0 {
				return c
			}
			return strings.Compare(a.Value, b.Value)
		})
	}
	sortRows(names)
	sortRows(words)
	stops = slices.Clone(stops)
	sort.Strings(stops)
	b := []byte(packMagic)
	b = append(b, packVersion)
	str := func(s string) {
		if len(s) > maxPackString {
			s = s[:maxPackString]
		}
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(lang)
	for _, tab := range [][]PackEntry{names, words} {
		b = binary.AppendUvarint(b, uint64(len(tab)))
		for _, e := range tab {
			str(e.Form)
			str(e.Value)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(stops)))
	for _, s := range stops {
		str(s)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

type packReader struct {
	b   []byte
	err error
}

func (r *packReader) uvarint() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > maxPackItems {
		r.err = errors.New("lexicon: pack: bad count")
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *packReader) str() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > maxPackString || n > len(r.b) {
		r.err = errors.New("lexicon: pack: bad string")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	if !utf8.ValidString(s) {
		r.err = errors.New("lexicon: pack: invalid UTF-8")
	}
	return s
}

func decodePack(data []byte) (*Pack, error) {
	if len(data) > maxPackBytes {
		return nil, errors.New("lexicon: pack of " + strconv.Itoa(len(data)) + " bytes is over the " + strconv.Itoa(maxPackBytes) + " limit")
	}
	if len(data) < len(packMagic)+1+4 || string(data[:len(packMagic)]) != packMagic {
		return nil, errors.New("lexicon: not a language pack")
	}
	if data[len(packMagic)] != packVersion {
		return nil, errors.New("lexicon: pack version " + strconv.Itoa(int(data[len(packMagic)])) + ", want " + strconv.Itoa(packVersion))
	}
	body := data[:len(data)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, errors.New("lexicon: pack checksum mismatch (corrupt or truncated)")
	}
	r := &packReader{b: body[len(packMagic)+1:]}
	p := &Pack{Lang: r.str(), names: map[string][]packName{}, words: map[string]string{}, stops: map[string]bool{}, runs: map[string]string{}, readings: map[rune]string{}}
	if r.err == nil && (len(p.Lang) < 2 || len(p.Lang) > 8) {
		return nil, errors.New("lexicon: pack: bad language code")
	}
	for tab := 0; tab < 2 && r.err == nil; tab++ {
		n := r.uvarint()
		for i := 0; i < n && r.err == nil; i++ {
			form, val := r.str(), r.str()
			if form == "" || val == "" {
				continue
			}
			if isCJKForm(form) { // read by longest match (readRun)
				if _, ok := p.runs[form]; !ok || tab == 0 {
					p.runs[form] = val
				}
			}
			if tab == 0 {
				toks := strings.Fields(form)
				if len(toks) == 0 || len(toks) > maxNameToks || val[0] != '@' {
					continue
				}
				p.names[toks[0]] = append(p.names[toks[0]], packName{toks: toks, key: val})
			} else if c, ok := strings.CutPrefix(form, readingMark); ok && utf8.RuneCountInString(c) == 1 {
				r, _ := utf8.DecodeRuneInString(c)
				p.readings[r] = val
			} else {
				p.words[form] = val
			}
		}
	}
	n := r.uvarint()
	for i := 0; i < n && r.err == nil; i++ {
		p.stops[r.str()] = true
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errors.New("lexicon: pack: trailing bytes")
	}
	for k := range p.names { // longest names first
		slices.SortStableFunc(p.names[k], func(a, b packName) int { return len(b.toks) - len(a.toks) })
	}
	return p, nil
}

// isCJKForm reports whether a form starts in a script written without
// spaces, which Terms reads as runs.
func isCJKForm(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isCJK(r)
}

// FoldForm is how a pack's forms and a page's words are compared: each word
// case- and diacritic-folded as Terms folds it, apostrophes removed, words
// joined by one space.
func FoldForm(s string) string {
	var parts []string
	toks := tokenize(s)
	for k := 0; k < len(toks); {
		if toks[k].kind == tokCJK { // an unspaced run stays whole
			j := skipRun(toks, k)
			parts = append(parts, s[toks[k].start:toks[j-1].end])
			k = j
			continue
		}
		parts = append(parts, toks[k].norm)
		k++
	}
	return strings.Join(parts, " ")
}

// elide drops a French or Italian elided article or pronoun ("l'", "d'",
// "qu'") from the front of a word: "l'agence" reads as "agence".
func elide(text string, t token, lang string) token {
	if !elidingLangs[lang] {
		return t
	}
	raw := text[t.start:t.end]
	for n, r := range raw {
		if n > 2 {
			break
		}
		if isApostrophe(r) && n > 0 {
			rest := raw[n+utf8.RuneLen(r):]
			if rest == "" {
				break
			}
			t.norm, _, t.upper = fold(rest)
			t.start += n + utf8.RuneLen(r)
			break
		}
	}
	return t
}

var elidingLangs = map[string]bool{"fr": true, "it": true, "ca": true}

// TermsLang is Terms for a text in language lang: with lang's pack loaded,
// names become entity keys, known words their English keys, function words
// stop terms. Without a pack (or for English) it is Terms.
func TermsLang(text, lang string) []Term { return TermsLangIn(nil, text, lang) }

// TermsLangIn is TermsLang, the terms written over dst's array when it has
// room for them (TermsIn).
func TermsLangIn(dst []Term, text, lang string) []Term {
	p := getPack(lang)
	if p == nil || lang == "en" {
		return TermsIn(dst, text)
	}
	load()
	tb, toks := pooledTokens(text) // Terms' token arrays, reused as there
	defer tb.put(toks, tb.facts)
	out := slices.Grow(dst[:0], len(toks))
	suffix := defaultSuffix
	if s, ok := maxSuffix[lang]; ok {
		suffix = s
	}
	for k := 0; k < len(toks); {
		t := toks[k]
		if t.kind == tokCJK {
			out = p.readRun(text, t, toks, k, out)
			k = skipRun(toks, k)
			continue
		}
		if t.kind == tokNum {
			out = appendTerm(out, t.start, t.end, t.norm, Number, false)
			k++
			continue
		}
		if clitics[lang] != nil {
			t = p.unclitic(t, lang)
			setToken(&toks[k], &t)
		}
		// A function word spelled like a name ("того" and Togo) is the
		// name only with a capital letter.
		if n, key := p.matchName(toks, k, nameSuffix[lang]); n > 0 && !p.lowerStop(t) {
			out = appendTerm(out, t.start, toks[k+n-1].end, key, Entity, false)
			k += n
			continue
		}
		t = elide(text, t, lang)
		if t.upper && isLowerASCII(t.norm) { // an English or Latin name: Pyongyang, Wagner
			if n, nm := matchName(toks, k); n > 0 && nm.id != "-" {
				out = appendTerm(out, t.start, toks[k+n-1].end, nm.key, Entity, false)
				k += n
				continue
			}
		}
		if compounding[lang] {
			if parts, ok := p.compound(t, suffix); ok {
				out = append(out, parts...)
				k++
				continue
			}
		}
		w := p.wordTerm(t, suffix)
		out = appendTerm(out, w.Start, w.End, w.Key, w.Kind, w.Stop)
		k++
	}
	return out
}

// wordTerm keys one word of the pack's language.
func (p *Pack) wordTerm(t token, suffix int) Term {
	if p.stops[t.norm] {
		return Term{Start: t.start, End: t.end, Key: t.norm, Kind: Word, Stop: true}
	}
	if eng, ok := p.lookup(t.norm, suffix); ok {
		return englishTerm(t, eng)
	}
	if isLowerASCII(t.norm) {
		return wordTerm(t) // a cognate or a name keeps its English key
	}
	if k := transliterated(t.norm); k != "" {
		return Term{Start: t.start, End: t.end, Key: k, Kind: Word}
	}
	return Term{Start: t.start, End: t.end, Key: t.norm, Kind: Word}
}

// compounding are the languages that write a compound as one word
// ("Waffengeschäfte", arms deals).
var compounding = map[string]bool{"de": true, "nl": true, "sv": true, "da": true, "nb": true}

// Limits of compound splitting.
const (
	minCompoundRunes = 8 // shorter words are rarely compounds
	minPartRunes     = 4 // each part is a word of its own
)

// linking are the letters German and Dutch put between the parts of a
// compound ("Ablenkungs|manöver").
var linking = []string{"s", "es", "n", "en", "e"}

// compound splits a word the pack does not know into two parts of which
// the last (the head, what the compound is) is a pack word and the first
// is a pack word or a Latin word left for cognates; both become terms over
// the word's span. ok is false when no split is found.
func (p *Pack) compound(t token, suffix int) ([]Term, bool) {
	w := t.norm
	n := utf8.RuneCountInString(w)
	if n < minCompoundRunes || p.stops[w] || !isLowerASCII(w) {
		return nil, false
	}
	if _, ok := p.lookup(w, suffix); ok {
		return nil, false
	}
	// the longest head first: "Außenministerium" is "außen" and "ministerium"
	for i := minPartRunes; i <= n-minPartRunes; i++ {
		head := w[i:]
		eng, ok := p.lookup(head, suffix)
		if !ok {
			continue
		}
		left := w[:i]
		for _, l := range linking {
			if cut, ok := strings.CutSuffix(left, l); ok && len(cut) >= minPartRunes {
				if _, known := p.lookup(cut, 0); known {
					left = cut
					break
				}
			}
		}
		lt := token{start: t.start, end: t.end, norm: left, kind: tokWord}
		return []Term{p.wordTerm(lt, suffix), englishTerm(t, eng)}, true
	}
	return nil, false
}

// englishTerm is the term of English word eng standing at t's place.
func englishTerm(t token, eng string) Term {
	if eng[0] == '@' {
		return Term{Start: t.start, End: t.end, Key: eng, Kind: Entity}
	}
	et := token{norm: eng, kind: tokWord}
	return Term{Start: t.start, End: t.end, Key: wordKey(et), Kind: Word, Stop: stopWords[eng]}
}

// lookup finds w, or w less an ending of up to suffix runes.
func (p *Pack) lookup(w string, suffix int) (string, bool) {
	if v, ok := p.words[w]; ok {
		return v, true
	}
	n := utf8.RuneCountInString(w)
	cut := w
	for i := 1; i <= suffix && n-i >= minStemRunes; i++ {
		_, sz := utf8.DecodeLastRuneInString(cut)
		cut = cut[:len(cut)-sz]
		if v, ok := p.words[cut]; ok {
			return v, true
		}
	}
	return "", false
}

// matchName finds the longest pack name at toks[k]; its last word may carry
// an ending of up to suffix runes.
func (p *Pack) matchName(toks []token, k, suffix int) (int, string) {
	first := toks[k].norm
	cands := p.names[first]
	if len(cands) == 0 {
		// a one-word name with an ending: try cutting it
		n := utf8.RuneCountInString(first)
		cut := first
		for i := 1; i <= suffix && n-i >= 2; i++ {
			_, sz := utf8.DecodeLastRuneInString(cut)
			cut = cut[:len(cut)-sz]
			for _, form := range append([]string{cut}, p.endings(cut)...) {
				for _, nm := range p.names[form] {
					// two Hangul or Tamil letters are a syllable each; two Latin ones too few
					if n := utf8.RuneCountInString(cut); len(nm.toks) == 1 && (n >= 3 || n >= 2 && !isLowerASCII(cut)) {
						return 1, nm.key
					}
				}
			}
		}
		return 0, ""
	}
	for _, nm := range cands {
		if k+len(nm.toks) > len(toks) {
			continue
		}
		ok := true
		for j := 1; j < len(nm.toks) && ok; j++ {
			t := toks[k+j]
			last := j == len(nm.toks)-1
			ok = t.kind == tokWord && t.soft && (t.norm == nm.toks[j] ||
				last && strings.HasPrefix(t.norm, nm.toks[j]) && utf8.RuneCountInString(t.norm)-utf8.RuneCountInString(nm.toks[j]) <= suffix)
		}
		if ok {
			return len(nm.toks), nm.key
		}
	}
	return 0, ""
}

// lowerStop reports whether t is one of the pack's function words written
// in lower case, in a script that has case.
func (p *Pack) lowerStop(t token) bool {
	if !p.stops[t.norm] || t.upper {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.norm)
	return unicode.IsLower(r)
}

// endings returns cut with each dictionary-form ending of the pack's
// language added.
func (p *Pack) endings(cut string) []string {
	var out []string
	for _, e := range nameEndings[p.Lang] {
		out = append(out, cut+e)
	}
	return out
}

// unclitic returns t without a clitic prefix of lang when what remains is
// a name or a word of the pack, or a word of another script long enough
// to spell out; else t as it is.
func (p *Pack) unclitic(t token, lang string) token {
	if p.known(t.norm) {
		return t
	}
	for _, c := range clitics[lang] {
		rest, ok := strings.CutPrefix(t.norm, c)
		if !ok || utf8.RuneCountInString(rest) < minForeignRunes {
			continue
		}
		if the := "ال" + rest; c != "ال" && strings.HasSuffix(c, "ال") && p.known(the) {
			t.norm = the // "بالصين", with China: the name is "الصين"
			t.start += len(c) - len("ال")
			return t
		}
		if p.known(rest) || strings.HasSuffix(c, "ال") {
			t.norm = rest
			t.start += len(c)
			return t
		}
	}
	return t
}

// known reports whether form is a name or a word of the pack.
func (p *Pack) known(form string) bool {
	_, name := p.names[form]
	_, word := p.words[form]
	return name || word
}

// skipRun returns the index after the CJK tokens of one run (bigrams of one
// run overlap and are soft-joined after the first).
func skipRun(toks []token, k int) int {
	end := toks[k].end
	k++
	for k < len(toks) && toks[k].kind == tokCJK && toks[k].start < end {
		end = max(end, toks[k].end)
		k++
	}
	return k
}

// readRun reads the unspaced run that starts at toks[k] by longest match
// over the pack's names and words.
func (p *Pack) readRun(text string, t token, toks []token, k int, out []Term) []Term {
	end := t.end
	for j := k + 1; j < len(toks) && toks[j].kind == tokCJK && toks[j].start < end; j++ {
		end = max(end, toks[j].end)
	}
	run := text[t.start:end]
	var offs []int
	for i := range run {
		offs = append(offs, i)
	}
	offs = append(offs, len(run))
	kata := katakanaEnds(run, offs)
	for i := 0; i+1 < len(offs); {
		matched := false
		kataEnd := kata[i]
		for n := min(maxRunMatch, len(offs)-1-i); n >= 1; n-- {
			s := run[offs[i]:offs[i+n]]
			v, ok := p.runs[s]
			if !ok || n < minRunWord && v[0] != '@' || i+n < kataEnd {
				continue // a katakana word is read whole or not at all: "ワシ" (eagle) is not in "ワシントン"
			}
			start, stop := t.start+offs[i], t.start+offs[i+n]
			if v[0] == '@' {
				out = append(out, Term{Start: start, End: stop, Key: v, Kind: Entity})
			} else if p.stops[s] {
				out = append(out, Term{Start: start, End: stop, Key: s, Kind: Word, Stop: true})
			} else {
				out = append(out, englishTerm(token{start: start, end: stop}, v))
			}
			i += n
			matched = true
			break
		}
		if !matched && kata[i] > i {
			i = foreignRun(run, offs, i, kata[i], t.start, &out)
		} else if !matched {
			i = p.readName(run, offs, i, t.start, &out)
		}
	}
	return out
}

// foreignRun reads, at offs[i] of an unspaced run (to offs[j]), a word written in
// katakana that no pack entry covers: a borrowed word or a foreign name
// ("ワグネル"), which becomes a Latin spelling key ("~waguneru", see
// Transliterated) for the matcher to compare by sound. Anything else is
// skipped one rune at a time. It returns the next offset index.
func foreignRun(run string, offs []int, i, j, base int, out *[]Term) int {
	if j-i < minForeignRunes {
		return i + 1
	}
	if l, ok := translit.Latin(run[offs[i]:offs[j]]); ok {
		*out = append(*out, Term{Start: base + offs[i], End: base + offs[j], Key: TransliteratedMark + l, Kind: Word})
	}
	return j
}

// katakanaEnds gives, for each offset index of an unspaced run, where the
// katakana word that starts there ends (the index itself when none does),
// in one pass from the end. The middle dot parts two words.
func katakanaEnds(run string, offs []int) []int {
	ends := make([]int, len(offs))
	ends[len(offs)-1] = len(offs) - 1
	for i := len(offs) - 2; i >= 0; i-- {
		r, _ := utf8.DecodeRuneInString(run[offs[i]:])
		if r < 0x30A1 || r > 0x30FC || r == 0x30FB {
			ends[i] = i
		} else {
			ends[i] = ends[i+1]
		}
	}
	return ends
}

// readName reads, at offs[i] of an unspaced run, the characters that have
// a reading and start no pack word: most often a foreign name written by
// sound ("瓦格纳", wa-ge-na, Wagner). Two or more become one key marked
// GuessMark, their readings joined by hyphens, which the matcher keeps
// only if it, or its first syllables, sound like a corpus word: ordinary
// words are written with the same characters. It returns the
// next offset index.
func (p *Pack) readName(run string, offs []int, i, base int, out *[]Term) int {
	var b strings.Builder
	j := i
	for j+1 < len(offs) && j-i < maxNameReading {
		r, _ := utf8.DecodeRuneInString(run[offs[j]:])
		rd, ok := p.readings[r]
		if !ok || p.stops[string(r)] || j > i && p.wordAt(run, offs, j) {
			break // "和" (and) parts two names
		}
		if j > i {
			b.WriteByte('-')
		}
		b.WriteString(rd)
		j++
	}
	if j-i < minRunWord {
		return i + 1
	}
	*out = append(*out, Term{Start: base + offs[i], End: base + offs[j], Key: GuessMark + b.String(), Kind: Word})
	return j
}

// wordAt reports whether a pack word or name of two characters or more
// starts at offs[i].
func (p *Pack) wordAt(run string, offs []int, i int) bool {
	for n := min(maxRunMatch, len(offs)-1-i); n >= minRunWord; n-- {
		if _, ok := p.runs[run[offs[i]:offs[i+n]]]; ok {
			return true
		}
	}
	return false
}

// readingMark begins the form of a reading in a pack's word table.
const readingMark = "~"

// ReadingForm is the pack form under which langgen stores the reading of
// Han character r.
func ReadingForm(r rune) string { return readingMark + string(r) }

// GuessMark begins the key of a run of characters read by sound that may
// or may not be a name: the matcher drops it unless it sounds like a word
// of the corpus.
const GuessMark = "~~"

// TransliteratedMark begins the key of a word of another script that the
// pack does not know, written in Latin letters (package translit): no
// English word has such a key, so it matches only once the matcher maps it
// by sound onto a word the corpus has.
const TransliteratedMark = "~"

// transliterated is the key of a word of a non-Latin script that the pack
// does not know, or "" when its script has no romanization.
func transliterated(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	min := minForeignRunes
	if r >= 0xAC00 && r <= 0xD7A3 {
		min = 2 // a Hangul letter is a syllable: two make a word
	}
	if utf8.RuneCountInString(w) < min {
		return ""
	}
	if l, ok := translit.Latin(w); ok {
		return TransliteratedMark + l
	}
	return ""
}

// Gloss is a word-for-word English reading of text in lang, for the
// English-only readers downstream (stance cues, speakers): each known word
// becomes its English word, names their English key's country, the rest
// stays. Without a pack it returns text.
func Gloss(text, lang string) string {
	p := getPack(lang)
	if p == nil || lang == "en" {
		return text
	}
	suffix := defaultSuffix
	if s, ok := maxSuffix[lang]; ok {
		suffix = s
	}
	var b strings.Builder
	b.Grow(len(text))              // about a gloss's length: one allocation, mostly
	tb, toks := pooledTokens(text) // Terms' token arrays, reused as there
	defer tb.put(toks, tb.facts)
	for k := 0; k < len(toks); {
		t := toks[k]
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if t.kind == tokCJK {
			for _, tm := range p.readRun(text, t, toks, k, nil) {
				if tm.Stop {
					continue
				}
				b.WriteString(glossWord(text[tm.Start:tm.End], p.runs[text[tm.Start:tm.End]]))
				b.WriteByte(' ')
			}
			k = skipRun(toks, k)
			continue
		}
		if n, key := p.matchName(toks, k, nameSuffix[lang]); n > 0 {
			b.WriteString(glossWord("", key))
			k += n
			continue
		}
		t = elide(text, t, lang)
		if eng, ok := p.lookup(t.norm, suffix); ok && !p.stops[t.norm] {
			b.WriteString(glossWord(text[t.start:t.end], eng))
		} else {
			b.WriteString(text[t.start:t.end])
		}
		k++
	}
	return b.String()
}

// glossWord is the English surface for a pack value: a word as it is, an
// entity key as the country's first English name.
func glossWord(surface, v string) string {
	if v == "" {
		return surface
	}
	if v[0] != '@' {
		return v
	}
	if name, ok := entityName(v[1:]); ok {
		return name
	}
	return surface
}

var (
	glossMu    sync.Mutex
	glossNames map[string]string
)

// entityName is the first English name the actors table gives id.
func entityName(id string) (string, bool) {
	load()
	glossMu.Lock()
	defer glossMu.Unlock()
	if glossNames == nil {
		glossNames = map[string]string{}
		for _, list := range data.names {
			for _, nm := range list {
				if nm.id == "-" {
					continue
				}
				var parts []string
				for _, t := range nm.toks {
					w := t.norm
					if t.exact != "" {
						w = t.exact
					} else if w != "" {
						r, sz := utf8.DecodeRuneInString(w)
						w = string(unicode.ToUpper(r)) + w[sz:]
					}
					parts = append(parts, w)
				}
				// the shortest name, then the first in order: the same on every run
				s, old := strings.Join(parts, " "), glossNames[nm.id]
				if old == "" || len(s) < len(old) || len(s) == len(old) && s < old {
					glossNames[nm.id] = s
				}
			}
		}
	}
	n, ok := glossNames[id]
	return n, ok
}
