// Package stance tells, for one sentence of a news article, whether it states a
// claim (an attributed assertion), a denial (someone rejecting a claim) or
// context (the journalist's own background), and who the speaker is.
//
// Design choices. The package runs over every sentence of every corpus article
// and page, and is compiled to WebAssembly, so it does no parsing in the
// linguistic sense and uses no regular expressions: one pass turns the sentence
// into at most maxTokens word and punctuation tokens, each looked up once in a
// single cue table (cueTable below: reporting verbs, denial verbs, denial words,
// hedges, titles, pronouns, skip words...). Everything after that is index
// arithmetic over the token slice, linear in its length.
//
// What stands in for grammar:
//   - a "frame" is a cue verb with its subject (the speaker): the subject is the
//     noun phrase right before the verb (past skipped adverbs, auxiliaries and
//     time words), or after it in a quote inversion (`," said Kwon`), or the
//     phrase after "according to", or after "by" in a passive;
//   - a subordinate clause (after, though, while, ... up to the next comma)
//     holds frames and cues that do not decide the sentence, which is how "X
//     denied Y after the US said Z" stays a denial and "According to A, ...,
//     though B denied it" stays a claim;
//   - frames outside quotation marks beat frames inside them (a quoted speaker's
//     own reporting verbs are part of the quote);
//   - denial beats claim among the deciding frames, and a denial word anywhere
//     in the main clause turns a claim frame into a denial; the lean is toward
//     claim over context, because a claim read as context is lost downstream.
//
// The trade: these heuristics misread some sentences a parser would get right
// (long appositions, nested reporting), in exchange for a few microseconds per
// sentence, no data files, and behaviour one can follow by reading one table.
// English only: sentences mostly in a non-Latin script are Context.
package stance

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/retold/retold/shared/memo"
)

// Kind is what a sentence does: states context, a claim or a denial.
type Kind uint8

// The kinds, Context first so that the zero Reading is Context.
const (
	Context Kind = iota
	Claim
	Denial
)

// String returns "context", "claim" or "denial".
func (k Kind) String() string {
	switch k {
	case Claim:
		return "claim"
	case Denial:
		return "denial"
	}
	return "context"
}

// Reading is what Read finds in one sentence.
type Reading struct {
	Kind Kind
	// Speaker is who makes the claim or denial, as written ("John Kirby",
	// "North Korea", "a senior North Korean official"), "" if none. Pronouns
	// and "the official"-like phrases are resolved to the previous Reading's
	// speaker when it has one.
	Speaker string
	// Continues is set when Speaker is the previous sentence's, reached
	// through a pronoun or an anaphor ("..., he said"): the sentence goes on
	// with the statement the one before began.
	Continues bool
	// Cue is the word that decided Kind, for debugging.
	Cue string
}

// cueClass is a bit set: one word may belong to several classes.
type cueClass uint32

const (
	cReport    cueClass = 1 << iota // reporting verb: makes a claim frame
	cShow                           // presenting evidence ("released photos"): a claim frame when active
	cLabel                          // "called it X": claim, denial if X is a denial word or a claim noun
	cAttack                         // "slammed X": like cLabel
	cDeny                           // denial verb: a denial frame
	cDenyWord                       // denial word or phrase anywhere in the main clause
	cHedge                          // "reportedly": a claim with no frame
	cClaimNoun                      // "allegations": object of cLabel/cAttack makes a denial
	cNeg                            // negation, for "it did not" self-denials
	cSub                            // starts a subordinate clause
	cTitle                          // "spokesman John Kirby": the name follows
	cRole                           // "the official": an anaphor when lower-case after "the"
	cPron                           // a pronoun subject, resolved to the previous speaker
	cSkip                           // between subject and verb: adverbs, auxiliaries, time words
	cFunc                           // never part of a name, even when capitalised
	cStop                           // ends a noun phrase
	cPrep                           // ends a forward noun phrase; starts an adverbial segment
	cBe                             // makes a following participle passive
	cFlip                           // "falsely denied": the denial is itself called false
	cAccord                         // "according" (to)
	cRel                            // relative pronoun subject: "who denied"
	cCoord                          // "and"/"but" before a verb: same subject as the last frame
	cFurn                           // page furniture before a colon ("Read more:")
	cNoDeny                         // after a negation, not a denial: "would not comment"
	cNounToo                        // a cue verb that is also a common noun: "reports", "dispute"
)

// Limits that bound the work on hostile input.
const (
	maxTokens  = 400 // a sentence longer than this is not one; the rest is ignored
	maxNP      = 10  // words in a speaker noun phrase
	maxSpeaker = 6   // words kept of a speaker that has no name in it
	negWindow  = 5   // words of a reported clause searched for a negation
)

