package lexicon

// The English stemmer: Porter2, the Snowball "english" algorithm as published
// at snowballstem.org (Martin Porter's description), written for Retold.
//
// Why our own. The engine stemmed with github.com/kljensen/snowball, whose
// English package imports its romance package, which imports `testing` (and
// with it flag, context and runtime/trace): about 100 KB of the extension's
// WebAssembly for a few hundred lines of algorithm. The lexicon's keys were
// made with that stemmer, so this one must stem every word the same way:
// TestPorter2MatchesSnowball holds it to the reference implementation (a test
// dependency only) on every key, lemma and name in the lexicon's data.
//
// Like the reference, a word of two bytes or fewer and a word of the Snowball
// English stop list come back unstemmed (lower-cased), so "does", "having" and
// "only" stay themselves. The word is handled as runes, vowels are the ASCII
// ones, and every other letter counts as a consonant.

import (
	"slices"
	"sort"
	"strings"
)

// porter2 tables: the stop list, the special forms, and the suffix lists of
// steps 2 to 4 with what replaces each. Slices of constants, not maps: they
// are laid out by the compiler, so a start of the engine builds nothing
// (TestPorter2TablesSorted keeps the searched ones sorted).
var (
	porter2Stop = []string{
		"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as",
		"at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
		"did", "do", "does", "doing", "don", "down", "during", "each", "few", "for", "from", "further",
		"had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
		"how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
		"myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
		"ours", "ourselves", "out", "over", "own", "s", "same", "she", "should", "so", "some", "such",
		"t", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
		"they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we",
		"were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "you",
		"your", "yours", "yourself", "yourselves",
	}

	// porter2Special are whole words with a fixed stem, sorted.
	porter2Special = [][2]string{
		{"andes", "andes"}, {"atlas", "atlas"}, {"bias", "bias"}, {"cosmos", "cosmos"}, {"dying", "die"},
		{"early", "earli"}, {"gently", "gentl"}, {"howe", "howe"}, {"idly", "idl"}, {"lying", "lie"},
		{"news", "news"}, {"only", "onli"}, {"singly", "singl"}, {"skies", "sky"}, {"skis", "ski"},
		{"sky", "sky"}, {"tying", "tie"}, {"ugly", "ugli"},
	}

	// porter2Invariant are left as they are after step 1a.
	porter2Invariant = []string{"inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"}

	// porter2R1Prefix: words beginning so have R1 right after the prefix.
	porter2R1Prefix = []string{"gener", "commun", "arsen"}

	// Step 2, in R1: suffix, replacement. "ogi" and "li" carry conditions
	// (after l; after a valid li-ending), checked in step2.
	porter2Step2 = [][2]string{
		{"ization", "ize"}, {"ational", "ate"}, {"fulness", "ful"}, {"ousness", "ous"},
		{"iveness", "ive"}, {"tional", "tion"}, {"biliti", "ble"}, {"lessli", "less"},
		{"entli", "ent"}, {"ation", "ate"}, {"alism", "al"}, {"aliti", "al"}, {"ousli", "ous"},
		{"iviti", "ive"}, {"fulli", "ful"}, {"enci", "ence"}, {"anci", "ance"}, {"abli", "able"},
		{"izer", "ize"}, {"ator", "ate"}, {"alli", "al"}, {"bli", "ble"}, {"ogi", "og"}, {"li", ""},
	}

	// Step 3, in R1; "ative" also needs R2.
	porter2Step3 = [][2]string{
		{"ational", "ate"}, {"tional", "tion"}, {"alize", "al"}, {"icate", "ic"}, {"iciti", "ic"},
		{"ative", ""}, {"ical", "ic"}, {"ness", ""}, {"ful", ""},
	}

	// Step 4, deleted in R2; "ion" only after s or t.
	porter2Step4 = []string{
		"ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous",
		"ive", "ize", "ion", "al", "er", "ic",
	}
)

// porter2Stopword reports whether w is on the stop list.
func porter2Stopword(w string) bool {
	i := sort.SearchStrings(porter2Stop, w)
	return i < len(porter2Stop) && porter2Stop[i] == w
}

