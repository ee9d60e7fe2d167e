// Package sentences splits news text into sentences with byte offsets into the input.
//
// Design. The splitter is a rule table, not a model: it must run inside the browser as
// WebAssembly, so it carries no trained weights, allocates little and is linear in the input
// (every look-back or look-ahead around a mark is bounded, and per-sentence state is kept as
// the scan goes). It works in two passes. The first pass looks at lines: blank lines always
// end a paragraph, and a single newline is either a wrap (a space inside a sentence, as in
// hard-wrapped text) or a real break (one paragraph per line, headlines, page furniture such
// as "Advertisement"). That choice uses only general evidence: whether the line ends with a
// mark that the second pass would take as a sentence end, whether the next line starts
// lowercase or with a list marker, whether the line ends with a comma or a word that cannot
// end a clause, and how long the line is compared with the text's own typical long line
// (wrapped lines fill most of the wrap width; headlines do not). The second pass scans each
// resulting block for terminal marks and decides each from its neighbours: the word before it
// (an abbreviation, an initial, a list or ordinal number) and the token after it (lowercase
// continues; a capital usually starts a new sentence; after an abbreviation such as "U.S." only
// a capitalised function word like "The" does, because that is what readers see). Closing
// quotes and brackets after a mark stay with the sentence they close. Marks of scripts that
// write no space after a sentence (。！？, and ؟ । which need no look-ahead) end a sentence at
// once, except inside a 「…」 quotation, which readers of Japanese keep whole. A Heading is a
// one-line block without a final mark; a line whose text goes on in lowercase after a stray
// blank line is a broken sentence, not a heading.
// What it trades: a sentence-final abbreviation followed by a capitalised name ("...made by
// Acme Inc. Russia said...") stays joined, a lone word after a mark at the end of a block
// ("...in Seoul. Reuters") is joined to the sentence before it, and a short line that merely
// happens to be wrapped early is taken for a heading. Every word list and threshold lives in
// the tables below.
package sentences

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a text. Text == text[Start:End] exactly (byte offsets into the
// input), never with leading or trailing white space.
type Sentence struct {
	Start, End int
	Text       string
	Heading    bool // a line that stands alone without terminal punctuation: a headline, title, subhead, caption
}

// abbrevKind says how a word followed by "." behaves at a possible sentence end.
type abbrevKind uint8

const (
	// abTitle precedes a name or term and never ends a sentence: "Mr. Kim", "e.g. rockets".
	abTitle abbrevKind = iota + 1
	// abNumber precedes a number ("No. 5", "Fig. 3"); before anything else it is an ordinary word.
	abNumber
	// abMid is usually inside a sentence ("U.S. officials", "Acme Inc. said", "Jan. 29"); it
	// ends one only before a capitalised function word that opens sentences ("...the U.S. The").
	// Initials ("John F. Kennedy", "J.R.R. Tolkien") and dotted letter groups behave the same.
	abMid
	// abTime is "a.m."/"p.m.": it ends a sentence before a capital unless that capital names a
	// day, month or time zone ("10 a.m. Friday", "4 p.m. ET").
	abTime
	// abEnd often ends a sentence ("apples, pears etc. The..."): an ordinary word, listed so
	// that the choice is visible here.
	abEnd
)

// Tables: every cue word and threshold of the package. They are read into maps on the first
// Split (loadTables), not at package init: init runs at every start of the extension's
// service worker, before the reader's first page arrives.
var (
	tablesOnce                       sync.Once
	abbreviations                    map[string]abbrevKind
	sentenceOpeners, timeFollowers   map[string]bool
	ordinalFollowers, lineContinuers map[string]bool
	asciiClass                       [utf8.RuneSelf]uint16
	otherClass                       [0x10000 >> 8]*[256]uint16 // by block of 256 runes; nil: none of them has a class
	astralClass                      map[rune]uint16            // the classes of runes past U+FFFF
)

// loadTables builds the tables once; Split calls it first, so every reader sees them built.
func loadTables() {
	tablesOnce.Do(func() {
		abbreviations = abbreviationTable()
		sentenceOpeners = wordSet(sentenceOpenerWords)
		timeFollowers = wordSet(timeFollowerWords)
		ordinalFollowers = wordSet(ordinalFollowerWords)
		lineContinuers = wordSet(lineContinuerWords)
		asciiClass, otherClass, astralClass = compileClasses()
	})
}

// abbreviationTable maps a word (without its final ".") to its behaviour. Case matters: "No"
// before a number is an abbreviation, "no." at the end of a sentence is not.
func abbreviationTable() map[string]abbrevKind {
	return map[string]abbrevKind{
		// titles and honorifics (English, and a few common in other European news text)
		"Mr": abTitle, "Mrs": abTitle, "Ms": abTitle, "Messrs": abTitle, "Dr": abTitle,
		"Prof": abTitle, "Gen": abTitle, "Sen": abTitle, "Rep": abTitle, "Gov": abTitle,
		"Lt": abTitle, "Col": abTitle, "Sgt": abTitle, "Capt": abTitle, "Cmdr": abTitle,
		"Adm": abTitle, "Maj": abTitle, "Rev": abTitle, "Hon": abTitle, "Pres": abTitle,
		"Amb": abTitle, "Supt": abTitle, "Mme": abTitle, "Mlle": abTitle, "Sra": abTitle,
		"Srta": abTitle, "Hr": abTitle, "Fr": abTitle, "Sec": abTitle, "Atty": abTitle,
		"Brig": abTitle, "Cpl": abTitle, "Pvt": abTitle, "Det": abTitle, "Insp": abTitle,
		"Rt": abTitle, "Msgr": abTitle,
		// Latin and connective abbreviations that always continue
		"vs": abTitle, "Vs": abTitle, "v": abTitle, "e.g": abTitle, "i.e": abTitle,
		"cf": abTitle, "approx": abTitle, "ca": abTitle, "viz": abTitle, "z.B": abTitle,
		"bzw": abTitle, "d.h": abTitle, "u.a": abTitle, "resp": abTitle,
		// before numbers
		"No": abNumber, "Nos": abNumber, "no": abNumber, "Nr": abNumber, "Fig": abNumber,
		"fig": abNumber, "Vol": abNumber, "vol": abNumber, "p": abNumber, "pp": abNumber,
		"Art": abNumber, "Ch": abNumber, "Ex": abNumber, "Pt": abNumber,
		"Ref": abNumber, "Tel": abNumber, "tel": abNumber, "Op": abNumber,
		// usually mid-sentence; a sentence-opening function word after them means a break
		"U.S": abMid, "U.K": abMid, "U.N": abMid, "E.U": abMid, "Inc": abMid, "Corp": abMid,
		"Co": abMid, "Ltd": abMid, "Jr": abMid, "Sr": abMid, "St": abMid, "Ste": abMid,
		"Bros": abMid, "Ave": abMid, "Blvd": abMid, "Rd": abMid, "Mt": abMid, "Ft": abMid,
		"Dept": abMid, "Univ": abMid, "Assn": abMid, "Govt": abMid, "govt": abMid, "al": abMid,
		"Jan": abMid, "Feb": abMid, "Mar": abMid, "Apr": abMid, "Jun": abMid, "Jul": abMid,
		"Aug": abMid, "Sep": abMid, "Sept": abMid, "Oct": abMid, "Nov": abMid, "Dec": abMid,
		"a.m": abTime, "p.m": abTime, "A.M": abTime, "P.M": abTime,
		"etc": abEnd,
	}
}

const (
	// sentenceOpenerWords are capitalised function words that start sentences far more often than
	// they follow an abbreviation inside one: after "U.S." or "Inc." they signal a break.
	sentenceOpenerWords = ("The A An He She It They We You This That These Those There Here " +
		"His Her Its Their Our My But And Or So Yet In On At As By For From To With After Before " +
		"During When While If Although Though However Meanwhile Also Still Then Now What Why How " +
		"Who Where Some Many Most All Both Each Last Earlier Later According Since Under Over")

	// timeFollowerWords are capitals that continue a sentence after "a.m."/"p.m.".
	timeFollowerWords = ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday " +
		"January February March April May June July August September October November December " +
		"Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec " +
		"ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST KST JST IST AEST " +
		"Eastern Central Mountain Pacific Moscow Beijing Seoul Tokyo Local")

	// ordinalFollowerWords are month names that follow an ordinal day number ("29. Januar").
	ordinalFollowerWords = ("Januar Jänner Februar März April Mai Juni Juli August September " +
		"Oktober November Dezember")

	// lineContinuerWords are lowercase words that cannot end a headline or a sentence: a line that
	// ends with one of them is wrapped, whatever its length.
	lineContinuerWords = ("a an the of to and or nor but in on at by for from with into onto " +
		"upon about as than that which who whom whose is are was were be been has have had " +
		"its their his her our said says will would could should may might must not")
)

