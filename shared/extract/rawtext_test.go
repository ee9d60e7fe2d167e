package extract

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// rawTok is one token as the splice must keep it: type, raw bytes, offset
// in the page, and its data (text, or tag name and attributes).
type rawTok struct {
	typ  html.TokenType
	off  int
	raw  string
	data string
}

// tokens lists page's tokens. With splice, after every <script> or <style>
// start tag the raw text's end is found by rawTextEnd and the Tokenizer
// reset there, as the builder does; the skipped text is listed as a text
// token of those raw bytes, without data. Without, a plain Tokenizer reads
// it all, and the text token after such a tag is listed without data too.
func tokens(page []byte, splice bool) []rawTok {
	rd := bytes.NewReader(page)
	z := html.NewTokenizer(rd)
	z0 := *z
	var out []rawTok
	off, afterRaw := 0, false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		raw := string(z.Raw())
		if splice {
			off = len(page) - rd.Len() - len(z.Buffered()) - len(raw)
		}
		t := rawTok{typ: tt, off: off, raw: raw}
		off += len(raw)
		rawTag := ""
		switch tt {
		case html.TextToken, html.CommentToken, html.DoctypeToken:
			if !(afterRaw && tt == html.TextToken) {
				t.data = string(z.Text())
			}
		default:
			name, more := z.TagName()
			t.data = string(name)
			if tt != html.EndTagToken && (t.data == "script" || t.data == "style") {
				rawTag = t.data
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				t.data += " " + string(k) + "=" + string(v)
			}
		}
		out = append(out, t)
		afterRaw = rawTag != ""
		if splice && rawTag != "" {
			at := len(page) - rd.Len() - len(z.Buffered())
			end := at + rawTextEnd(page[at:], rawTag)
			if end > at {
				out = append(out, rawTok{typ: html.TextToken, off: at, raw: string(page[at:end])})
			}
			rd.Reset(page[end:])
			*z = z0
			afterRaw = false
		}
	}
}

// expectSplice checks that the spliced token stream of page is the plain
// Tokenizer's.
func expectSplice(t *testing.T, page string) {
	t.Helper()
	want, got := tokens([]byte(page), false), tokens([]byte(page), true)
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("%q: token %d: got %+v, want %+v", page, i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%q: %d tokens, want %d", page, len(got), len(want))
	}
}

// expectRawEnd checks where rawTextEnd ends the text after <tag>.
func expectRawEnd(t *testing.T, tag, text string, want int) {
	t.Helper()
	if got := rawTextEnd([]byte(text), tag); got != want {
		t.Errorf("rawTextEnd(%q, %q) = %d, want %d", text, tag, got, want)
	}
}

// rawCases are script and style texts around the Tokenizer's end rules.
var rawCases = []string{
	`<script>var a = "<p>";</script><p>x`,
	`<SCRIPT type=x>a</SCRIPT ><style>b{}</STYLE/>c`,
	`<script>a</scripty></script\n>b`,
	`<script>a</scrip</script>b`,
	`<script><!-- a --></script>b`,
	`<script><!-- <script>x</script> --></script>y</script>z`,
	`<script><!-- <script>x</script> -- ></script>y`,
	`<script><!--<script></script>--></script>`,
	`<script><!-- <SCRIPT/ x </sCrIpT> </script>`,
	`<script><!-- <scriptx> </script> y`,
	`<script><!-- <b> </script>`,
	`<script><!-- -<--><</script>`,
	`<script><!-><</script>`,
	`<script><!-- <script> --> </script>`,
	`<script><!-- <script> <!-- --- </script> -> </script>`,
	`<script><!-- <script> -</script>--->`,
	`<script>` + "\r\n\x00" + `</script>`,
	`<script>a</`,
	`<script>a</script`,
	`<script><!--`,
	`<script><!-- <script`,
	`<script><!-- <script> </scr`,
	`<style>p</styl</style  >q`,
	`<style>a<</style>`,
	`<script/>text</script>after`,
	`<svg><script>a<b>c</script></svg>`,
	`<title><script>t</title><textarea></style></textarea>`,
	`<script></script><style></style><p>`,
}

func TestRawTextEnd(t *testing.T) {
	expectRawEnd(t, "script", `a</script>`, 1)
	expectRawEnd(t, "script", `a</SCRIPT `, 1)
	expectRawEnd(t, "script", `a</script`, 9)
	expectRawEnd(t, "script", `<!--<script></script>--></script>`, 24)
	expectRawEnd(t, "script", `<!--</script>`, 4)
	expectRawEnd(t, "script", `<!--<script></script></script>`, 21)
	expectRawEnd(t, "style", `a</styles></style>`, 10)
	expectRawEnd(t, "style", `<!--</style>-->`, 4)
	for _, page := range rawCases {
		expectSplice(t, page)
	}
}

// FuzzRawSplice holds the token stream with raw text skipped by rawTextEnd
// and a reset Tokenizer to a plain Tokenizer's: same types, raw bytes,
// offsets, names, attributes and text.
func FuzzRawSplice(f *testing.F) {
	for _, s := range rawCases {
		f.Add([]byte(s))
	}
	f.Add([]byte(strings.Repeat(`<p class=a>x</p><script>if (a<b) c--;</script>`, 300)))
	f.Fuzz(func(t *testing.T, page []byte) {
		expectSplice(t, string(page))
	})
}
