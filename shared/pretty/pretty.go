// Package pretty stands in for github.com/tidwall/pretty in Retold's build
// (go.mod replaces that module with this directory). It is written for Retold
// and implements only what github.com/tidwall/gjson calls: Options,
// DefaultOptions, Pretty, PrettyOptions and Ugly, for gjson's @pretty and
// @ugly path modifiers.
//
// Why it exists. gjson builds its table of path modifiers at init, so every
// modifier stays in a binary that imports gjson, used or not. The original
// module decodes strings with encoding/json, which brings reflection-based
// JSON (about 230 KB of the extension's WebAssembly, a sixth of its code
// beyond the Go runtime) into every front end, although Retold never asks
// for @pretty or @ugly. This one works on the bytes alone.
//
// Design. Ugly copies the input without whitespace outside strings. Pretty
// reads the input into a small tree (scalars stay as their raw bytes) and
// writes it back indented: an object puts one member on each line, an array
// of scalars stays on one line when that line fits Options.Width, other
// arrays put one element on each line. Input that is not JSON comes back
// unchanged; nesting deeper than maxDepth is written without whitespace, so
// hostile input costs linear time and bounded stack.
package pretty

import (
	"bytes"
	"sort"
)

// Options says how Pretty lays the JSON out.
type Options struct {
	// Width is the longest line an array of scalars is kept on.
	Width int
	// Prefix starts every line.
	Prefix string
	// Indent is one level of indentation.
	Indent string
	// SortKeys sorts an object's members by their keys' bytes.
	SortKeys bool
}

// DefaultOptions is what Pretty uses: width 80, no prefix, two spaces.
var DefaultOptions = &Options{Width: 80, Prefix: "", Indent: "  ", SortKeys: false}

// maxDepth bounds the tree Pretty builds; deeper input is written compact.
const maxDepth = 512

// Pretty lays json out with DefaultOptions.
func Pretty(json []byte) []byte { return PrettyOptions(json, nil) }

// PrettyOptions lays json out one member or element a line, ending with a
// newline. opts nil means DefaultOptions. Input that is not one JSON value
// is returned as it came.
func PrettyOptions(json []byte, opts *Options) []byte {
	if opts == nil {
		opts = DefaultOptions
	}
	r := reader{b: json}
	r.space()
	v, ok := r.value(0)
	r.space()
	if !ok || r.i != len(json) {
		return append([]byte(nil), json...)
	}
	w := writer{o: opts}
	w.b = append(w.b, opts.Prefix...)
	w.value(&v, 0)
	return append(w.b, '\n')
}

// Ugly returns json without the whitespace outside its strings.
func Ugly(json []byte) []byte {
	out := make([]byte, 0, len(json))
	for i := 0; i < len(json); i++ {
		c := json[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			j := stringEnd(json, i)
			if j < 0 {
				j = len(json)
			}
			out = append(out, json[i:j]...)
			i = j - 1
			continue
		}
		out = append(out, c)
	}
	return out
}