// Marks, scripts and thresholds.
const (
	// closers follow a terminal mark and stay with the sentence they close. “ ‘ « ‹ open a
	// quote in English and French but close one in German and Slovak („Nein.“, »Nein.«); right
	// after a mark, with no space, they can only close.
	closers = "\"')]}”’»›“‘«‹」』）】〕》〉］*"
	// openers precede the first letter of a sentence.
	openers = "\"'([{“‘«‹„‚¿¡「『（【〔《〈［*"
	// westernTerminals end a sentence only when white space follows; the decision looks at
	// the words around them.
	westernTerminals = ".!?…‼⁇⁈⁉"
	// immediateTerminals end a sentence without a following space (CJK full stops and
	// marks, Arabic question mark, Devanagari danda, Ethiopic, Myanmar, Urdu, Armenian).
	immediateTerminals = "。！？｡؟।॥።။۔։"
	// cjkQuoteOpen/cjkQuoteClose delimit a quotation inside which immediate terminals do not
	// end the sentence.
	cjkQuoteOpen  = "「『"
	cjkQuoteClose = "」』"
	// listMarks before a small number make it an ordinal in an enumeration.
	listMarks = ":,;–—-(/"
	// lineBullets start a line that is a list item or a markdown heading: such a line starts
	// a new block.
	lineBullets = "-*•–—·#>|+"
	// lineClauseMarks at the end of a line mean the sentence goes on (wrapped mid-clause).
	lineClauseMarks = ",;-–—/&(“‘"

	// wrapFraction: a line at least this fraction of the typical long line is taken to be
	// wrapped (hard-wrapped lines fill most of the wrap width; headlines are short).
	wrapFraction = 0.7
	// typicalLinePercentile picks the typical long-line length among non-blank lines.
	typicalLinePercentile = 0.8
	// minTypicalLine keeps very short texts from taking every line for a wrapped one.
	minTypicalLine = 40
	// maxLineHistogram caps the line-length histogram (longer lines count as this long).
	maxLineHistogram = 4096
	// sentenceBytes is about the shortest mean length of a news text's sentences, in bytes:
	// Split makes room for a sentence this often (a guess of room, never a limit).
	sentenceBytes = 100
	// maxWordBytes bounds the look-back and look-ahead for a word next to a mark, which keeps
	// the scan linear on hostile input such as long runs without spaces.
	maxWordBytes = 48
	// maxQuoteBytes is the longest 「…」 quotation (about 200 CJK characters) that keeps its
	// sentences together; beyond it an unclosed 「 is taken for a stray one.
	maxQuoteBytes = 600
	// maxListNumber is the longest digit run taken as a list number ("12. Item") at the start
	// of a sentence.
	maxListNumber = 3
)

