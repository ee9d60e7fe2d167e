package extract

import (
	"bytes"

	"golang.org/x/net/html"
)

// The lexer splits a page into the tokens x/net/html's Tokenizer gives, the
// same tokens with the same bytes, but reads the page in place. The
// Tokenizer reads through an io.Reader one byte per call into a buffer of
// its own, copies every attribute's key and value twice (TagAttr replaces
// NULs with a copy even when there is none) and a key once more to check for
// duplicates: in wasm that was most of the extraction's time and garbage. Here
// text is found with bytes.IndexByte, a token's text and attributes are
// ranges of the page until the builder asks for them, and only what carries
// a NUL, a CR or a character reference is rewritten.
//
// What it leaves to the Tokenizer, which then runs on one token's bytes:
// attribute values with a character reference ('&'), whose rules inside an
// attribute have no public function, and a script that holds "<!--", whose
// escaped states decide where it ends. Both are rare in news pages; the
// builder's other token rules are unchanged. FuzzLexLikeTokenizer holds the
// two token streams equal.

// lattr is a start tag's attribute: its key and value as ranges of the page.
type lattr struct{ k0, k1, v0, v1 int32 }

// lexer is the token stream of one page.
type lexer struct {
	buf     []byte
	pos     int // the next byte to read
	start   int // the current token's first byte
	tagAt   int // the last start tag's first byte
	rawTag  string
	tt      html.TokenType
	d0, d1  int  // a text token's text, a tag token's name: a range of buf
	rawText bool // the text is raw-text content: no character references
	nulText bool // NULs in the text become U+FFFD
	attrs   []lattr
	names   map[string]bool // a tag's keys, lower-cased, once it has many
	tbuf    []byte          // the text of the last token that needed rewriting
}

// manyAttrs is where seen turns from comparing keys pairwise to a map (a
// hostile tag may have a hundred thousand).
const manyAttrs = 32

// rawTags are the elements whose content the lexer reads as text up to
// their end tag (as the Tokenizer, which does not know the context, does).
var rawTags = stringSet("iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp")

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// next reads the next token and returns its type; ErrorToken at the end of
// the input, or for a tag the input ends inside.
func (z *lexer) next() html.TokenType {
	z.tt = z.scan()
	return z.tt
}

func (z *lexer) scan() html.TokenType {
	z.start, z.d0, z.d1 = z.pos, z.pos, z.pos
	z.rawText, z.nulText = false, false
	if z.pos >= len(z.buf) {
		return html.ErrorToken
	}
	if z.rawTag != "" {
		tag := z.rawTag
		z.rawTag = ""
		end := z.rawEnd(tag)
		if end > z.pos {
			z.d0, z.d1, z.pos = z.pos, end, end
			z.rawText = tag != "textarea" && tag != "title"
			z.nulText = true
			return html.TextToken
		}
	}
	for from := z.pos; ; {
		k := bytes.IndexByte(z.buf[from:], '<')
		if k < 0 || from+k+1 >= len(z.buf) {
			// The text runs to the end ('<' as the last byte included).
			z.d1, z.pos = len(z.buf), len(z.buf)
			return html.TextToken
		}
		lt := from + k
		c := z.buf[lt+1]
		if !isLetter(c) && c != '/' && c != '!' && c != '?' {
			from = lt + 1
			continue
		}
		if lt > z.start {
			// The text before the tag is a token of its own.
			z.d1, z.pos = lt, lt
			return html.TextToken
		}
		z.pos = lt + 2
		switch {
		case isLetter(c):
			return z.tag(true)
		case c == '/':
			return z.endTag()
		case c == '!':
			return z.markup()
		}
		// "<?": a bogus comment, from the '?' to the next '>'.
		z.pos = lt + 1
		z.untilGT()
		return html.CommentToken
	}
}

// rawEnd returns where the text of raw-text element tag ends: at its end
// tag, or at the end of the input.
func (z *lexer) rawEnd(tag string) int {
	if tag == "plaintext" {
		return len(z.buf)
	}
	for from := z.pos; ; {
		k := bytes.IndexByte(z.buf[from:], '<')
		if k < 0 {
			return len(z.buf)
		}
		lt := from + k
		if tag == "script" && bytes.HasPrefix(z.buf[lt+1:], []byte("!--")) {
			return z.scriptEnd()
		}
		if z.isEndTag(lt, tag) {
			return lt
		}
		from = lt + 1
	}
}

// isEndTag reports whether "</tag" and a white space, '/' or '>' stand at lt.
func (z *lexer) isEndTag(lt int, tag string) bool {
	e := lt + 2 + len(tag)
	if e >= len(z.buf) || z.buf[lt+1] != '/' {
		return false
	}
	for i := 0; i < len(tag); i++ {
		if lowerByte(z.buf[lt+2+i]) != tag[i] {
			return false
		}
	}
	switch z.buf[e] {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return true
	}
	return false
}

