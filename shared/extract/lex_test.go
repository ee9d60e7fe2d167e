package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// tokensOf writes the Tokenizer's tokens of page, one a line: type, raw
// bytes, and the text, name and attributes as the builder reads them. A
// start tag that holds "x-nr" is followed by NextIsNotRawText, as the
// builder does in svg and math.
func tokensOf(page []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		fmt.Fprintf(&b, "%v %q", tt, z.Raw())
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			fmt.Fprintf(&b, " %q", z.Text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, more := z.TagName()
			fmt.Fprintf(&b, " %q", name)
			for more && tt != html.EndTagToken {
				var k, v []byte
				k, v, more = z.TagAttr()
				fmt.Fprintf(&b, " %q=%q", k, v)
			}
			if bytes.Contains(z.Raw(), []byte("x-nr")) {
				z.NextIsNotRawText()
			}
		}
		b.WriteByte('\n')
	}
}

// lexTokensOf is tokensOf with the lexer.
func lexTokensOf(page []byte) string {
	var b strings.Builder
	z := &lexer{buf: page}
	for {
		tt := z.next()
		fmt.Fprintf(&b, "%v %q", tt, z.raw())
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			fmt.Fprintf(&b, " %q", z.text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			bd := &builder{z: *z}
			name := bd.tagName()
			fmt.Fprintf(&b, " %q", name)
			for k, a := range z.attrs {
				if tt == html.EndTagToken {
					break
				}
				key := bytes.ReplaceAll(z.buf[a.k0:a.k1], []byte{0}, []byte("\ufffd"))
				fmt.Fprintf(&b, " %q=%q", asciiLower(key), z.appendAttrVal(nil, k))
			}
			if bytes.Contains(z.raw(), []byte("x-nr")) {
				z.rawTag = ""
			}
		}
		b.WriteByte('\n')
	}
}

// expectLexLikeTokenizer fails when the lexer's tokens of page are not the
// Tokenizer's.
func expectLexLikeTokenizer(t *testing.T, page []byte) {
	t.Helper()
	if got, want := lexTokensOf(page), tokensOf(page); got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < min(len(gl), len(wl)); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%q: token %d is\n%s\nwant\n%s", page[:min(len(page), 200)], i, gl[i], wl[i])
			}
		}
		t.Fatalf("%q: %d tokens, want %d", page[:min(len(page), 200)], len(gl), len(wl))
	}
}

// lexCases are the corners of the Tokenizer's rules the lexer follows.
var lexCases = []string{
	"plain text", "a < b <3 c<", "a</", "a<!", "a<!-", "a<?", "x</>y", "</ x>y", "<//a>b", "</1>",
	`<p class="a" CLASS=b id='c' data-x=1 hidden>t</p>`, `<a href="?a=1&b=2&amp;c&copy=3&lt;">x</a>`,
	`<div title=&amp;x style=x&ampy>`, "<p class=a\r\nb id=\"c\rd\x00e\">", "<P\x00x>",
	`<br/><br /><a b=/><a b=c/><a b/><a/b>`, `<a ==x =y>`, `<a b = "c" d= e f =g>`, `<a b=">">c`,
	"<a b='c", "<a b=c", "<a b", "<a", "<a ", "<a b=", "<a b= ", `<a b="c"d>`,
	"<!-- c -->x<!---->y<!-->z<!--->w<!-- a --!>v<!-- a --!-->u<!--a-->", "<!-- open", "<!-- --!", "<!-- --",
	"<!DOCTYPE html><!doctype x><!DOCTY", "<!doctype", "<!DOCTYPE", "<!DOCTYPEhtml>", "<![CDATA[x]]>y", "<!x>", "<?xml v?>t",
	"<script>a<b</scrip></script >x</script>", "<script>if(a<!--b)</script>x-->y</script>z", "<SCRIPT>x</ScRiPt>y",
	"<script><!--<script>x</script>--></script>t", "<script>a<!-</script>b", "<script>", "<script></script>",
	"<style>a</style\tb>c", "<title>a&amp;b\x00</title>", "<textarea>\r\n&lt;x</TEXTAREA>", "<xmp><p></xmp>",
	"<noscript><p>n</p></noscript>", "<iframe><p></iframe>", "<plaintext><p></plaintext>", "<title>open",
	"<style x-nr><p>not raw</style>", "<script x-nr/><!--<p>-->", "<svg><style>s</style></svg>", "a&amp;b&#65;&#x42;&notit;&copy&copyx",
	"a\r\nb\rc\x00d", "<p>x</p \n class=y>", "<a b=c b=d B=e>", "<a " + strings.Repeat("k", 40) + "=v>",
}

func TestLexLikeTokenizer(t *testing.T) {
	for _, page := range lexCases {
		expectLexLikeTokenizer(t, []byte(page))
	}
	// A tag with many attributes, some repeated past the pairwise check.
	var many strings.Builder
	many.WriteString("<div")
	for i := 0; i < 3*manyAttrs; i++ {
		fmt.Fprintf(&many, " a%d=%d A%d=x", i%50, i, i%40)
	}
	many.WriteString(">t")
	expectLexLikeTokenizer(t, []byte(many.String()))
	// The pages in testdata.
	files, _ := filepath.Glob("testdata/pages/*.html")
	for _, f := range files {
		page, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		expectLexLikeTokenizer(t, page)
	}
}

// TestMaxKeptKey: no kept key is longer than maxKeptKey.
func TestMaxKeptKey(t *testing.T) {
	for k := range keptAttrs {
		if len(k) > maxKeptKey {
			t.Errorf("kept attribute %q is longer than maxKeptKey (%d)", k, maxKeptKey)
		}
	}
}

func FuzzLexLikeTokenizer(f *testing.F) {
	for _, s := range lexCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		expectLexLikeTokenizer(t, page)
	})
}
