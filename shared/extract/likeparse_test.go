package extract

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseTree is the reference: html.Parse's tree flattened the way build
// lays out its own, with only keptAttrs and without doctype nodes.
func parseTree(page []byte) (*tree, error) {
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	t := &tree{body: -1}
	var u16 int32
	var add func(n *html.Node, parent int32, inBody, skip bool, depth int)
	add = func(n *html.Node, parent int32, inBody, skip bool, depth int) {
		if n.Type == html.DoctypeNode {
			return
		}
		// build keeps no script or style text but JSON-LD's.
		if p := n.Parent; n.Type == html.TextNode && p != nil && (p.DataAtom == atom.Script || p.DataAtom == atom.Style) &&
			p.Namespace == "" && !(p.DataAtom == atom.Script && strings.EqualFold(strings.TrimSpace(attrOf(p, "type")), "application/ld+json")) {
			return
		}
		i := int32(len(t.nodes))
		nd := node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, parent: parent, page: -1}
		if n.Type == html.CommentNode {
			nd.Data = ""
		}
		for _, a := range n.Attr {
			if keptKey([]byte(a.Key)) != "" && a.Namespace == "" {
				nd.Attr = append(nd.Attr, html.Attribute{Key: a.Key, Val: a.Val})
			}
		}
		t.nodes = append(t.nodes, nd)
		switch n.Type {
		case html.TextNode:
			if inBody && !skip {
				t.nodes[i].page = u16
				u16 += int32(utf16Len(n.Data))
			}
		case html.ElementNode:
			if n.DataAtom == atom.Body && t.body < 0 && n.Namespace == "" {
				t.body, inBody = i, true
			}
			skip = skip || pageTextSkip.has(n.DataAtom)
		}
		if depth < limits.maxDepth {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				add(c, i, inBody, skip, depth+1)
			}
		}
		t.nodes[i].end = int32(len(t.nodes))
	}
	add(root, -1, false, false, 0)
	return t, nil
}

// treeDiff describes the first node where two trees differ, "" if none.
func treeDiff(got, want *tree) string {
	path := func(t *tree, i int32) string {
		var p []string
		for ; i >= 0; i = t.nodes[i].parent {
			n := &t.nodes[i]
			s := n.Data
			if n.Type == html.TextNode {
				s = "#text"
			}
			if n.Type == html.CommentNode {
				s = "#comment"
			}
			p = append([]string{s}, p...)
		}
		return strings.Join(p, ">")
	}
	for i := int32(0); i < int32(min(len(got.nodes), len(want.nodes))); i++ {
		g, w := &got.nodes[i], &want.nodes[i]
		// svg tag names differ in case only (html.Parse writes feColorMatrix).
		same := g.Type == w.Type && g.DataAtom == w.DataAtom && strings.EqualFold(g.Data, w.Data) && g.parent == w.parent &&
			g.page == w.page && len(g.Attr) == len(w.Attr)
		for k := 0; same && k < len(g.Attr); k++ {
			same = g.Attr[k] == w.Attr[k]
		}
		if !same {
			return "node " + itoa(int(i)) + ": got " + path(got, i) + " " + clipData(g.Data) + attrString(g.Attr) +
				"; want " + path(want, i) + " " + clipData(w.Data) + attrString(w.Attr)
		}
	}
	for i := int32(0); i < int32(min(len(got.nodes), len(want.nodes))); i++ {
		if got.nodes[i].end != want.nodes[i].end {
			return "node " + itoa(int(i)) + " " + path(got, i) + ": end " + itoa(int(got.nodes[i].end)) + ", want " + itoa(int(want.nodes[i].end))
		}
	}
	if len(got.nodes) != len(want.nodes) {
		return "node count: got " + itoa(len(got.nodes)) + ", want " + itoa(len(want.nodes))
	}
	return ""
}

func clipData(s string) string {
	if len(s) > 60 {
		s = s[:60]
	}
	return "\"" + s + "\""
}

func itoa(n int) string { return fmtInt(n) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// expectLikeParse checks that build gives html.Parse's tree for page.
func expectLikeParse(t *testing.T, page string) {
	t.Helper()
	want, werr := parseTree([]byte(page))
	got, gerr := build([]byte(page), strings.Count(page, "<"), new(scratch))
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%q: error %v, html.Parse's %v", page, gerr, werr)
	}
	if werr != nil {
		return
	}
	if d := treeDiff(got, want); d != "" {
		t.Errorf("%q: %s", page, d)
	}
}

func attrString(as []html.Attribute) string {
	s := ""
	for _, a := range as {
		s += " " + a.Key + "=" + clipData(a.Val)
	}
	return s
}