// cueTable is every word the package knows, by class. Entries with '|' are
// phrases (a word sequence) and only make sense for cDenyWord.
var cueTable = [...]struct {
	class cueClass
	words string
}{
	{cReport, "said say says saying told tells telling added adds adding stated stating announced announces announcing " +
		"claimed claim claims claiming reported report reports reporting accused accuses accuse accusing " +
		"warned warns warning alleged alleges allege alleging insisted insists insisting noted notes noting " +
		"asserted asserts asserting cited cites citing confirmed confirms confirming revealed reveals wrote writes " +
		"tweeted argued argues urged urges believes estimated assessed assess assesses declared declares " +
		"stressed explained quoted reiterated reiterates maintained maintains blamed blames blaming suggested " +
		"acknowledged admitted admits concluded testified affirmed contended predicted threatened vowed " +
		"informed indicated pointed responded responds replied replies read reads"},
	{cShow, "showed shows released releases releasing shared displayed published unveiled presented"},
	{cLabel, "called calls calling termed terms terming described describes describing branded labelled labeled " +
		"dubbed designated designates designating classified"},
	{cAttack, "slammed slams slamming condemned condemns condemning denounced denounces denouncing criticized " +
		"criticised criticizes criticises criticizing criticising censured censures censuring blasted lambasted " +
		"decried"},
	{cDeny, "denied denies deny denying rejected rejects reject rejecting dismissed dismisses dismissing " +
		"refuted refutes refute refuting debunked debunks debunk debunking disputed disputes dispute disputing " +
		"contradicted rebuffed repudiated disowned retracted retracts retract rubbished disproved disproves"},
	{cDenyWord, "groundless baseless unfounded false fake fakes faked hoax hoaxes hoaxer " +
		"fabricated fabricating fabrication fabrications absurd lie lies nonsense untrue gossip falsely wrongly " +
		"erroneous exaggerated doctored duped fooled satire satirical phony phoney bullshit " +
		"misinformation disinformation non-existent nonexistent denial denials myth bogus smear slander " +
		"preposterous ridiculous made-up self-made spurious debunked"},
	{cDenyWord, "red|herring not|true never|happened no|evidence no|truth no|basis did|not|happen didn't|happen " +
		"made|up not|accurate has|not|happened not|real isn't|real not|a|thing made|it|up made|it|all|up"},
	{cHedge, "reportedly allegedly purportedly purporting purported apparently appear appears appeared " +
		"supposedly suspected alleged rumour rumor rumours rumors speculation unconfirmed"},
	{cClaimNoun, "allegation allegations accusation accusations claim claims report reports assertion assertions " +
		"rumour rumor rumours rumors talk"},
	{cNeg, "not never no neither nor cannot"},
	{cSub, "after though although while whereas because since despite before following amid when unless as"},
	{cTitle, "spokesman spokesperson spokeswoman minister director director-general secretary president leader " +
		"chief head official coordinator ambassador envoy commander chairman chairwoman premier senator governor " +
		"mayor adviser advisor pm ceo cfo founder owner deputy spokespeople analyst professor general"},
	{cRole, "official officials spokesman spokesperson spokeswoman ministry statement agency minister government " +
		"report source company group newspaper outlet paper department office regime leader president diplomat " +
		"administration embassy firm"},
	{cPron, "he she it they we i"},
	{cSkip, "also earlier later then previously publicly officially already again repeatedly first now today " +
		"yesterday tonight recently initially further strongly flatly categorically firmly immediately swiftly " +
		"quickly separately subsequently once has have had is are was were be been being will would could may " +
		"might can did does do should must on last this week month year weekend morning afternoon evening night " +
		"monday tuesday wednesday thursday friday saturday sunday january february march april may june july " +
		"august september october november december reportedly allegedly only just even vehemently long"},
	{cFunc, "but and or so yet however meanwhile moreover also then thus still the a an this that these those " +
		"in on at for of to from by with as after before while when story read more update watch video photo " +
		"live breaking exclusive related monday tuesday wednesday thursday friday saturday sunday january " +
		"february march april june july august september october november december"},
	{cStop, "that which who whom whose where when while but as after since because although though if by to " +
		"from with than whether what"},
	{cPrep, "in on at during to from after before while when with by about over via since until as that who " +
		"which according amid following despite through into"},
	{cBe, "is are was were be been being"},
	{cFlip, "falsely wrongly"},
	{cAccord, "according"},
	{cRel, "who which"},
	{cCoord, "and but"},
	{cNoDeny, "comment comments commenting confirm respond immediately say know disclose elaborate yet clear " +
		"specify identify"},
	{cNounToo, "report reports claim claims dispute disputes lie lies talk"},
	{cFurn, "read more story update watch video photo also related breaking exclusive live editor's note source " +
		"credit by listen advertisement date source"},
}

// cues is cueTable read into a table: a lower-case word's classes, and if
// it is the first word of denial phrases, the phrases (as word lists) that
// start with it. Built on first use rather than at package init, which
// every start of the extension's service worker pays for. A memo Table,
// not a Go map, whose string hash is slow in wasm: a sentence looks up
// each of its words, once.
var cues = sync.OnceValue(func() *memo.Table[cue] {
	m := make(map[string]cue, 700)
	for _, e := range cueTable {
		for _, w := range strings.Fields(e.words) {
			c := m[w]
			if strings.Contains(w, "|") {
				p := strings.Split(w, "|")
				c = m[p[0]]
				c.phrases = append(c.phrases, p)
				m[p[0]] = c
				continue
			}
			c.class |= e.class
			m[w] = c
		}
	}
	t := new(memo.Table[cue])
	for w, c := range m {
		t.Put(w, c)
	}
	return t
})

// cue is what the cue table says of a word.
type cue struct {
	class   cueClass
	phrases [][]string // the denial phrases that start with it
}

// verbClasses are the classes that make a frame.
const verbClasses = cReport | cShow | cLabel | cAttack | cDeny

// token is a word or a punctuation mark of the sentence.
type token struct {
	text    string // as written
	low     string // lower case, ’ folded to '
	class   cueClass
	punct   byte // 0 for a word; ',' ';' ':' '(' ')' '-' '.' '"' (quote mark)
	open    bool // for a quote mark: opening
	quoted  bool // inside quotation marks
	sub     bool // inside a subordinate clause
	capital bool // starts with an upper-case letter
	deny    bool // part of a denial phrase
}

func (t *token) word() bool { return t.punct == 0 }

// frame is a cue verb with its speaker.
type frame struct {
	verb      int // token index of the verb
	class     cueClass
	kind      Kind
	speaker   string
	resolved  bool // the speaker came from an anaphor or pronoun
	inverted  bool // `," said X`
	quoted    bool
	sub       bool
	subjStart int // first token of the subject phrase, -1 if none
	subjEnd   int
}

// scan holds the tokens of one sentence and what Read learns about them.
type scan struct {
	toks      []token
	titleCase bool
	prev      Reading
	frames    []frame
	cues      *memo.Table[cue] // cues(), fetched once a sentence
	phraseAt  []int            // the tokens that start denial phrases
	// The lower case of the words that are not lower-case ASCII, written
	// one after another while the sentence is tokenized and made one
	// string at its end (a string a sentence, not a word): lowAt[k] is
	// where the word of token lowTok[k] ends in lowBuf.
	lowBuf []byte
	lowTok []int
	lowAt  []int
	// decide's frames of the main clause and of them those outside
	// quotes, copies kept from sentence to sentence.
	main, outside []frame
}

// Framing reports whether word (lower case) only frames a statement, saying
// who made it, when, or through what, and nothing of what it says: a
// reporting verb, a title or role ("spokesman", "agency"), a day or a
// month, page furniture.
func Framing(word string) bool {
	c, _ := cues().Get(word)
	return c.class&(cReport|cTitle|cRole|cSkip|cFurn) != 0
}

// Read classifies sentence (plain text, one sentence). prev is the Reading of
// the sentence before it in the same article (zero Reading for the first): a
// pronoun speaker inherits prev.Speaker, and a continuation of a quoted denial
// inherits its kind when the sentence has no cue of its own.
func Read(sentence string, prev Reading) Reading {
	s := scans.Get().(*scan)
	defer func() {
		// The tokens are not cleared: the strings they hold go when the
		// pool drops them at the next collections, and clearing every
		// sentence's tokens cost 7% of a reading in wasm.
		clear(s.frames)
		clear(s.main)
		clear(s.outside)
		s.main, s.outside = s.main[:0], s.outside[:0]
		// Field by field: the whole scan stored while a collection
		// marks is a bulk barrier over its words (wbMove).
		s.toks, s.frames, s.phraseAt = s.toks[:0], s.frames[:0], s.phraseAt[:0]
		s.lowBuf, s.lowTok, s.lowAt = s.lowBuf[:0], s.lowTok[:0], s.lowAt[:0]
		s.titleCase, s.cues = false, nil // prev is set by the next Read
		scans.Put(s)
	}()
	s.prev = prev
	if !s.tokenize(sentence) || len(s.toks) == 0 {
		return Reading{}
	}
	s.markSubordinate()
	s.findFrames()
	return s.decide()
}