// stringEnd returns the index just past the string that opens at json[i],
// or -1 when it is not closed.
func stringEnd(json []byte, i int) int {
	for j := i + 1; j < len(json); j++ {
		switch json[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// node is one JSON value: a scalar's raw bytes, or an object's or array's
// members (keys are raw quoted strings, nil in an array).
type node struct {
	kind byte // '{', '[' or 0 for a scalar
	raw  []byte
	keys [][]byte
	kids []node
}

type reader struct {
	b []byte
	i int
}

func (r *reader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value reads one value at r.i. Beyond maxDepth a container is kept as its
// compacted raw bytes.
func (r *reader) value(depth int) (node, bool) {
	if r.i >= len(r.b) {
		return node{}, false
	}
	switch c := r.b[r.i]; {
	case c == '"':
		j := stringEnd(r.b, r.i)
		if j < 0 {
			return node{}, false
		}
		v := node{raw: r.b[r.i:j]}
		r.i = j
		return v, true
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return r.compact()
		}
		return r.container(c, depth)
	default:
		start := r.i
		for r.i < len(r.b) && !delimiter(r.b[r.i]) {
			r.i++
		}
		if r.i == start {
			return node{}, false
		}
		return node{raw: r.b[start:r.i]}, true
	}
}

// delimiter reports whether c ends a bare scalar (a number, true, false,
// null).
func delimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', ':', '[', ']', '{', '}', '"':
		return true
	}
	return false
}

// container reads an object or an array that opens at r.i.
func (r *reader) container(open byte, depth int) (node, bool) {
	v := node{kind: open}
	end := byte(']')
	if open == '{' {
		end = '}'
	}
	r.i++
	r.space()
	if r.i < len(r.b) && r.b[r.i] == end {
		r.i++
		return v, true
	}
	for {
		r.space()
		var key []byte
		if open == '{' {
			k, ok := r.value(depth + 1)
			if !ok || k.kind != 0 || k.raw[0] != '"' {
				return node{}, false
			}
			key = k.raw
			r.space()
			if r.i >= len(r.b) || r.b[r.i] != ':' {
				return node{}, false
			}
			r.i++
			r.space()
		}
		kid, ok := r.value(depth + 1)
		if !ok {
			return node{}, false
		}
		v.keys, v.kids = append(v.keys, key), append(v.kids, kid)
		r.space()
		if r.i >= len(r.b) {
			return node{}, false
		}
		switch r.b[r.i] {
		case ',':
			r.i++
		case end:
			r.i++
			return v, true
		default:
			return node{}, false
		}
	}
}

// compact reads a container at r.i by bracket counting and keeps it as one
// raw value without whitespace.
func (r *reader) compact() (node, bool) {
	start, depth := r.i, 0
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case '"':
			if r.i = stringEnd(r.b, r.i); r.i < 0 {
				return node{}, false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				r.i++
				return node{raw: Ugly(r.b[start:r.i])}, true
			}
		}
		r.i++
	}
	return node{}, false
}

type writer struct {
	o *Options
	b []byte
}

func (w *writer) newline(depth int) {
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.o.Prefix...)
	for range depth {
		w.b = append(w.b, w.o.Indent...)
	}
}

func (w *writer) value(v *node, depth int) {
	if v.kind == 0 {
		w.b = append(w.b, v.raw...)
		return
	}
	end := byte(']')
	if v.kind == '{' {
		end = '}'
	}
	w.b = append(w.b, v.kind)
	if len(v.kids) == 0 {
		w.b = append(w.b, end)
		return
	}
	if v.kind == '[' && w.fitsOneLine(v, depth) {
		for i := range v.kids {
			if i > 0 {
				w.b = append(w.b, ", "...)
			}
			w.b = append(w.b, v.kids[i].raw...)
		}
		w.b = append(w.b, end)
		return
	}
	order := make([]int, len(v.kids))
	for i := range order {
		order[i] = i
	}
	if v.kind == '{' && w.o.SortKeys {
		sort.SliceStable(order, func(a, b int) bool { return bytes.Compare(v.keys[order[a]], v.keys[order[b]]) < 0 })
	}
	for n, i := range order {
		if n > 0 {
			w.b = append(w.b, ',')
		}
		w.newline(depth + 1)
		if v.kind == '{' {
			w.b = append(w.b, v.keys[i]...)
			w.b = append(w.b, ": "...)
		}
		w.value(&v.kids[i], depth+1)
	}
	w.newline(depth)
	w.b = append(w.b, end)
}

// fitsOneLine reports whether the array v holds only scalars and fits in
// Width on one line at this depth.
func (w *writer) fitsOneLine(v *node, depth int) bool {
	n := len(w.o.Prefix) + depth*len(w.o.Indent) + 2
	for i := range v.kids {
		if v.kids[i].kind != 0 {
			return false
		}
		n += len(v.kids[i].raw) + 2
	}
	return n-2 <= w.o.Width
}