// Rune classes, compiled once from the mark tables above.
const (
	cBullet uint16 = 1 << iota
	cCloser
	cWestern
	cImmediate
	cClauseMark
	cCJKOpen
	cCJKClose
	cOpener
	cListMark
)

// The classes of runes outside ASCII are kept in blocks of 256 runes, and
// a block only where some rune of it has a class: a rune of another script
// is asked about four times as the splitter passes it, and a map keyed by
// rune cost a third of a split in wasm.
func compileClasses() (ascii [utf8.RuneSelf]uint16, other [0x10000 >> 8]*[256]uint16, astral map[rune]uint16) {
	astral = make(map[rune]uint16)
	for _, t := range []struct {
		marks string
		class uint16
	}{
		{lineBullets, cBullet}, {closers, cCloser}, {westernTerminals, cWestern},
		{immediateTerminals, cImmediate}, {lineClauseMarks, cClauseMark}, {cjkQuoteOpen, cCJKOpen},
		{cjkQuoteClose, cCJKClose}, {openers, cOpener}, {listMarks, cListMark},
	} {
		for _, r := range t.marks {
			switch {
			case r < utf8.RuneSelf:
				ascii[r] |= t.class
			case r < 0x10000:
				if other[r>>8] == nil {
					other[r>>8] = new([256]uint16)
				}
				other[r>>8][r&0xFF] |= t.class
			default:
				astral[r] |= t.class
			}
		}
	}
	return ascii, other, astral
}