// scriptEnd is where a script that holds "<!--" ends, as the Tokenizer
// decides it: it tokenizes the script's start tag and text again.
func (z *lexer) scriptEnd() int {
	t := html.NewTokenizer(bytes.NewReader(z.buf[z.tagAt:]))
	t.Next()
	n := len(t.Raw())
	if t.Next() != html.TextToken {
		return z.pos
	}
	return z.tagAt + n + len(t.Raw())
}

// untilGT ends a bogus comment: past the next '>', or at the end.
func (z *lexer) untilGT() {
	if k := bytes.IndexByte(z.buf[z.pos:], '>'); k >= 0 {
		z.pos += k + 1
	} else {
		z.pos = len(z.buf)
	}
}

// endTag reads what follows "</".
func (z *lexer) endTag() html.TokenType {
	if z.pos >= len(z.buf) {
		// "</" at the end is text.
		z.d1 = len(z.buf)
		return html.TextToken
	}
	c := z.buf[z.pos]
	switch {
	case c == '>':
		z.pos++ // "</>" is an empty comment
		return html.CommentToken
	case isLetter(c):
		z.pos++
		return z.tag(false)
	}
	z.untilGT()
	return html.CommentToken
}

// markup reads what follows "<!": a comment, a doctype or a bogus comment.
func (z *lexer) markup() html.TokenType {
	rest := z.buf[z.pos:]
	if len(rest) < 2 {
		z.pos = len(z.buf)
		return html.CommentToken
	}
	if rest[0] == '-' && rest[1] == '-' {
		z.pos += 2
		z.comment()
		return html.CommentToken
	}
	const doctype = "doctype"
	if len(rest) >= len(doctype) && asciiFoldEq(rest[:len(doctype)], []byte(doctype)) {
		// The builder ignores a doctype; where it ends is all that matters.
		z.pos += len(doctype)
		z.untilGT()
		return html.DoctypeToken
	}
	z.untilGT()
	return html.CommentToken
}

// comment finds the end of a comment whose "<!--" has been read: "-->",
// "--!>", or a '>' right after the opening dashes ("<!-->", "<!--->").
func (z *lexer) comment() {
	dashes, opening := 0, true
	for z.pos < len(z.buf) {
		c := z.buf[z.pos]
		z.pos++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || opening {
				return
			}
		case '!':
			if dashes >= 2 && z.pos < len(z.buf) {
				switch z.buf[z.pos] {
				case '>':
					z.pos++
					return
				case '-':
					z.pos++
					dashes, opening = 1, false
					continue
				}
				// Anything else is read again as comment text.
			} else if dashes >= 2 {
				return // the end of the input
			}
		}
		dashes, opening = 0, false
	}
}

func isTagSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

func (z *lexer) skipSpace() {
	for z.pos < len(z.buf) && isTagSpace(z.buf[z.pos]) {
		z.pos++
	}
}

// tag reads a start (start) or end tag whose name's first letter has been
// read, up to its '>', and the attributes of a start tag: the first of each
// key, keys not empty. A tag the input ends in is an ErrorToken.
func (z *lexer) tag(start bool) html.TokenType {
	z.attrs = z.attrs[:0]
	n0 := z.pos - 1
	for z.pos < len(z.buf) && !isTagSpace(z.buf[z.pos]) && z.buf[z.pos] != '/' && z.buf[z.pos] != '>' {
		z.pos++
	}
	z.d0, z.d1 = n0, z.pos
	var last lattr
	for {
		z.skipSpace()
		if z.pos >= len(z.buf) {
			z.pos = len(z.buf)
			return html.ErrorToken
		}
		if z.buf[z.pos] == '>' {
			z.pos++
			break
		}
		a, ok := z.attr()
		if !ok {
			z.pos = len(z.buf)
			return html.ErrorToken
		}
		if start && a.k1 > a.k0 && !z.seen(a) {
			z.attrs = append(z.attrs, a)
			last = a
		}
	}
	if !start {
		return html.EndTagToken
	}
	z.tagAt = z.start
	name := z.buf[z.d0:z.d1]
	if len(name) <= len("plaintext") {
		var low [len("plaintext")]byte
		for i, c := range name {
			low[i] = lowerByte(c)
		}
		if rawTags[string(low[:len(name)])] {
			z.rawTag = string(low[:len(name)])
		}
	}
	slash := z.pos - 2
	if z.buf[slash] == '/' && (len(z.attrs) == 0 || slash != int(last.v1)-1) {
		return html.SelfClosingTagToken
	}
	return html.StartTagToken
}