// scans are Read's working memory, reused: a page reads every sentence.
var scans = sync.Pool{New: func() any { return new(scan) }}

// tokenize fills s.toks; it returns false when the sentence is mostly in a
// script other than Latin.
func (s *scan) tokenize(text string) bool {
	if want := min(maxTokens, len(text)/4+8); cap(s.toks) < want { // about one token per 4 bytes
		s.toks = make([]token, 0, want)
	}
	s.toks = s.toks[:0]
	s.cues = cues() // once, not once a word
	s.phraseAt = s.phraseAt[:0]
	s.lowBuf, s.lowTok, s.lowAt = s.lowBuf[:0], s.lowTok[:0], s.lowAt[:0]
	var latin, other int
	dq, sq := false, false
	prevRune := ' '
	i := 0
	for i < len(text) && len(s.toks) < maxTokens {
		if text[i] == ' ' { // between most words: no case below takes it
			prevRune = ' '
			i++
			continue
		}
		r, n := runeAt(text, i)
		next := ' '
		if i+n < len(text) {
			next, _ = runeAt(text, i+n)
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(text) {
				// ASCII letters and digits, most of a sentence, without
				// decoding or a table look-up (the cases below say the
				// same of them).
				if b := text[j]; b|0x20 >= 'a' && b|0x20 <= 'z' {
					latin++
					j++
					continue
				} else if b >= '0' && b <= '9' {
					j++
					continue
				}
				c, m := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(c) {
					if c < 0x250 {
						latin++
					} else {
						other++
					}
				} else if !unicode.IsDigit(c) {
					// Inner apostrophes, hyphens and dots join: Korea's, self-made, U.S.
					if c == '\'' || c == '’' || c == '-' || c == '.' {
						d, _ := utf8.DecodeRuneInString(text[min(j+m, len(text)):])
						if j+m < len(text) && (unicode.IsLetter(d) || unicode.IsDigit(d)) {
							j += m
							continue
						}
					}
					break
				}
				j += m
			}
			// An abbreviation keeps its final dot: "U.S.", "J."
			if j < len(text) && text[j] == '.' && (strings.IndexByte(text[i:j], '.') >= 0 || j-i == 1 && unicode.IsUpper(r)) {
				j++
			}
			s.addWord(text[i:j], dq || sq)
			prevRune = 'a'
			i = j
			continue
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '„':
			opening := r == '“' || r == '«' || r == '„' ||
				(r == '"' && (!dq || unicode.IsSpace(prevRune) || prevRune == '(') && !unicode.IsSpace(next))
			if r == '"' && dq && !(unicode.IsSpace(prevRune) && !unicode.IsSpace(next)) {
				opening = false
			}
			if opening {
				dq = true
			} else if dq {
				dq = false
			} else {
				// A closing mark with no opening one: the quote began in an
				// earlier sentence, so everything so far was quoted.
				for k := range s.toks {
					s.toks[k].quoted = true
				}
			}
			s.toks = appendToken(s.toks, &token{text: text[i : i+n], punct: '"', open: opening, quoted: dq || sq})
		case r == '\'' || r == '‘' || r == '’':
			if (r == '‘' || unicode.IsSpace(prevRune) || prevRune == '(' || prevRune == '"' || prevRune == '“') && unicode.IsLetter(next) && !sq {
				sq = true
				s.toks = appendToken(s.toks, &token{text: text[i : i+n], punct: '"', open: true, quoted: true})
			} else if sq && !unicode.IsLetter(next) {
				sq = false
				s.toks = appendToken(s.toks, &token{text: text[i : i+n], punct: '"', quoted: dq})
			}
		case r == ',' || r == ';' || r == ':' || r == '(' || r == ')' || r == '.' || r == '?' || r == '!':
			p := byte(r)
			if r == '?' || r == '!' {
				p = '.'
			}
			if r == '.' && len(s.toks) > 0 && s.toks[len(s.toks)-1].punct == '.' {
				break
			}
			s.toks = appendToken(s.toks, &token{text: text[i : i+n], punct: p, quoted: dq || sq})
		case r == '—' || r == '–' || (r == '-' && next == '-'):
			if r == '-' {
				n++
			}
			s.toks = appendToken(s.toks, &token{text: text[i : i+n], punct: '-', quoted: dq || sq})
		}
		prevRune = r
		i += n
	}
	if other > latin {
		return false
	}
	s.setLows()
	// Title case: most long words capitalised, as in a headline.
	var long, caps int
	for k := range s.toks {
		t := &s.toks[k]
		if t.word() && len(t.text) > 3 {
			long++
			if t.capital {
				caps++
			}
		}
	}
	s.titleCase = long >= 3 && caps*10 >= long*7
	s.markPhrases()
	return true
}