// is reports whether r belongs to the class c.
func is(c uint16, r rune) bool {
	switch {
	case r >= 0 && r < utf8.RuneSelf:
		return asciiClass[r]&c != 0
	case r >= 0 && r < 0x10000:
		b := otherClass[r>>8]
		return b != nil && b[r&0xFF]&c != 0
	}
	return astralClass[r]&c != 0
}

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r)
}

// Fold returns s with every run of white space (including newlines, tabs, NBSP U+00A0, other
// Unicode spaces) folded to one ASCII space, and trimmed.
func Fold(s string) string {
	if folded(s) {
		return s // nothing to fold: no copy made
	}
	var b strings.Builder
	pending, clean := false, true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			if r != ' ' || pending || b.Len() == 0 || i+n == len(s) {
				clean = false
			}
			pending = true
			i += n
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteString(s[i : i+n])
		i += n
	}
	if clean {
		return s // nothing to fold: spare the copy
	}
	return b.String()
}

// folded reports whether Fold(s) is s: no white space but single ASCII
// spaces between other runes. Most sentences are, and telling costs a
// read of the bytes, not a copy.
func folded(s string) bool {
	pending, written := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < utf8.RuneSelf { // a run of visible ASCII, most of a text: no space in it
			i++
			for i < len(s) && s[i] > ' ' && s[i] < utf8.RuneSelf {
				i++
			}
			pending, written = false, true
			continue
		}
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			if r != ' ' || pending || !written || i+n == len(s) {
				return false
			}
			pending = true
		} else {
			pending, written = false, true
		}
		i += n
	}
	return true
}

// line is one non-blank input line: [start, end) is its content without surrounding white
// space, runes its length in runes, gap whether a blank line (or more) comes before it.
type line struct {
	start, end int
	runes      int
	gap        bool
}

func (l line) blank() bool { return l.start == l.end }

// Split splits text into sentences, in order, non-overlapping. It never panics and runs in
// linear time.
func Split(text string) []Sentence {
	loadTables()
	// A text of a few dozen lines (a Worker request's sentences) keeps
	// them on the stack.
	var room [maxStackLines]line
	lines := splitLines(room[:0], text)
	typical := typicalLineLength(lines)
	// Room for a sentence a line and one for every sentenceBytes of text,
	// about what news text needs, so that out rarely grows.
	out := make([]Sentence, 0, len(lines)+len(text)/sentenceBytes)
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && !lines[j+1].gap && wraps(text, lines[j], lines[j+1], typical) {
			j++
		}
		// A line is a heading when it stands alone; one whose text goes on in lowercase after
		// a stray blank line is a broken sentence instead.
		single := i == j && !(j+1 < len(lines) && startsLower(text[lines[j+1].start:]))
		out = splitBlock(text, lines[i].start, lines[j].end, single, out)
		i = j + 1
	}
	if len(out) == 0 {
		return nil // as before the room was made
	}
	return out
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// maxStackLines is how many lines Split keeps on the stack before it
// needs an array of them (32 bytes a line).
const maxStackLines = 64

// splitLines appends to lines the lines of text: it cuts text at "\n", "\r\n" and lone "\r", trims each line and keeps the
// non-blank ones: blank lines only matter as gaps, and a text of newlines costs no memory.
//
// A text without a carriage return (most) is cut at each newline found by
// strings.IndexByte, which WebAssembly runs as one tight loop of its own,
// rather than by testing every byte here for both marks.
func splitLines(lines []line, text string) []line {
	cr := strings.IndexByte(text, '\r') >= 0
	start, gap := 0, false
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' && text[i] != '\r' {
			if cr {
				continue
			}
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(text)
			}
		}
		if l := trimLine(text, start, i); l.blank() {
			gap = len(lines) > 0
		} else {
			l.runes = utf8.RuneCountInString(text[l.start:l.end])
			l.gap, gap = gap, false
			lines = append(lines, l)
		}
		if i+1 < len(text) && text[i] == '\r' && text[i+1] == '\n' {
			i++
		}
		start = i + 1
	}
	return lines
}