// porter2SpecialStem returns the fixed stem of a special word.
func porter2SpecialStem(w string) (string, bool) {
	i := sort.Search(len(porter2Special), func(i int) bool { return porter2Special[i][0] >= w })
	if i < len(porter2Special) && porter2Special[i][0] == w {
		return porter2Special[i][1], true
	}
	return "", false
}

// porter2 returns the Porter2 stem of word, lower-cased and trimmed first.
func porter2(word string) string {
	word = strings.ToLower(strings.TrimSpace(word))
	if len(word) <= 2 || porter2Stopword(word) {
		return word
	}
	if s, ok := porter2SpecialStem(word); ok {
		return s
	}
	w := stemWord{r: []rune(word)}
	w.prelude()
	w.step0()
	if !w.step1a() {
		return w.String()
	}
	w.step1b()
	w.step1c()
	w.step2()
	w.step3()
	w.step4()
	w.step5()
	return w.String()
}

// stemWord is a word being stemmed, with its R1 and R2 starts.
type stemWord struct {
	r      []rune
	r1, r2 int
}

func (w *stemWord) String() string {
	for i, c := range w.r {
		if c == 'Y' {
			w.r[i] = 'y'
		}
	}
	return string(w.r)
}

func isVowel(c rune) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// prelude drops a leading apostrophe, marks consonant y's as Y and finds
// R1 and R2.
func (w *stemWord) prelude() {
	if len(w.r) > 0 && w.r[0] == '\'' {
		w.r = w.r[1:]
	}
	for i, c := range w.r {
		if c == 'y' && (i == 0 || isVowel(w.r[i-1])) {
			w.r[i] = 'Y'
		}
	}
	w.r1 = w.regionAfter(0)
	s := string(w.r)
	for _, p := range porter2R1Prefix {
		if strings.HasPrefix(s, p) {
			w.r1 = len([]rune(p))
			break
		}
	}
	w.r2 = w.regionAfter(w.r1)
}

// regionAfter returns the index after the first non-vowel that follows a
// vowel at or after from, or len(w.r).
func (w *stemWord) regionAfter(from int) int {
	for i := from + 1; i < len(w.r); i++ {
		if !isVowel(w.r[i]) && isVowel(w.r[i-1]) {
			return i + 1
		}
	}
	return len(w.r)
}

func (w *stemWord) hasSuffix(s string) bool {
	n := len(s) // suffixes are ASCII
	if n > len(w.r) {
		return false
	}
	for i := 0; i < n; i++ {
		if w.r[len(w.r)-n+i] != rune(s[i]) {
			return false
		}
	}
	return true
}

// replace swaps the last n runes for s.
func (w *stemWord) replace(n int, s string) {
	w.r = append(w.r[:len(w.r)-n], []rune(s)...)
}

// in reports whether a suffix of n runes lies in the region starting at r.
func (w *stemWord) in(n, r int) bool { return len(w.r)-n >= r }

// hasVowelBefore reports whether the word has a vowel before its last n runes.
func (w *stemWord) hasVowelBefore(n int) bool {
	for _, c := range w.r[:len(w.r)-n] {
		if isVowel(c) {
			return true
		}
	}
	return false
}

// endsShortSyllable: a non-vowel, a vowel and a non-vowel other than w, x
// and Y; or, for the whole word, a vowel then a non-vowel.
func (w *stemWord) endsShortSyllable() bool {
	n := len(w.r)
	if n == 2 {
		return isVowel(w.r[0]) && !isVowel(w.r[1])
	}
	if n < 3 {
		return false
	}
	a, b, c := w.r[n-3], w.r[n-2], w.r[n-1]
	return !isVowel(a) && isVowel(b) && !isVowel(c) && c != 'w' && c != 'x' && c != 'Y'
}

func (w *stemWord) isShort() bool { return w.r1 >= len(w.r) && w.endsShortSyllable() }