// runeAt decodes the rune at text[i], ASCII without a call.
func runeAt(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// addWord appends a word token with its classes. A word that is not
// lower-case ASCII gets its lower case (’ read as ') in lowBuf, and its
// low only when the sentence is tokenized (setLows).
func (s *scan) addWord(w string, quoted bool) {
	var c cue
	var neg bool
	t := token{text: w, low: w, quoted: quoted}
	if isLowerASCII(w) { // most words are: no scan for ’ and no lowering
		c, _ = s.cues.Get(w)
		neg = strings.HasSuffix(w, "n't")
	} else {
		a := len(s.lowBuf)
		s.lowBuf = appendLower(s.lowBuf, w)
		low := s.lowBuf[a:]
		c, _ = s.cues.GetBytes(low)
		neg = bytes.HasSuffix(low, []byte("n't"))
		s.lowTok = append(s.lowTok, len(s.toks))
		s.lowAt = append(s.lowAt, len(s.lowBuf))
		t.low = ""
	}
	if c.phrases != nil {
		s.phraseAt = append(s.phraseAt, len(s.toks))
	}
	r, _ := utf8.DecodeRuneInString(w)
	t.class, t.capital = c.class, unicode.IsUpper(r)
	if neg {
		t.class |= cNeg
	}
	s.toks = appendToken(s.toks, &t)
}

// appendLower appends w in lower case to dst, ’ read as ': what
// strings.ToLower(strings.ReplaceAll(w, "’", "'")) gives, without the
// strings.
func appendLower(dst []byte, w string) []byte {
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
		case r == '’':
			dst = append(dst, '\'')
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// setLows gives the words addWord lowered their low, slices of one string.
func (s *scan) setLows() {
	if len(s.lowTok) == 0 {
		return
	}
	lows := string(s.lowBuf)
	a := 0
	for k, i := range s.lowTok {
		s.toks[i].low = lows[a:s.lowAt[k]]
		a = s.lowAt[k]
	}
}

// appendToken appends t to toks field by field: a whole token appended
// while a collection marks is a bulk barrier over its words (wbMove), a
// tenth of a reading in wasm; a field is one pointer's barrier at most.
func appendToken(toks []token, t *token) []token {
	n := len(toks)
	if n == cap(toks) {
		toks = slices.Grow(toks, 1)
	}
	toks = toks[:n+1]
	d := &toks[n]
	d.text, d.low, d.class, d.punct, d.open, d.quoted, d.sub, d.capital, d.deny = t.text, t.low, t.class, t.punct, t.open, t.quoted, t.sub, t.capital, t.deny
	return toks
}

// markPhrases marks the words of multi-word denial phrases.
func (s *scan) markPhrases() {
	for _, i := range s.phraseAt { // the tokens whose words start phrases, in order
		c, _ := s.cues.Get(s.toks[i].low)
		ps := c.phrases
		for _, p := range ps {
			if i+len(p) > len(s.toks) {
				continue
			}
			ok := true
			for k, w := range p {
				if s.toks[i+k].low != w {
					ok = false
					break
				}
			}
			if ok {
				for k := range p {
					s.toks[i+k].deny = true
				}
			}
		}
	}
}

// clauseStart reports whether token i begins a clause: the sentence start, or
// right after punctuation.
func (s *scan) clauseStart(i int) bool {
	for j := i - 1; j >= 0; j-- {
		if s.toks[j].punct == '"' {
			continue
		}
		return !s.toks[j].word()
	}
	return true
}

// markSubordinate marks subordinate clauses: from a subordinator to the next
// comma, semicolon, colon or dash (or the end).
func (s *scan) markSubordinate() {
	in := false
	for i := range s.toks {
		t := &s.toks[i]
		if !t.word() {
			if t.punct == ',' || t.punct == ';' || t.punct == ':' || t.punct == '-' {
				in = false
			}
			continue
		}
		if !in && t.class&cSub != 0 && s.isSubordinator(i) {
			in = true
		}
		t.sub = in
	}
}

// isSubordinator tells a subordinating "after", "as", ... from a preposition
// or a determiner's adjective ("the following answer", "described as").
func (s *scan) isSubordinator(i int) bool {
	if i > 0 && s.toks[i-1].word() {
		switch s.toks[i-1].low {
		case "the", "a", "an", "this", "that", "its", "their":
			return false
		}
	}
	if s.toks[i].low != "as" {
		return true
	}
	if s.clauseStart(i) {
		return true
	}
	if i > 0 {
		switch s.toks[i-1].low {
		case "comes", "came", "come", "coming", "even", "just":
			return true
		}
	}
	return false
}

// isVerb tells whether the cue word at i is used as a verb here.
func (s *scan) isVerb(i int) bool {
	t := &s.toks[i]
	if t.class&verbClasses == 0 {
		return false
	}
	if t.capital && i > 0 && !s.titleCase && !s.clauseStart(i) {
		return false // "the United States", "Report" in a name
	}
	if t.class&cAccord != 0 {
		return false
	}
	if t.class&cLabel != 0 && i+1 < len(s.toks) && (s.toks[i+1].low == "for" || s.toks[i+1].low == "on") {
		return false // "calling for restraint", "called on Russia"
	}
	if t.low == "read" || t.low == "reads" {
		// Only "the statement read": otherwise an ordinary verb.
		return i > 0 && s.toks[i-1].class&cRole != 0
	}
	// Noun or verb: "Washington's claims" versus "the U.S. claims".
	if t.class&cNounToo != 0 {
		j := s.prevWord(i)
		if j < 0 {
			return false
		}
		p := &s.toks[j]
		if j != i-1 {
			return p.class&cPron != 0 // "he, too, claims"
		}
		if strings.HasSuffix(p.low, "'s") || p.class&(verbClasses|cFunc|cNeg) != 0 && p.class&cPron == 0 {
			return false
		}
		if j > 0 && isDeterminer(s.toks[j-1].low) && (i+1 == len(s.toks) || !s.toks[i+1].word()) {
			return false // "the Japanese reports."
		}
		return p.capital || p.class&(cPron|cRole|cTitle) != 0
	}
	return true
}

// prevWord is the index of the word before i, -1 if punctuation or the start
// comes first.
func (s *scan) prevWord(i int) int {
	if i > 0 && s.toks[i-1].word() {
		return i - 1
	}
	return -1
}

// findFrames collects every cue verb and its speaker.
func (s *scan) findFrames() {
	for i := range s.toks {
		t := &s.toks[i]
		if !t.word() {
			continue
		}
		if t.class&cAccord != 0 && i+1 < len(s.toks) && s.toks[i+1].low == "to" {
			a, b := s.forwardNP(i + 2)
			f := frame{verb: i, class: cReport, kind: Claim, quoted: t.quoted, sub: t.sub, subjStart: a, subjEnd: b}
			s.setSpeaker(&f, a, b)
			s.frames = append(s.frames, f)
			continue
		}
		if !s.isVerb(i) {
			continue
		}
		s.frames = append(s.frames, s.frameAt(i))
	}
	// A drop: frames that turned out to be nothing (negated reports).
	out := s.frames[:0]
	for _, f := range s.frames {
		if f.kind != Context {
			out = append(out, f)
		}
	}
	s.frames = out
}

// frameAt builds the frame of the verb at i.
func (s *scan) frameAt(i int) frame {
	t := &s.toks[i]
	f := frame{verb: i, class: t.class & verbClasses, kind: Claim, quoted: t.quoted, sub: t.sub, subjStart: -1}
	if f.class&cDeny != 0 {
		f.class = cDeny
		f.kind = Denial
	}
	// Walk back over adverbs, auxiliaries and time words.
	j := i - 1
	negated, passive := false, false
	for j >= 0 {
		p := &s.toks[j]
		if p.punct == ')' {
			for j >= 0 && s.toks[j].punct != '(' {
				j--
			}
			j--
			continue
		}
		if !p.word() {
			break
		}
		if p.class&cNeg != 0 {
			negated = true
		} else if p.class&cFlip != 0 {
			if f.kind == Denial {
				f.kind, f.class = Claim, cReport
			}
		} else if p.class&cBe != 0 {
			passive = !strings.HasSuffix(t.low, "ing")
		} else if p.class&cSkip == 0 && !isNumber(p.low) {
			break
		}
		j--
	}
	if f.kind == Denial && i > 0 {
		switch s.toks[i-1].low {
		case "or", "nor":
			f.kind = Context // "refused to confirm or deny"
			return f
		case "to":
			if i > 1 && strings.HasPrefix(s.toks[i-2].low, "refuse") || strings.HasPrefix(s.toks[i-2].low, "decline") {
				f.kind = Context
				return f
			}
		}
	}
	if negated {
		if f.kind == Denial {
			f.kind, f.class = Claim, cReport // "did not deny"
		} else {
			f.kind = Context // "did not say", "did not mention"
			return f
		}
	}
	// Passive: "was reported by X", "accused by X", "quoted by X".
	if i+1 < len(s.toks) && (s.toks[i+1].low == "by" || passive && s.toks[i+1].low == "in") {
		if f.kind == Denial && !s.claimNounBefore(i) {
			f.kind, f.class = Claim, cReport // "disowned by her family", "denied entry by"
		}
		a, b := s.forwardNP(i + 2)
		s.setSpeaker(&f, a, b)
		return f
	}
	if passive {
		if f.class == cShow {
			f.kind = Context
		}
		return f
	}
	// Quote inversion: `," said Kwon Jong Gun`.
	if s.afterQuote(i) && i+1 < len(s.toks) && s.toks[i+1].word() && s.toks[i+1].class&cPron == 0 {
		a, b := s.forwardNP(i + 1)
		if b > a {
			f.inverted = true
			s.setSpeaker(&f, a, b)
			return f
		}
	}
	if j >= 0 && s.toks[j].word() {
		p := &s.toks[j]
		switch {
		case p.class&cCoord != 0:
			s.inheritSubject(&f, j)
		case p.class&cRel != 0:
			if j > 0 && s.toks[j-1].word() {
				s.setSpeaker(&f, s.backwardNP(j-1), j)
			} else {
				s.segmentSubject(&f, j)
			}
		case p.class&cStop != 0 && !p.capital:
			// "like to say", "that said": no subject here
		default:
			s.setSpeaker(&f, s.backwardNP(j), j+1)
		}
		return f
	}
	// The verb follows punctuation: a participle after a comma shares the last
	// frame's subject; otherwise look at the comma segments before it.
	if strings.HasSuffix(t.low, "ing") && len(s.frames) > 0 {
		s.inheritSubject(&f, i)
		return f
	}
	if j >= 0 && s.toks[j].punct == ',' {
		s.segmentSubject(&f, j+1)
	}
	return f
}

// backwardNP returns the start of the noun phrase that ends at token j: words
// back to punctuation, a stop word or another verb, at most maxNP.
func (s *scan) backwardNP(j int) int {
	a := j
	for a > 0 && j-a+1 < maxNP {
		q := &s.toks[a-1]
		if !q.word() || q.class&(cStop|verbClasses) != 0 && !q.capital || q.class&cAccord != 0 {
			break
		}
		a--
	}
	return a
}

// claimNounBefore reports whether a claim noun comes before token i: "the
// claim was rejected by ...".
func (s *scan) claimNounBefore(i int) bool {
	for k := 0; k < i; k++ {
		if s.toks[k].class&cClaimNoun != 0 {
			return true
		}
	}
	return false
}

// afterQuote reports whether the verb at i comes right after a closing quote
// (with or without a comma on either side of the mark).
func (s *scan) afterQuote(i int) bool {
	for k, j := 0, i-1; k < 2 && j >= 0; k, j = k+1, j-1 {
		t := &s.toks[j]
		if t.punct == '"' && !t.open {
			return true
		}
		if t.punct != ',' {
			return false
		}
	}
	return false
}

// inheritSubject gives f the subject of the last frame before it, or the
// sentence's opening subject.
func (s *scan) inheritSubject(f *frame, _ int) {
	for k := len(s.frames) - 1; k >= 0; k-- {
		if s.frames[k].speaker != "" || s.frames[k].subjStart >= 0 {
			f.speaker, f.resolved = s.frames[k].speaker, s.frames[k].resolved
			f.subjStart, f.subjEnd = s.frames[k].subjStart, s.frames[k].subjEnd
			return
		}
	}
	// The opening subject: a pronoun or a run of capitalised words.
	a := 0
	for a < len(s.toks) && (!s.toks[a].word() || s.toks[a].class&cFunc != 0 && s.toks[a].class&cPron == 0) {
		a++
	}
	if a >= len(s.toks) {
		return
	}
	b := a + 1
	if s.toks[a].class&cPron == 0 {
		for b < len(s.toks) && s.isName(b) {
			b++
		}
		if !s.isName(a) {
			return
		}
	}
	s.setSpeaker(f, a, b)
}

// segmentSubject finds the subject of a verb that follows a comma (or a
// relative pronoun) at index end: it walks back over the comma-separated
// segments of the clause, skipping adverbial ones ("in a statement on Sunday")
// and appositions ("the powerful sister of ..."), and prefers a bare name.
func (s *scan) segmentSubject(f *frame, end int) {
	var fallA, fallB = -1, -1
	b := end
	for b > 0 {
		// The segment is [a, b) with a after the previous comma.
		a := b
		for a > 0 && s.toks[a-1].punct != ',' && s.toks[a-1].punct != ':' && s.toks[a-1].punct != ';' &&
			s.toks[a-1].punct != '-' && s.toks[a-1].punct != '"' && s.toks[a-1].punct != '(' {
			a--
		}
		// Trim to words.
		wa, wb := a, b
		for wb > wa && !s.toks[wb-1].word() {
			wb--
		}
		for wa < wb && !s.toks[wa].word() {
			wa++
		}
		first := a == 0 || s.toks[a-1].punct != ','
		if wb > wa && !s.toks[wa].sub {
			h := &s.toks[wa]
			pure := wb-wa <= 5
			for k := wa; k < wb && pure; k++ {
				pure = s.isName(k) || s.toks[k].class&cTitle != 0 && s.toks[k].capital
			}
			switch {
			case pure:
				s.setSpeaker(f, wa, wb)
				return
			case first:
				// The clause subject, maybe followed by a verb phrase:
				// prefer its trailing name ("... from Kim Yo Jong").
				if h.class&(cPrep|verbClasses) == 0 || h.class&cFunc != 0 && h.class&cPrep == 0 {
					if k := s.trailingName(wa, wb); k < wb && k > wa && !s.hasVerbBefore(wa, k) {
						s.setSpeaker(f, wa, wb)
					} else if k < wb {
						s.setSpeaker(f, k, wb)
					} else {
						s.setSpeaker(f, wa, min(wb, wa+maxNP))
					}
					return
				}
			case h.class&(cPrep|verbClasses|cAccord) != 0 || h.class&cSkip != 0:
				// adverbial: skip
			default:
				if k := s.trailingName(wa, wb); k < wb && (h.low == "the" || h.low == "a" || h.low == "an" || s.hasTitle(wa, wb)) && fallA < 0 {
					fallA, fallB = wa, wb
				} else if k < wb {
					s.setSpeaker(f, k, wb)
					return
				} else if fallA < 0 {
					fallA, fallB = wa, wb
				}
			}
		}
		if first || a == 0 {
			break
		}
		b = a - 1
	}
	if fallA >= 0 {
		s.setSpeaker(f, fallA, fallB)
	}
}

// hasTitle reports whether [a, b) holds a title word ("Coordinator").
func (s *scan) hasTitle(a, b int) bool {
	for k := a; k < b; k++ {
		if s.toks[k].class&cTitle != 0 {
			return true
		}
	}
	return false
}

// hasVerbBefore reports whether [a, k) holds a word that looks like a verb
// (a cue verb or a past tense), so the trailing name is an object, not part
// of the subject.
func (s *scan) hasVerbBefore(a, k int) bool {
	for j := a; j < k; j++ {
		t := &s.toks[j]
		if t.class&verbClasses != 0 || !t.capital && strings.HasSuffix(t.low, "ed") || t.low == "drew" {
			return true
		}
	}
	return false
}

// forwardNP returns the noun phrase starting at a: words up to punctuation or
// a preposition, at most maxNP.
func (s *scan) forwardNP(a int) (int, int) {
	b := a
	for b < len(s.toks) && b-a < maxNP {
		t := &s.toks[b]
		if !t.word() || t.class&cPrep != 0 && !t.capital ||
			t.class&verbClasses != 0 && t.class&(cClaimNoun|cRole) == 0 && !t.capital {
			break
		}
		b++
	}
	return a, b
}

// isName reports whether token k can be part of a proper name.
func (s *scan) isName(k int) bool {
	t := &s.toks[k]
	if !t.word() || !t.capital || t.class&cFunc != 0 || t.class&cPron != 0 {
		return false
	}
	if s.titleCase {
		return t.class&(verbClasses|cPrep) == 0
	}
	return t.class&cSkip == 0
}

// trailingName returns the start of the run of name words that ends [a, b),
// b if there is none. The run may include possessives and hyphenated names
// but not "of".
func (s *scan) trailingName(a, b int) int {
	k := b
	for k > a {
		switch {
		case s.isName(k - 1):
			k--
			continue
		case k < b && k-1 > a && connector(s.toks[k-1].low):
			// "Foreign Ministry of the DPRK": step over "of the" when a
			// name comes before it.
			m := k - 1
			for m > a && connector(s.toks[m-1].low) {
				m--
			}
			if m > a && s.isName(m-1) {
				k = m - 1
				continue
			}
		}
		break
	}
	return k
}

// connector reports whether w joins the parts of a name.
func connector(w string) bool { return w == "of" || w == "for" || w == "the" }

// setSpeaker turns the phrase [a, b) into the frame's speaker: an anaphor
// ("he", "the official") becomes the previous speaker; otherwise the name
// after a title ("spokesman John Kirby"), a trailing name ("outlet Tokyo
// Shimbun") or the whole short phrase.
func (s *scan) setSpeaker(f *frame, a, b int) {
	f.subjStart, f.subjEnd = a, b
	if a < 0 || b <= a {
		f.subjStart = -1
		return
	}
	// Drop leading conjunctions and adverbs.
	for a < b && s.toks[a].class&cFunc != 0 && s.toks[a].class&cPron == 0 &&
		s.toks[a].low != "a" && s.toks[a].low != "an" && s.toks[a].low != "the" {
		a++
	}
	if a >= b {
		return
	}
	h := &s.toks[a]
	if b-a == 1 && h.class&cPron != 0 {
		// "he", "she", "they": inside the sentence, a person named earlier.
		// "..., he said" is the previous sentence's speaker; "Kirby said X,
		// but he added" and "spokesman John Kirby, where he claimed" are
		// someone named earlier in this one.
		if (h.low == "he" || h.low == "she") && a > 0 && s.toks[a-1].word() {
			if n := len(s.frames); n > 0 && s.frames[n-1].speaker != "" {
				f.speaker, f.resolved = s.frames[n-1].speaker, s.frames[n-1].resolved
				return
			}
			for k := a - 1; k > 0; k-- {
				if s.isName(k) && s.isName(k-1) && !s.toks[k].quoted {
					f.speaker, f.resolved = s.toks[k-1].text+" "+s.toks[k].text, false
					return
				}
			}
		}
		f.speaker, f.resolved = s.prev.Speaker, true
		return
	}
	if h.low == "the" || h.low == "this" || h.low == "that" {
		anaphor := s.toks[b-1].class&cRole != 0
		for k := a + 1; k < b && anaphor; k++ {
			anaphor = !s.toks[k].capital
		}
		if anaphor && s.prev.Speaker != "" {
			f.speaker, f.resolved = s.prev.Speaker, true
			return
		}
		if a+1 < b && s.toks[a+1].capital {
			a++
		}
	}
	// The name after the last title word.
	for k := b - 2; k >= a; k-- {
		if s.toks[k].class&cTitle != 0 && s.isName(k+1) {
			e := k + 1
			for e < b && s.isName(e) {
				e++
			}
			f.speaker = s.join(k+1, e)
			return
		}
	}
	if k := s.trailingName(a, b); k < b {
		if b-k > maxSpeaker {
			// A long name: its last part ("... Affairs Kwon Jong-un").
			m := b - 1
			for m > k && !connector(s.toks[m-1].low) && b-m < 4 {
				m--
			}
			k = m
		}
		f.speaker = s.join(k, b)
		return
	}
	if b-a > maxSpeaker {
		// A long phrase that ends in common nouns: its first name, if any.
		for k := a; k < b; k++ {
			if s.isName(k) {
				e := k
				for e < b && s.isName(e) {
					e++
				}
				f.speaker = s.join(k, e)
				return
			}
		}
		a = b - maxSpeaker
	}
	f.speaker = s.join(a, b)
}

// join returns the words [a, b) separated by spaces, as written.
func (s *scan) join(a, b int) string {
	var sb strings.Builder
	n := 0
	for k := a; k < b; k++ {
		if s.toks[k].word() {
			n += len(s.toks[k].text) + 1
		}
	}
	sb.Grow(n) // one allocation, not one a word
	for k := a; k < b; k++ {
		if !s.toks[k].word() {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(s.toks[k].text)
	}
	return sb.String()
}

// isDeterminer reports whether w opens a noun phrase.
func isDeterminer(w string) bool {
	switch w {
	case "the", "a", "an", "its", "their", "these", "those", "this", "his", "her", "our", "such", "any", "media":
		return true
	}
	return false
}

// isModal reports whether w is a modal verb ("wo" is what "won't" leaves).
func isModal(w string) bool {
	switch w {
	case "will", "would", "shall", "should", "must", "may", "might", "could", "wo", "ca", "can":
		return true
	}
	return false
}

// isNumber reports whether w is all digits.
func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// denialCue returns the index of the first denial word in the main clause
// (not subordinate, not an object of "falsely"), -1 if none.
func (s *scan) denialCue() int {
	for i := range s.toks {
		t := &s.toks[i]
		if !t.word() || t.sub {
			continue
		}
		if t.class&cFlip != 0 && i+1 < len(s.toks) && s.toks[i+1].class&cDeny != 0 {
			continue // "falsely deny" calls a denial false
		}
		if t.deny || t.class&cDenyWord != 0 {
			return i
		}
		if t.low == "no" && i+1 < len(s.toks) && s.toks[i+1].punct == ',' && s.clauseStart(i) {
			return i // "No, Banksy has not been arrested"
		}
	}
	return -1
}

// labelsClaim reports whether the cLabel or cAttack verb at v takes a claim
// noun or a denial word as its object: "called the reports groundless",
// "slammed the allegations".
func (s *scan) labelsClaim(v int) bool {
	for k := v + 1; k < len(s.toks) && k <= v+4; k++ {
		t := &s.toks[k]
		if t.punct == ',' || t.punct == '.' || t.punct == ';' {
			return false
		}
		if t.word() && (t.class&(cClaimNoun|cDenyWord) != 0 || t.deny) {
			return true
		}
	}
	return false
}

// negates reports whether the reporting frame f reports a negated event: a
// negation among the first words of what it reports ("Iran said it had not
// provided", "Mexico says students not among the dead", `"We have not
// provided ...," said X`, "X is not Y, Iraq says"). Later negations belong to
// the details of a claim ("... has not changed battlefield dynamics").
func (s *scan) negates(f *frame) bool {
	start := f.verb + 1
	if f.inverted || s.trailing(f) {
		start = 0
	}
	words, named := 0, false
	var first string
	if f.subjStart >= 0 && f.subjStart < len(s.toks) {
		first = strings.TrimSuffix(s.toks[f.subjStart].low, "'s")
	}
	for k := start; k < len(s.toks); k++ {
		t := &s.toks[k]
		if k == f.subjStart && start == 0 {
			return false
		}
		if !t.word() {
			if t.punct == '"' || t.punct == ':' || t.punct == ',' && words == 0 {
				continue
			}
			return false
		}
		if t.sub || words == 0 && (t.low == "that" || t.class&cSkip != 0 && t.class&cBe == 0) {
			continue
		}
		if t.class&cNeg != 0 {
			m := k - 1
			for m > 0 && s.toks[m].punct == '"' {
				m--
			}
			if !named || m >= 0 && isModal(s.toks[m].low) || isModal(strings.TrimSuffix(t.low, "n't")) {
				return false // "will not tolerate": an intent, not a negated event
			}
			for m := k + 1; m < len(s.toks) && m <= k+2; m++ {
				if s.toks[m].class&cNoDeny != 0 {
					return false
				}
			}
			return true
		}
		// Only a named subject or a pronoun negates the claim itself: "it had
		// not", "Iran did not"; "the amount has not changed" is a detail.
		if t.class&cPron != 0 || t.capital || t.low == first {
			named = true
		}
		if words++; words > negWindow {
			return false
		}
	}
	return false
}

// trailing reports whether f comes after what it reports: "..., Iraq says."
func (s *scan) trailing(f *frame) bool {
	if f.subjStart <= 0 || f.subjStart >= len(s.toks) {
		return false
	}
	if p := s.toks[f.subjStart-1].punct; p != ',' && p != '"' {
		return false
	}
	n := 0
	for k := f.verb + 1; k < len(s.toks) && s.toks[k].punct != '.'; k++ {
		if s.toks[k].word() {
			n++
		}
	}
	return n <= 4
}

// decide turns frames and cues into a Reading.
func (s *scan) decide() Reading {
	// The deciding frames: main clause before subordinate, outside quotes
	// before inside.
	main, outside := s.main[:0], s.outside[:0]
	for _, f := range s.frames {
		if !f.sub {
			main = append(main, f)
		}
	}
	s.main = main
	onlySub := len(main) == 0 && len(s.frames) > 0
	if onlySub {
		main = s.frames
	}
	for _, f := range main {
		if !f.quoted {
			outside = append(outside, f)
		}
	}
	s.outside = outside
	chosen := outside
	if len(chosen) == 0 {
		chosen = main
	}
	bare := len(outside) == 0 && s.startsQuoted()
	denyAt := -1
	if !onlySub {
		denyAt = s.denialCue()
	}

	if len(chosen) == 0 {
		return s.noFrame(denyAt, bare)
	}
	r := Reading{Kind: Claim}
	var by *frame
	for k := range chosen {
		f := &chosen[k]
		switch {
		case f.kind == Denial:
		case f.class&(cLabel|cAttack) != 0 && s.labelsClaim(f.verb):
			f.kind = Denial
		case f.class&cReport != 0 && s.negates(f):
			f.kind = Denial
		}
		if f.kind == Denial && (by == nil || by.kind != Denial) {
			by = f
		} else if by == nil || by.kind != Denial && by.speaker == "" && f.speaker != "" {
			by = f
		}
	}
	r.Kind, r.Speaker, r.Cue = by.kind, by.speaker, s.toks[by.verb].text
	if r.Kind == Claim && denyAt >= 0 {
		r.Kind, r.Cue = Denial, s.toks[denyAt].text
	}
	if r.Kind == Claim && !onlySub {
		// A denial quoted by the deciding frame: `X reports: "Y denied ..."`.
		for k := range main {
			if f := &main[k]; f.kind == Denial {
				r.Kind, r.Cue = Denial, s.toks[f.verb].text
				if f.speaker != "" {
					r.Speaker = f.speaker
				}
				break
			}
		}
	}
	if sp, c := s.colonSpeaker(); c >= 0 && c > len(s.toks)/2 {
		r.Speaker = sp // "...: White House"
	}
	if r.Speaker == "" || indefinite(r.Speaker) {
		if sp := s.carrier(); sp != "" {
			r.Speaker = sp // "a ministry spokesperson said in a statement carried by KCNA"
		}
	}
	if bare && (by.resolved || r.Speaker == "" || by.quoted) && s.prev.Speaker != "" {
		r.Speaker = s.prev.Speaker
		by.resolved = true
	}
	// A speaker who was denying goes on denying: "He added that ...".
	if r.Kind == Claim && s.prev.Kind == Denial && (by.resolved || sharesName(r.Speaker, s.prev.Speaker)) {
		r.Kind = Denial
	}
	r.Continues = by.resolved && r.Speaker != "" && r.Speaker == s.prev.Speaker
	if r.Speaker == "" && s.prev.Kind != Context {
		r.Speaker = s.prev.Speaker
	}
	return r
}

// noFrame decides a sentence with no cue verb: a headline attribution ("US:
// ...", "...: White House"), a denial word, a quote continuing the previous
// sentence, a hedge, or context.
func (s *scan) noFrame(denyAt int, bare bool) Reading {
	var r Reading
	speaker, colon := s.colonSpeaker()
	switch {
	case denyAt >= 0 && s.question():
		r = Reading{Kind: Claim, Speaker: speaker, Cue: "?"} // "Real or hoax?"
	case denyAt >= 0:
		r = Reading{Kind: Denial, Speaker: speaker, Cue: s.toks[denyAt].text}
		if speaker == "" {
			r.Speaker = s.openingName()
		}
	case colon >= 0:
		f := frame{verb: colon, inverted: colon > len(s.toks)/2, subjStart: -1}
		if f.inverted {
			f.subjStart = colon + 1
		}
		if s.negates(&f) {
			return Reading{Kind: Denial, Speaker: speaker, Cue: ":"} // "Mexico prosecutor: students not in graves"
		}
		return Reading{Kind: Claim, Speaker: speaker, Cue: ":"}
	case bare && s.prev.Kind != Context:
		return Reading{Kind: s.prev.Kind, Speaker: s.prev.Speaker, Cue: "quote"}
	default:
		for i := range s.toks {
			t := &s.toks[i]
			if t.word() && !t.sub && t.class&(cHedge|cClaimNoun) != 0 {
				r = Reading{Kind: Claim, Cue: t.text}
				// "the allegations made by Canadian PM Justin Trudeau"
				k := i + 1
				if k < len(s.toks) && s.toks[k].low == "made" {
					k++
				}
				if k+1 < len(s.toks) && s.toks[k].low == "by" {
					a, b := s.forwardNP(k + 1)
					var f frame
					s.setSpeaker(&f, a, b)
					r.Speaker = f.speaker
				}
				break
			}
		}
	}
	if r.Kind != Context && (r.Speaker == "" || bare) && s.prev.Kind != Context {
		r.Speaker = s.prev.Speaker
	}
	return r
}

// question reports whether the sentence ends with a question mark.
func (s *scan) question() bool {
	for k := len(s.toks) - 1; k >= 0; k-- {
		if t := &s.toks[k]; t.punct == '.' {
			return t.text == "?"
		} else if t.word() {
			return false
		}
	}
	return false
}

// startsQuoted reports whether the sentence opens inside a quotation.
func (s *scan) startsQuoted() bool {
	return len(s.toks) > 0 && (s.toks[0].punct == '"' && s.toks[0].open || s.toks[0].quoted)
}

// openingName is the run of name words the sentence opens with, if any
// ("North Korea on Sunday issued a denial ...").
func (s *scan) openingName() string {
	if len(s.toks) == 0 || !s.isName(0) || s.toks[0].class&(cClaimNoun|cDenyWord|cHedge) != 0 {
		return ""
	}
	b := 1
	for b < len(s.toks) && b < maxSpeaker && s.isName(b) {
		b++
	}
	// Not in a headline, nor a dateline ("Pyongyang, December 23").
	if s.titleCase || b < len(s.toks) && s.toks[b].punct == ',' {
		return ""
	}
	return s.join(0, b)
}

// colonSpeaker finds a headline attribution: up to four name or title words
// before the first colon ("US: ...") or after the last one ("...: White
// House"). It returns the speaker and the colon's index, -1 if none.
func (s *scan) colonSpeaker() (string, int) {
	n := len(s.toks)
	for c := 1; c < n && c <= 5; c++ {
		if s.toks[c].punct != ':' {
			continue
		}
		if s.nameRun(0, c) && !(c == 1 && len(s.toks[0].text) > 3 && strings.ToUpper(s.toks[0].text) == s.toks[0].text) {
			var f frame
			s.setSpeaker(&f, 0, c)
			return f.speaker, c
		}
		break
	}
	end := n
	for end > 0 && !s.toks[end-1].word() {
		end--
	}
	for c := end - 1; c >= 0 && c >= end-5; c-- {
		if s.toks[c].punct == ':' {
			if c+1 < end && s.nameRun(c+1, end) {
				return s.join(c+1, end), c
			}
			break
		}
	}
	return "", -1
}

// nameRun reports whether [a, b) are all name or title words, not furniture.
func (s *scan) nameRun(a, b int) bool {
	if b <= a {
		return false
	}
	for k := a; k < b; k++ {
		t := &s.toks[k]
		if !t.word() || t.class&cFurn != 0 || !(s.isName(k) || t.class&cTitle != 0) {
			return false
		}
	}
	return true
}

// indefinite reports whether a speaker is an unnamed "a senior official".
func indefinite(sp string) bool {
	if !strings.HasPrefix(sp, "a ") && !strings.HasPrefix(sp, "an ") && !strings.HasPrefix(sp, "A ") && !strings.HasPrefix(sp, "An ") {
		return false
	}
	return !strings.ContainsFunc(sp[2:], unicode.IsUpper)
}

// carrier finds the agency that carried a statement: the name after
// "carried by", "published by", "quoted by", "cited by", "reported by".
func (s *scan) carrier() string {
	for i := 1; i+1 < len(s.toks); i++ {
		if s.toks[i].low != "by" {
			continue
		}
		switch s.toks[i-1].low {
		case "carried", "published", "quoted", "cited", "reported", "released", "issued":
		default:
			continue
		}
		a, b := s.forwardNP(i + 1)
		var f frame
		s.setSpeaker(&f, a, b)
		if strings.ContainsFunc(f.speaker, unicode.IsUpper) {
			return f.speaker
		}
	}
	return ""
}

// sharesName reports whether a and b have a capitalised word in common.
func sharesName(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	for _, w := range strings.Fields(a) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) && w != "The" {
			for _, v := range strings.Fields(b) {
				if strings.TrimSuffix(strings.TrimSuffix(v, "'s"), "’s") == strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s") {
					return true
				}
			}
		}
	}
	return false
}

// isLowerASCII reports whether w is ASCII without upper-case letters: its
// lower case is itself, and it holds no ’.
func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}
