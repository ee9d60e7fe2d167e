package intake

import (
	"regexp"
	"strings"
	"sync"

	"github.com/retold/retold/shared/extract"
)

// mdPatterns are the Markdown patterns. They are line-local and linear
// (RE2), so a hostile file costs time in proportion to its size.
type mdPatterns struct {
	heading, setext, rule, fence, refDef, listItem, quote *regexp.Regexp
	inline                                                []struct {
		re   *regexp.Regexp
		repl string
	}
	escape   *regexp.Regexp
	autolink *regexp.Regexp
	// signals are the marks of Markdown that plain news text does not have;
	// isMarkdown wants two different ones.
	signals []*regexp.Regexp
}

// markdown returns the Markdown patterns, compiled on first use rather than
// at package init: programs that link intake only for Article (the browser
// extension's engine) then carry no regexp package at all and pay nothing at
// start-up.
// (A function with its own sync.Once, not a sync.OnceValue variable: the
// variable would be set at init and so keep regexp linked.)
func markdown() *mdPatterns {
	mdOnce.Do(func() { mdCompiled = compileMarkdown() })
	return mdCompiled
}

var (
	mdOnce     sync.Once
	mdCompiled *mdPatterns
)

func compileMarkdown() *mdPatterns {
	return &mdPatterns{
		heading:  regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t#]*$`),
		setext:   regexp.MustCompile(`^=+$`),
		rule:     regexp.MustCompile(`^(-[ \t]*){3,}$|^(\*[ \t]*){3,}$|^(_[ \t]*){3,}$`),
		fence:    regexp.MustCompile("^(```|~~~)"),
		refDef:   regexp.MustCompile(`^\[[^\]]+\]:\s*\S+`),
		listItem: regexp.MustCompile(`^[*+-][ \t]+`),
		quote:    regexp.MustCompile(`^(>[ \t]?)+`),
		inline: []struct {
			re   *regexp.Regexp
			repl string
		}{
			{regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`), ""},                    // images are dropped
			{regexp.MustCompile(`!\[[^\]]*\]\[[^\]]*\]`), ""},                   // reference images too
			{regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`), "$1"},                 // [text](url) -> text
			{regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`), "$1"},                // [text][ref] -> text
			{regexp.MustCompile(`<(https?://[^>\s]+)>`), "$1"},                  // <https://...> -> the address
			{regexp.MustCompile(`\*\*([^*]+)\*\*`), "$1"},                       // **bold**
			{regexp.MustCompile(`(^|[^\w])__([^_]+)__([^\w]|$)`), "$1$2$3"},     // __bold__, not snake__case
			{regexp.MustCompile(`\*([^*\s][^*]*)\*`), "$1"},                     // *em*
			{regexp.MustCompile(`(^|[^\w])_([^_\s][^_]*)_([^\w]|$)`), "$1$2$3"}, // _em_, not snake_case
			{regexp.MustCompile("`([^`]*)`"), "$1"},                             // `code`
		},
		escape:   regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!>])`),
		autolink: regexp.MustCompile(`^<?(https?://[^>\s]+)>?$`),
		signals: []*regexp.Regexp{
			regexp.MustCompile(`(?m)^#{1,6}[ \t]+\S`),
			regexp.MustCompile(`\[[^\]\n]+\]\([^)\s]*\)`),
			regexp.MustCompile(`\*\*[^*\n]+\*\*`),
			regexp.MustCompile(`<https?://[^>\s]+>`),
			regexp.MustCompile(`!\[[^\]\n]*\]\(`),
		},
	}
}

// originalURL is the line a saved page ends with, before its address.
const originalURL = "original url:"

// isMarkdown reports whether a .txt file is clearly Markdown: at least two
// different Markdown marks (a # heading, a [link](url), **bold**, an
// <https://...> autolink, an image). One alone can be plain text.
func isMarkdown(text string) bool {
	md := markdown()
	kinds := 0
	for _, re := range md.signals {
		if re.MatchString(text) {
			kinds++
		}
	}
	return kinds >= 2
}

// fromMarkdown flattens Markdown to plain text: headings become their text
// (the first # heading fills Title), links their text, emphasis is removed,
// images are dropped, an "Original url:" line and the address after it set
// URL and leave the text, and a date alone on a line near the top fills Date.
// Lines otherwise stay as they were, and runs of blank lines become one.
func (a *Article) fromMarkdown(text string) {
	md := markdown()
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var out []string
	inFence := false
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if md.fence.MatchString(t) {
			inFence = !inFence
			continue
		}
		if inFence {
			out = append(out, strings.TrimRight(lines[i], " \t"))
			continue
		}
		if strings.HasPrefix(strings.ToLower(t), originalURL) {
			rest, next := strings.TrimSpace(t[len(originalURL):]), i
			for rest == "" && next+1 < len(lines) && next < i+4 {
				next++
				rest = strings.TrimSpace(lines[next])
			}
			if m := md.autolink.FindStringSubmatch(rest); m != nil {
				if a.URL == "" {
					a.URL = m[1]
				}
				i = next
				continue
			}
		}
		switch {
		case md.setext.MatchString(t) && len(out) > 0 && out[len(out)-1] != "":
			if a.Title == "" {
				a.Title = out[len(out)-1]
			}
			continue
		case md.rule.MatchString(t), md.refDef.MatchString(t):
			continue
		}
		if m := md.heading.FindStringSubmatch(t); m != nil {
			t = flattenInline(m[2])
			if a.Title == "" && len(m[1]) == 1 {
				a.Title = t
			}
			out = append(out, t)
			continue
		}
		t = md.quote.ReplaceAllString(t, "")
		t = md.listItem.ReplaceAllString(t, "")
		t = flattenInline(t)
		if a.Date == "" && len(out) < 12 && len(t) < 40 {
			if d := extract.NormalizeDate(t); len(d) == 10 && d != t {
				a.Date = d
			}
		}
		out = append(out, t)
	}
	// Fold runs of blank lines into one and trim the ends.
	var b strings.Builder
	blank := false
	for _, l := range out {
		if strings.TrimSpace(l) == "" {
			blank = b.Len() > 0
			continue
		}
		if blank {
			b.WriteString("\n\n")
		} else if b.Len() > 0 {
			b.WriteByte('\n')
		}
		blank = false
		b.WriteString(l)
	}
	a.Text = b.String()
}

// flattenInline removes inline Markdown from one line. Escaped characters are
// hidden in the Private Use Area first so no pattern can take them.
func flattenInline(s string) string {
	md := markdown()
	s = md.escape.ReplaceAllStringFunc(s, func(m string) string { return string(rune(0xE000 + int(m[1]))) })
	for _, r := range md.inline {
		s = r.re.ReplaceAllString(s, r.repl)
	}
	return strings.Map(func(r rune) rune {
		if r >= 0xE000 && r < 0xE080 {
			return r - 0xE000
		}
		return r
	}, strings.TrimSpace(s))
}