// step0 removes 's', 's and '.
func (w *stemWord) step0() {
	for _, s := range []string{"'s'", "'s", "'"} {
		if w.hasSuffix(s) {
			w.replace(len(s), "")
			return
		}
	}
}

// step1a handles plural endings. It reports false for the invariant words
// that end stemming here.
func (w *stemWord) step1a() bool {
	switch {
	case w.hasSuffix("sses"):
		w.replace(4, "ss")
	case w.hasSuffix("ied") || w.hasSuffix("ies"):
		if len(w.r) > 4 {
			w.replace(3, "i")
		} else {
			w.replace(3, "ie")
		}
	case w.hasSuffix("us") || w.hasSuffix("ss"):
	case w.hasSuffix("s"):
		if len(w.r) >= 3 && w.hasVowelBefore(2) {
			w.replace(1, "")
		}
	}
	return !slices.Contains(porter2Invariant, string(w.r))
}

// step1b handles -ed, -ing and their -ly forms.
func (w *stemWord) step1b() {
	for _, s := range []string{"eedly", "eed"} {
		if w.hasSuffix(s) {
			if w.in(len(s), w.r1) {
				w.replace(len(s), "ee")
			}
			return
		}
	}
	for _, s := range []string{"ingly", "edly", "ing", "ed"} {
		if !w.hasSuffix(s) {
			continue
		}
		if !w.hasVowelBefore(len(s)) {
			return
		}
		w.replace(len(s), "")
		switch {
		case w.hasSuffix("at") || w.hasSuffix("bl") || w.hasSuffix("iz"):
			w.replace(0, "e")
		case w.endsDouble():
			w.replace(1, "")
		case w.isShort():
			w.replace(0, "e")
		}
		return
	}
}

func (w *stemWord) endsDouble() bool {
	n := len(w.r)
	if n < 2 || w.r[n-1] != w.r[n-2] {
		return false
	}
	switch w.r[n-1] {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// step1c turns a final y or Y after a non-vowel (not the first letter) into i.
func (w *stemWord) step1c() {
	n := len(w.r)
	if n > 2 && (w.r[n-1] == 'y' || w.r[n-1] == 'Y') && !isVowel(w.r[n-2]) {
		w.r[n-1] = 'i'
	}
}

func (w *stemWord) step2() {
	for _, p := range porter2Step2 {
		if !w.hasSuffix(p[0]) {
			continue
		}
		n := len(p[0])
		if !w.in(n, w.r1) {
			return
		}
		switch p[0] {
		case "ogi":
			if !w.before(n, "l") {
				return
			}
		case "li":
			if !w.before(n, "cdeghkmnrt") {
				return
			}
		}
		w.replace(n, p[1])
		return
	}
}

// before reports whether the rune before the last n is one of set.
func (w *stemWord) before(n int, set string) bool {
	i := len(w.r) - n - 1
	return i >= 0 && strings.ContainsRune(set, w.r[i])
}

func (w *stemWord) step3() {
	for _, p := range porter2Step3 {
		if !w.hasSuffix(p[0]) {
			continue
		}
		n := len(p[0])
		if w.in(n, w.r1) && (p[0] != "ative" || w.in(n, w.r2)) {
			w.replace(n, p[1])
		}
		return
	}
}

func (w *stemWord) step4() {
	for _, s := range porter2Step4 {
		if !w.hasSuffix(s) {
			continue
		}
		n := len(s)
		if w.in(n, w.r2) && (s != "ion" || w.before(n, "st")) {
			w.replace(n, "")
		}
		return
	}
}

// step5 removes a final e (in R2, or in R1 after no short syllable) and the
// second of a final ll in R2.
func (w *stemWord) step5() {
	switch {
	case w.hasSuffix("e"):
		if w.in(1, w.r2) {
			w.replace(1, "")
		} else if w.in(1, w.r1) {
			w.r = w.r[:len(w.r)-1]
			if w.endsShortSyllable() {
				w.r = append(w.r, 'e')
			}
		}
	case w.hasSuffix("l"):
		if w.in(1, w.r2) && w.before(1, "l") {
			w.replace(1, "")
		}
	}
}
