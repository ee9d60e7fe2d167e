package extract

import (
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tree is the parsed page flattened in document (pre)order, so that every
// pass is a loop over a slice instead of a walk of pointers, a subtree is the
// index range [i, end), and what a pass learns about a node lives in a slice
// indexed like the nodes instead of a map keyed by pointers. Nothing is ever
// removed from the parsed tree: cutting a subtree marks its range dead, so the
// page text offsets taken before any cut stay true.
type tree struct {
	nodes []node
	dead  []bool   // removed by clean or cut
	st    []stats  // per node, filled by measure
	body  int32    // index of <body>, or -1
	words []string // classWords' scratch: one element's words at a time
}

// classWords is classWords(s) in t's scratch slice, valid until the next call.
func (t *tree) classWords(s string) []string {
	t.words = appendClassWords(t.words[:0], s)
	return t.words
}

// classIDWords is appendClassIDWords(n) in t's scratch slice, valid until
// the next call.
func (t *tree) classIDWords(n *node) []string {
	t.words = appendClassIDWords(t.words[:0], n)
	return t.words
}

// node is one parsed node in the flat tree: an html.Node's fields that the
// passes read (Data is the tag name or the text; Attr holds keptAttrs only).
type node struct {
	Type     html.NodeType
	DataAtom atom.Atom
	Data     string
	Attr     []html.Attribute
	parent   int32 // -1 for the root
	end      int32 // one past the last descendant
	page     int32 // text nodes: UTF-16 offset in the page text; -1 when not in it
}

// pageTextSkip are the elements whose text is not in the page text, as the
// extension's TreeWalker over document.body sees it.
var pageTextSkip = atomSet(atom.Script, atom.Style, atom.Noscript, atom.Template)

// children calls f on each live child of i, in order.
func (t *tree) children(i int32, f func(c int32)) {
	for c := i + 1; c < t.nodes[i].end; c = t.nodes[c].end {
		if !t.dead[c] {
			f(c)
		}
	}
}

// kill marks the subtree of i dead.
func (t *tree) kill(i int32) {
	for j := i; j < t.nodes[i].end; j++ {
		t.dead[j] = true
	}
}

func (t *tree) isElement(i int32) bool { return t.nodes[i].Type == html.ElementNode }
func (t *tree) atom(i int32) atom.Atom { return t.nodes[i].DataAtom }

// isAncestor reports whether a holds n (a != n).
func (t *tree) isAncestor(a, n int32) bool { return a < n && n < t.nodes[a].end }

// commonAncestor returns the nearest node that holds both a and b.
func (t *tree) commonAncestor(a, b int32) int32 {
	for p := a; p >= 0; p = t.nodes[p].parent {
		if p == b || t.isAncestor(p, b) {
			return p
		}
	}
	return a
}

// textOf returns the folded text of the live part of i's subtree, at most
// 64 KB of it.
func (t *tree) textOf(i int32) string {
	var b []byte
	for j := i; j < t.nodes[i].end && len(b) < 1<<16; j++ {
		if t.dead[j] {
			j = t.nodes[j].end - 1
			continue
		}
		if n := &t.nodes[j]; n.Type == html.TextNode {
			b = append(b, n.Data...)
			b = append(b, ' ')
		}
	}
	return fold(string(b))
}

// utf16Len is the length of s in UTF-16 code units (JavaScript string length).
// An invalid byte counts one unit, as the U+FFFD a browser decodes it to.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += max(1, utf16.RuneLen(r))
		i += size
	}
	return n
}