// attr reads one attribute, key then value; false when the input ends.
func (z *lexer) attr() (lattr, bool) {
	var a lattr
	a.k0 = int32(z.pos)
	for i := z.pos; ; i++ {
		if i >= len(z.buf) {
			return a, false
		}
		c := z.buf[i]
		if c == '=' && i == z.pos {
			continue // a key may begin with '='
		}
		if isTagSpace(c) || c == '/' || c == '>' || c == '=' {
			z.pos = i
			break
		}
	}
	a.k1 = int32(z.pos)
	a.v0, a.v1 = a.k1, a.k1
	z.skipSpace()
	if z.pos >= len(z.buf) {
		return a, false
	}
	switch z.buf[z.pos] {
	case '/':
		z.pos++
		return a, true
	case '=':
		z.pos++
	default:
		return a, true
	}
	z.skipSpace()
	if z.pos >= len(z.buf) {
		return a, false
	}
	switch q := z.buf[z.pos]; q {
	case '>':
		return a, true
	case '"', '\'':
		k := bytes.IndexByte(z.buf[z.pos+1:], q)
		if k < 0 {
			return a, false
		}
		a.v0, a.v1 = int32(z.pos+1), int32(z.pos+1+k)
		z.pos += k + 2
		return a, true
	}
	a.v0 = int32(z.pos)
	for i := z.pos + 1; i < len(z.buf); i++ {
		switch z.buf[i] {
		case ' ', '\n', '\r', '\t', '\f':
			a.v1, z.pos = int32(i), i+1
			return a, true
		case '>':
			a.v1, z.pos = int32(i), i
			return a, true
		}
	}
	return a, false
}

// seen reports whether a start tag's attributes already have a's key (ASCII
// case folded, as the Tokenizer compares them).
func (z *lexer) seen(a lattr) bool {
	key := z.buf[a.k0:a.k1]
	if len(z.attrs) >= manyAttrs {
		if len(z.attrs) == manyAttrs {
			clear(z.names)
			if z.names == nil {
				z.names = map[string]bool{}
			}
			for _, b := range z.attrs {
				z.names[string(asciiLower(z.buf[b.k0:b.k1]))] = true
			}
		}
		k := string(asciiLower(key))
		if z.names[k] {
			return true
		}
		z.names[k] = true
		return false
	}
	for _, b := range z.attrs {
		if int(b.k1-b.k0) == len(key) && asciiFoldEq(z.buf[b.k0:b.k1], key) {
			return true
		}
	}
	return false
}

// asciiFoldEq is bytes.EqualFold for ASCII letters only (the Tokenizer's
// lower-casing).
func asciiFoldEq(a, b []byte) bool {
	for i := range a {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// asciiLower returns a lower-cased copy of s (ASCII letters only).
func asciiLower(s []byte) []byte {
	out := make([]byte, len(s))
	for i, c := range s {
		out[i] = lowerByte(c)
	}
	return out
}

// raw returns the current token's bytes.
func (z *lexer) raw() []byte { return z.buf[z.start:z.pos] }

// text returns a text token's text as the Tokenizer's Text does: CR LF and
// CR as LF, NUL as U+FFFD in raw text, character references decoded outside
// raw text. It may be a part of the page: the caller must not change it.
func (z *lexer) text() []byte {
	s := z.buf[z.d0:z.d1]
	special := bytes.IndexByte(s, '\r') >= 0 || z.nulText && bytes.IndexByte(s, 0) >= 0
	amp := !z.rawText && bytes.IndexByte(s, '&') >= 0
	if !special && !amp {
		return s
	}
	z.tbuf = appendClean(z.tbuf[:0], s, z.nulText)
	if amp {
		z.tbuf = []byte(html.UnescapeString(string(z.tbuf)))
	}
	return z.tbuf
}

// appendClean appends s with CR LF and CR as LF and, when nul, NUL as U+FFFD.
func appendClean(dst, s []byte, nul bool) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\r':
			dst = append(dst, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == 0 && nul:
			dst = append(dst, "\ufffd"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// appendAttrVal appends the value of the start tag's attribute k as the
// Tokenizer's TagAttr gives it.
func (z *lexer) appendAttrVal(dst []byte, k int) []byte {
	a := z.attrs[k]
	v := z.buf[a.v0:a.v1]
	if bytes.IndexByte(v, '&') >= 0 {
		// A character reference: the Tokenizer decodes the tag again.
		t := html.NewTokenizer(bytes.NewReader(z.raw()))
		t.Next()
		for i, more := 0, true; more; i++ {
			var val []byte
			_, val, more = t.TagAttr()
			if i == k {
				return append(dst, val...)
			}
		}
		return dst
	}
	if bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0 {
		return append(dst, v...)
	}
	return appendClean(dst, v, true)
}