func trimLine(text string, s, e int) line {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !isSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !isSpace(r) {
			break
		}
		e -= n
	}
	return line{start: s, end: e}
}

// typicalLineLength is the length (in runes) that most long lines reach: the wrap width of a
// hard-wrapped text, or a paragraph length for one paragraph per line. A counting histogram
// keeps it linear.
func typicalLineLength(lines []line) int {
	// A few lines: the one the histogram would stop at, the line of rank
	// want by length, found by sorting their lengths on the stack (by
	// insertion: a sort of ints instantiated for this alone cost the
	// wasm more bytes than it saved time).
	if len(lines) <= maxStackLines {
		var lens [maxStackLines]int
		ls := lens[:len(lines)]
		for i, l := range lines {
			n := min(l.runes, maxLineHistogram)
			j := i
			for ; j > 0 && ls[j-1] > n; j-- {
				ls[j] = ls[j-1]
			}
			ls[j] = n
		}
		if want := int(float64(len(lines)) * typicalLinePercentile); want < len(ls) {
			return max(ls[want], minTypicalLine)
		}
		return minTypicalLine
	}
	longest := 0
	for _, l := range lines {
		longest = max(longest, min(l.runes, maxLineHistogram))
	}
	hist := make([]int32, longest+1)
	for _, l := range lines {
		hist[min(l.runes, maxLineHistogram)]++
	}
	want := int(float64(len(lines)) * typicalLinePercentile)
	seen := 0
	for n, c := range hist {
		seen += int(c)
		if seen > want {
			return max(n, minTypicalLine)
		}
	}
	return minTypicalLine
}

// wraps reports whether the newline between a and b (adjacent non-blank lines) is a wrap
// inside a paragraph rather than a break.
func wraps(text string, a, b line, typical int) bool {
	first, _ := utf8.DecodeRuneInString(text[b.start:b.end])
	switch {
	case isBullet(text[b.start:b.end]) || isMarkupLine(text[a.start:a.end]):
		return false
	case endsWithTerminal(text[a.start:a.end]):
		// The line may end a sentence: the mark decides as it would inside a line, so that a
		// wrap after "U.S." or "Mr." stays inside the sentence.
		var q cjkQuote
		i := markRunStart(text, a)
		_, brk := decideMark(text, a.start, i, b.end, hasWordChar(text[a.start:i]), &q, true)
		return !brk
	case unicode.IsLower(first):
		return true
	case endsMidClause(text[a.start:a.end]):
		return true
	}
	return float64(a.runes) >= wrapFraction*float64(typical)
}

// isBullet reports whether a line starts with a list or heading marker ("- x", "# x", "1) x").
func isBullet(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if is(cBullet, r) {
		next, _ := utf8.DecodeRuneInString(s[n:])
		return n < len(s) && (isSpace(next) || next == r)
	}
	d := 0
	for d < len(s) && d <= maxListNumber && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	return d > 0 && d <= maxListNumber && d+1 < len(s) && (s[d] == '.' || s[d] == ')') && s[d+1] == ' '
}

// isMarkupLine reports a line that is complete in itself by its markup: "# Title", "**Caption**".
func isMarkupLine(s string) bool {
	return strings.HasPrefix(s, "#") || (len(s) > 4 && strings.HasPrefix(s, "**") && strings.HasSuffix(s, "**"))
}

// markRunStart returns where the run of marks and closers that ends line l begins.
func markRunStart(text string, l line) int {
	i := l.end
	for k := 0; i > l.start && k < maxWordBytes; k++ {
		r, n := utf8.DecodeLastRuneInString(text[l.start:i])
		if !is(cCloser, r) {
			break
		}
		i -= n
	}
	for k := 0; i > l.start && k < maxWordBytes; k++ {
		r, n := utf8.DecodeLastRuneInString(text[l.start:i])
		if !is(cWestern, r) && !is(cImmediate, r) {
			break
		}
		i -= n
	}
	return i
}

