package extract

import "bytes"

// Script and style contents are most of a news page's bytes, and no pass
// reads them (but JSON-LD's): the builder drops the Tokenizer's text token
// for them unread. Yet the Tokenizer still reads that text a byte at a time
// (Tokenizer.readByte, readScript: in wasm, a quarter of the extraction) to
// find where it ends. So when the builder has just opened a <script> or
// <style> whose text it would drop, it finds that end itself, with
// bytes.IndexByte over the page (word-at-a-time in wasm) and the Tokenizer's
// own rules, written out below state for state; and the Tokenizer, reset to
// its fresh state (a copy of it made at the start: its buffer and its map are
// reused, nothing allocated), goes on from there. Between two tokens the
// Tokenizer's only state is whether the next one is raw text (not after a
// raw text token) and AllowCDATA (never set here), so the tokens from the end
// of the text on are the same bytes read the same way: FuzzRawSplice holds
// the spliced token stream to a plain Tokenizer's on arbitrary input, and
// TestBuildLikeParse the tree to html.Parse's.

// rawSkipMin is the least text worth a reset: below it the Tokenizer reads
// the text faster than the reset's copy of its state and the bytes it had
// buffered past the tag, read again.
const rawSkipMin = 256

// rawTextEnd returns where the raw text at the start of s ends for the
// Tokenizer after a start tag named tag ("script" or "style", lower-case):
// at the "</" of the first end tag of that name it takes for the end, or at
// len(s). It follows x/net/html's readRawOrRCDATA, and readScript for
// script's escaped states ("<!--" … "<script>" … "</script>" … "-->").
func rawTextEnd(s []byte, tag string) int {
	if tag == "script" {
		return scriptEnd(s)
	}
	for i := 0; ; {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			return len(s)
		}
		i += j + 1
		if i >= len(s) {
			return len(s)
		}
		if s[i] != '/' {
			continue // reconsumed
		}
		next, st := endTagAt(s, i+1, tag)
		switch st {
		case endMatch:
			return next - 3 - len(tag)
		case endEOF:
			return len(s)
		}
		i = next
	}
}

// End tag matches, as readRawEndTag ends.
const (
	endNone  = iota // no end tag: go on from next, the byte that did not match
	endMatch        // "</" tag and a delimiter; next is past the delimiter
	endEOF          // the input ended first
)

// endTagAt reads tag (any case) and a delimiter at s[i:], after a "</", as
// the Tokenizer's readRawEndTag does.
func endTagAt(s []byte, i int, tag string) (next, st int) {
	for k := 0; k < len(tag); k++ {
		if i >= len(s) {
			return i, endEOF
		}
		if c := s[i]; c != tag[k] && c != tag[k]-('a'-'A') {
			return i, endNone
		}
		i++
	}
	if i >= len(s) {
		return i, endEOF
	}
	switch s[i] {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return i + 1, endMatch
	}
	return i, endNone
}

// scriptEnd is rawTextEnd for a script: the Tokenizer's readScript, one
// label per state (double tells the double escaped ones), i the next byte
// to read. Reading past the end ends the
// text there.
func scriptEnd(s []byte) int {
	n := len(s)
	i, j, st := 0, 0, 0
	var c byte
	// The double escaped states ("<!--<script>" … "</script>") are the
	// escaped ones but for what "<" leads to.
	double := false

scriptData:
	if j = bytes.IndexByte(s[i:], '<'); j < 0 {
		return n
	}
	i += j + 1
	// script data less-than sign
	if i >= n {
		return n
	}
	c, i = s[i], i+1
	switch c {
	case '/':
		goto scriptDataEndTagOpen
	case '!':
		goto scriptDataEscapeStart
	}
	i--
	goto scriptData

scriptDataEndTagOpen:
	if i, st = endTagAt(s, i, "script"); st == endMatch {
		return i - len("</script>")
	} else if st == endEOF {
		return n
	}
	goto scriptData

scriptDataEscapeStart:
	if i >= n {
		return n
	}
	if s[i] != '-' {
		goto scriptData
	}
	i++
	// script data escape start dash
	if i >= n {
		return n
	}
	if s[i] != '-' {
		goto scriptData
	}
	i++
	goto scriptDataEscapedDashDash

scriptDataEscaped: // or double escaped: the same but for "<"
	for ; i < n; i++ {
		if c = s[i]; c == '-' || c == '<' {
			break
		}
	}
	if i >= n {
		return n
	}
	i++
	if c == '<' {
		goto escapedLessThanSign
	}
	// (double) escaped dash
	if i >= n {
		return n
	}
	c, i = s[i], i+1
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto escapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash: // or double escaped dash dash
	if i >= n {
		return n
	}
	c, i = s[i], i+1
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto escapedLessThanSign
	case '>':
		double = false
		goto scriptData
	}
	goto scriptDataEscaped

escapedLessThanSign:
	if i >= n {
		return n
	}
	c, i = s[i], i+1
	if double {
		// script data double escaped less-than sign: only "</" can lead
		// out, and a "</script>" goes back to the escaped state, past
		// the tag (double escape end).
		if c != '/' {
			i--
			goto scriptDataEscaped
		}
		if i, st = endTagAt(s, i, "script"); st == endEOF {
			return n
		} else if st == endMatch {
			double = false
		}
		goto scriptDataEscaped
	}
	if c == '/' {
		if i, st = endTagAt(s, i, "script"); st == endMatch {
			return i - len("</script>")
		} else if st == endEOF {
			return n
		}
		goto scriptDataEscaped
	}
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
		// script data double escape start: the letter is read again
		i--
		for k := 0; k < len("script"); k++ {
			if i >= n {
				return n
			}
			if c = s[i]; c != "script"[k] && c != "SCRIPT"[k] {
				goto scriptDataEscaped
			}
			i++
		}
		if i >= n {
			return n
		}
		switch s[i] {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			i++
			double = true
		}
		goto scriptDataEscaped
	}
	i--
	goto scriptData
}