// TestBuildLikeParse holds the builder to html.Parse on the tree-construction
// corners that move text: implied tags, unclosed and stray end tags,
// formatting elements re-opened and adopted, tables and foster parenting,
// raw text, svg, and what comes before <body> or after </body>.
func TestBuildLikeParse(t *testing.T) {
	for _, page := range []string{
		`plain text`,
		`<p>one<p>two<div>three</div>`,
		"<!DOCTYPE html>\n<html lang=en>\n<head>\n<title>T</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n<!-- c -->\n",
		"\t<meta name=a content=b>\t<title>T</title> <script>var a = '<p>';</script>\n<div>x</div>",
		`<head id=h><link rel=canonical href=/a></head> <script>1</script> <body class=b><p>x`,
		`<ul><li>a<li>b<ul><li>c</ul><li>d</ul><dl><dt>t<dd>d<dt>u</dl>`,
		`<h1>a<h2>b</h1>c`,
		`<p>a</span>b</div>c</p></p>d`,
		`<p><b>bold<p>more</b> after`,
		`<p><a href=x>link<p>text</a>`,
		`<a href=1>one<a href=2>two</a>`,
		`<b>1<div>2</b>3</div>4`,
		`<a class=z id=y href=x>s</a><b class=b class=a>t</b>`,
		`<table><tr><td>a<td>b<tr><th>c</table>`,
		`<table>lost<tr>text<td>cell</td>more</tr></table>`,
		`<table><colgroup><col><col></colgroup><caption>c</caption><thead><tr><td>h</table>`,
		`<!DOCTYPE html><table><td><p>a<table><td>nested</table>b</table>`,
		`<div><table><b>x</b><tr><td>y</td></tr></table></div>`,
		`<pre>` + "\n" + `code</pre><textarea>` + "\n\nt</textarea><listing>\nl</listing>",
		`<p>x<noscript><p>no</p></noscript><template><p>t</p></template><style>p{}</style>`,
		`<svg><title>i</title><path/><g><text>s</text></g></svg><p>after`,
		`<svg><p>breaks out</svg><math><mi>x</mi></math>`,
		`<form><form><p>inner</form>text</form>`,
		`<button><p>a<button>b</button>`,
		`<select><option>a<option>b</select><object><p>o</object>`,
		`<x-custom><p>a</x-custom>b</p>`,
		`<body><p>a</p></body><p>after body</p></html>tail`,
		`<html><body a=1><body b=2><html lang=x>`,
		"a\x00b<p>c\x00d",
		`<br></br><p></br>x<hr><image src=x>`,
		`<i><b><s><u>deep</i>text`,
		`<nobr>a<nobr>b`,
		`<dd>a<dt>b<li>c`,
		`<template><B>text in a head template`,
		`<table><b><td>0<tr>fostered into a re-opened b`,
		`<table><div>x<td>cell</table>`,
		`<head><template><div><p>t</div></template><meta name=a content=b></head><body><p>y`,
	} {
		expectLikeParse(t, page)
	}
}

// TestBuildTooDeep: nesting past html.Parse's 512 open elements is refused.
func TestBuildTooDeep(t *testing.T) {
	expectLikeParse(t, strings.Repeat("<div>", 600))
	expectLikeParse(t, strings.Repeat("<div>", 500)+strings.Repeat("<b>", 20))
	if _, err := build([]byte(strings.Repeat("<span>", 600)), 600, new(scratch)); err == nil {
		t.Error("600 open elements: no error")
	}
}

// FuzzBuild: any input gives a well-formed tree (every subtree nested in its
// parent's range) or an error, never a panic.
func FuzzBuild(f *testing.F) {
	for _, s := range []string{`<p>a<table>b<tr><td>c</table>`, `<b><div><a>x</b>y</a>`, `<svg><p>z`,
		`<head><body>` + strings.Repeat("<i>", 40) + `<p>`, `<table><colgroup><td>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		tr, err := build(page, bytes.Count(page, []byte("<")), new(scratch))
		if err != nil {
			return
		}
		for i, n := range tr.nodes {
			if n.end <= int32(i) || n.end > int32(len(tr.nodes)) {
				t.Fatalf("node %d: end %d", i, n.end)
			}
			if p := n.parent; p >= 0 && (p >= int32(i) || tr.nodes[p].end < n.end) {
				t.Fatalf("node %d: parent %d does not hold it", i, p)
			}
		}
	})
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestKeptKey: every kept attribute is found, as itself, and nothing else.
func TestKeptKey(t *testing.T) {
	for _, k := range keptAttrs {
		if got := keptKey([]byte(k)); got != k {
			t.Errorf("keptKey(%q) = %q", k, got)
		}
	}
	for _, k := range []string{"", "i", "src", "ids", "clas", "classes", "data-id", "aria-hiddenx", "CLASS"} {
		if got := keptKey([]byte(k)); got != "" {
			t.Errorf("keptKey(%q) = %q, want none", k, got)
		}
	}
}