// endsWithTerminal reports whether s ends with a terminal mark, possibly followed by closers.
func endsWithTerminal(s string) bool {
	for k := 0; len(s) > 0 && k < maxWordBytes; k++ {
		r, n := utf8.DecodeLastRuneInString(s)
		if is(cCloser, r) {
			s = s[:len(s)-n]
			continue
		}
		return is(cWestern, r) || is(cImmediate, r)
	}
	return false
}

// endsMidClause reports a line ending with a comma-like mark or a word that cannot end a clause.
func endsMidClause(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	if is(cClauseMark, r) {
		return true
	}
	w := s
	if k := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); k >= 0 {
		w = s[k+1:]
		if len(w) == 0 {
			return false
		}
	}
	return len(w) <= maxWordBytes && lineContinuers[w]
}

// splitBlock appends the sentences of text[s:e], a run of lines joined by wraps. single says
// the block is one line, which makes an unpunctuated sentence filling it a Heading.
func splitBlock(text string, s, e int, single bool, out []Sentence) []Sentence {
	sent := s
	var quote cjkQuote
	words := false // whether text[sent:i] has a letter or digit, kept as we go for linear time
	for i := s; i < e; {
		if c := text[i]; c < utf8.RuneSelf && c != '.' && c != '!' && c != '?' {
			words = words || isASCIIWordByte(c)
			i++ // fast path: ASCII that is no mark
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:e])
		quote.see(r, i)
		western := is(cWestern, r)
		if !western && !is(cImmediate, r) {
			words = words || unicode.IsLetter(r) || unicode.IsDigit(r)
			i += n
			continue
		}
		k, brk := decideMark(text, sent, i, e, words, &quote, false)
		if brk && k < e {
			out = emit(text, sent, k, false, out)
			sent, words = k, false
		}
		i = k
	}
	heading := false
	if single && sent == s {
		heading = !endsWithTerminal(text[s:e])
	}
	return emit(text, sent, e, heading, out)
}

// cjkQuote tracks an open 「…」 quotation: its depth and where the outermost one opened.
type cjkQuote struct{ depth, open int }

// inside reports whether position i is inside a quotation that opened recently enough to be
// one; an unclosed 「 far back (a truncated quote) no longer holds sentences together.
func (q *cjkQuote) inside(i int) bool { return q.depth > 0 && i-q.open <= maxQuoteBytes }

func (q *cjkQuote) see(r rune, i int) {
	switch {
	case is(cCJKOpen, r):
		if q.depth == 0 {
			q.open = i
		}
		q.depth++
	case is(cCJKClose, r):
		q.depth = max(q.depth-1, 0)
	}
}

// decideMark looks at the run of marks starting at text[i] inside text[sent:e] (the current
// sentence starts at sent): it returns the end of the run and its closers, and whether the
// sentence ends there. words says text[sent:i] has a letter or digit; q is updated by the
// closers. atLineEnd says the run ends a line and e is the end of the next line (deciding a
// wrap).
func decideMark(text string, sent, i, e int, words bool, q *cjkQuote, atLineEnd bool) (int, bool) {
	// Take the whole run of marks ("?!", "...", "。」") and the closers after it.
	j, dots, question, immediate := i, 0, false, false
	for j < e {
		r, n := utf8.DecodeRuneInString(text[j:e])
		switch {
		case r == '.':
			dots++
		case r == '…':
			dots += 3
		case is(cImmediate, r):
			immediate = true
		case is(cWestern, r):
			question = true
		default:
			n = 0
		}
		if n == 0 {
			break
		}
		j += n
	}
	k := j
	for k < e {
		r, n := utf8.DecodeRuneInString(text[k:e])
		if !is(cCloser, r) {
			k = spacedGuillemet(text, k, e)
			break
		}
		q.see(r, k)
		k += n
	}
	var brk bool
	switch {
	case immediate:
		brk = !q.inside(i)
	case question:
		brk = breaksAfterQuestion(text, k, e)
	case dots > 1:
		brk = breaksAfterEllipsis(text, k, e)
	default:
		brk = breaksAfterPeriod(text, sent, i, k, e, atLineEnd)
	}
	if brk && !words {
		brk = false // "[...] The text": marks alone are not a sentence
	}
	return k, brk
}

