package extract

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// seg is one word of the body text and where it stands in the page text.
// Words are written out unchanged, only the white space between them is
// folded, so within a word a byte of the body is a character of the page.
type seg struct {
	doc  int32 // byte offset of the word in the body (Doc.Text(), or a paragraph while it is written)
	len  int32 // its length in bytes
	page int32 // its UTF-16 offset in the page text
}

// posMap maps byte offsets of the body back to the page text.
type posMap struct {
	text string // the body as it was when the map was made
	segs []seg  // in body order
}

// PagePosition maps the byte range [start, end) of d.Text() to the same
// text's range in the page text, in UTF-16 code units: the page text is the
// concatenation, in document order, of every text node under <body> outside
// <script>, <style>, <noscript> and <template>, which is what a DOM
// TreeWalker over document.body shows the extension. White space the
// extractor folded or added (between words, between paragraphs) is skipped
// at both ends of the range. ok is false when the body did not come from the
// page's elements (it came from JSON-LD), when the paragraphs were changed
// after Extract, or when the range holds no word.
func (d *Doc) PagePosition(start, end int) (pageStart, pageEnd int, ok bool) {
	m := d.pos
	if m == nil || len(m.segs) == 0 || start < 0 || end > len(m.text) || start >= end || !d.sameText(m.text) {
		return 0, 0, false
	}
	// The first word that ends after start, and the last that starts before end.
	i := sort.Search(len(m.segs), func(k int) bool { return int(m.segs[k].doc+m.segs[k].len) > start })
	j := sort.Search(len(m.segs), func(k int) bool { return int(m.segs[k].doc) >= end }) - 1
	if i >= len(m.segs) || j < i {
		return 0, 0, false
	}
	a, b := m.segs[i], m.segs[j]
	from := max(start, int(a.doc))
	to := min(end, int(b.doc+b.len))
	pageStart = int(a.page) + utf16Len(m.text[a.doc:from])
	pageEnd = int(b.page) + utf16Len(m.text[b.doc:to])
	return pageStart, pageEnd, pageEnd > pageStart
}

// sameText reports whether the paragraphs still make text, without joining
// them.
func (d *Doc) sameText(text string) bool {
	off := 0
	for k, p := range d.Paragraphs {
		if k > 0 {
			if off+2 > len(text) || text[off:off+2] != "\n\n" {
				return false
			}
			off += 2
		}
		if off+len(p) > len(text) || text[off:off+len(p)] != p {
			return false
		}
		off += len(p)
	}
	return off == len(text)
}

// utf16Units counts a rune's UTF-16 code units, one for an invalid byte.
func utf16Units(r rune) int32 {
	if r == utf8.RuneError {
		return 1
	}
	return int32(max(1, utf16.RuneLen(r)))
}