// spacedGuillemet returns the end of a French closing guillemet set off by a space
// ("faux. »"), or k when there is none. An opening one ("»Nein«" in German) is followed by a
// letter, a closing one by space or the end.
func spacedGuillemet(text string, k, e int) int {
	g := k
	for g < e && g-k < 8 {
		r, n := utf8.DecodeRuneInString(text[g:e])
		if !isSpace(r) || r == '\n' {
			break
		}
		g += n
	}
	if g == k || g >= e {
		return k
	}
	r, n := utf8.DecodeRuneInString(text[g:e])
	if r != '»' && r != '›' {
		return k
	}
	after, _ := utf8.DecodeRuneInString(text[g+n : e])
	if g+n < e && (unicode.IsLetter(after) || unicode.IsDigit(after)) {
		return k
	}
	return g + n
}

// emit appends text[s:e] trimmed, if anything is left.
func emit(text string, s, e int, heading bool, out []Sentence) []Sentence {
	l := trimLine(text, s, e)
	if l.blank() {
		return out
	}
	// Field by field: a whole Sentence appended while a collection marks
	// is a bulk barrier over its words (wbMove).
	n := len(out)
	if n == cap(out) {
		out = slices.Grow(out, 1)
	}
	out = out[:n+1]
	o := &out[n]
	o.Start, o.End, o.Text, o.Heading = l.start, l.end, text[l.start:l.end], heading
	return out
}

// follower describes what comes after a terminal mark and its closers.
type follower struct {
	spaced bool   // white space follows the mark (or the block ends)
	first  rune   // first rune after the space and any opening quotes; -1 if none
	raw    rune   // first rune after the space, before opening quotes
	word   string // the letters starting at first
	after  rune   // the rune just after word
	last   bool   // word is the last thing in the block
}

func nextToken(text string, k, e int) follower {
	f := follower{first: -1, raw: -1, after: -1}
	i := k
	for i < e && i-k < maxWordBytes {
		r, n := utf8.DecodeRuneInString(text[i:e])
		if !isSpace(r) {
			break
		}
		i += n
	}
	f.spaced = i > k || k >= e
	if i >= e || !f.spaced {
		return f
	}
	f.raw, _ = utf8.DecodeRuneInString(text[i:e])
	for o := 0; i < e && o < 4; o++ {
		r, n := utf8.DecodeRuneInString(text[i:e])
		if !is(cOpener, r) {
			break
		}
		i += n
	}
	if i >= e {
		return f
	}
	f.first, _ = utf8.DecodeRuneInString(text[i:e])
	w := i
	for w < e && w-i < maxWordBytes {
		r, n := utf8.DecodeRuneInString(text[w:e])
		if !unicode.IsLetter(r) {
			break
		}
		w += n
	}
	f.word = text[i:w]
	if w < e {
		f.after, _ = utf8.DecodeRuneInString(text[w:e])
	}
	f.last = len(f.word) > 0 && trimLine(text, w, min(e, w+maxWordBytes)).start == e
	return f
}

// breaksAfterQuestion: "?" and "!" end a sentence unless a lowercase word continues it
// ("...rumour?" he asked).
func breaksAfterQuestion(text string, k, e int) bool {
	f := nextToken(text, k, e)
	return f.spaced && !unicode.IsLower(f.first)
}

// breaksAfterEllipsis: "..." and "…" end a sentence only before a capital.
func breaksAfterEllipsis(text string, k, e int) bool {
	f := nextToken(text, k, e)
	return f.spaced && unicode.IsUpper(f.first)
}

// breaksAfterPeriod decides a single "." at text[i] whose closers end at k; sent is where the
// current sentence started.
func breaksAfterPeriod(text string, sent, i, k, e int, atLineEnd bool) bool {
	f := nextToken(text, k, e)
	if !f.spaced {
		// "3.5", "example.com", "U.S" stay whole; only a missing space between a lowercase
		// word and a capitalised one ("closer.But") is taken for a typing slip.
		if k != i+1 || !isCapitalised(text[k:min(e, k+maxWordBytes)]) {
			return false
		}
		word, _ := wordBefore(text, sent, i)
		return isPlainLowerWord(word)
	}
	if unicode.IsLower(f.first) || strings.ContainsRune(",;:)", f.raw) {
		return false // "etc. and", "34. minúte", "said. , "
	}
	if f.last && !atLineEnd {
		return false // one dangling word is not a sentence: "... 79. Evanilson"
	}
	word, whole := wordBefore(text, sent, i)
	if whole && isListNumber(word) {
		return false // "1. First item"
	}
	kind := abbreviations[word]
	if kind == 0 && (isInitial(word) || isDottedLetters(word)) {
		kind = abMid
	}
	switch kind {
	case abTitle:
		return false
	case abNumber:
		return !unicode.IsDigit(f.first)
	case abMid:
		if isInitial(word) && isInitial(f.word) && f.after == '.' {
			return false // "J. A. Smith": a run of initials
		}
		return sentenceOpeners[f.word] && !unicode.IsLetter(f.after)
	case abTime:
		return unicode.IsUpper(f.first) && !timeFollowers[f.word]
	}
	if isListNumber(word) && (ordinalFollowers[f.word] || afterListMark(text, sent, i-len(word))) {
		return false // ordinals: "am 29. Januar", "Goals: 13. Rogers, 15. Malen"
	}
	return true
}

// afterListMark reports whether the token starting at text[w] follows a list separator
// (":", ",", a dash), where a number is an ordinal in an enumeration, not a sentence end.
func afterListMark(text string, sent, w int) bool {
	for k := 0; w > sent && k < maxWordBytes; k++ {
		r, n := utf8.DecodeLastRuneInString(text[sent:w])
		if !isSpace(r) {
			return is(cListMark, r)
		}
		w -= n
	}
	return false
}

func isASCIIWordByte(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// isPlainLowerWord reports a word of two or more letters ending lowercase, with no dots,
// slashes or "@" that would make it part of an address.
func isPlainLowerWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	r, _ := utf8.DecodeLastRuneInString(w)
	return n >= 2 && unicode.IsLower(r)
}

// isCapitalised reports that s starts with a capital followed by a lowercase letter.
func isCapitalised(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	r2, _ := utf8.DecodeRuneInString(s[n:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}

// wordBefore returns the token that ends at text[i] (exclusive), without leading opening
// quotes or brackets, and whether it is all of the current sentence so far.
func wordBefore(text string, sent, i int) (string, bool) {
	s := i
	for s > sent && i-s < maxWordBytes {
		r, n := utf8.DecodeLastRuneInString(text[sent:s])
		if isSpace(r) {
			break
		}
		s -= n
	}
	if i-s >= maxWordBytes {
		return "", false
	}
	whole := false // only white space between sent and the word (looked at within a bound)
	for b := s; b-sent >= 0 && s-b <= maxWordBytes; {
		if b == sent {
			whole = true
			break
		}
		r, n := utf8.DecodeLastRuneInString(text[sent:b])
		if !isSpace(r) {
			break
		}
		b -= n
	}
	w := text[s:i]
	for len(w) > 0 {
		r, n := utf8.DecodeRuneInString(w)
		if !is(cOpener, r) && r != '—' && r != '–' {
			break
		}
		w = w[n:]
	}
	return w, whole
}

func isListNumber(w string) bool {
	if len(w) == 0 || len(w) > maxListNumber {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// isInitial reports a single capital letter: "F" in "John F. Kennedy".
func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && n > 0 && unicode.IsUpper(r)
}

// isDottedLetters reports groups of one or two letters joined by dots: "U.S", "J.R.R", "EE.UU", "Ph.D".
func isDottedLetters(w string) bool {
	groups, run := 0, 0
	for _, r := range w {
		switch {
		case r == '.':
			if run == 0 || run > 2 {
				return false
			}
			groups++
			run = 0
		case unicode.IsLetter(r):
			run++
		default:
			return false
		}
	}
	return groups >= 1 && run >= 1 && run <= 2
}
