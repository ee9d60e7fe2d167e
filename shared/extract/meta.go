package extract

import (
	"strings"

	"github.com/tidwall/gjson"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is everything the page says about itself, read before the tree is
// cleaned: <meta> tags, JSON-LD, <title>, the first <h1>, <html lang>, <time>.
type pageMeta struct {
	meta      map[string]string // lower-case name/property/itemprop -> first content
	title, h1 string
	lang      string
	canonical string
	timeAttr  string // first <time datetime> or itemprop=datePublished
	relAuthor string
	byline    string // text of the first element classed byline/author
	ld        jsonLD
}

// jsonLD is what the page's JSON-LD says about its article.
type jsonLD struct {
	headline, date, author, publisher, body, lang, url, description string
}

// readMeta reads the whole tree once for metadata, before anything is cut.
func readMeta(t *tree) *pageMeta {
	m := &pageMeta{meta: map[string]string{}}
	for i := int32(0); i < int32(len(t.nodes)); i++ {
		n := &t.nodes[i]
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Html:
			if m.lang == "" {
				m.lang = attr(n, "lang")
			}
		case atom.Title:
			if m.title == "" && t.nodes[i].parent >= 0 && t.atom(t.nodes[i].parent) == atom.Head {
				m.title = t.textOf(i)
			}
			i = t.nodes[i].end - 1
			continue
		case atom.H1:
			if m.h1 == "" {
				m.h1 = t.textOf(i)
			}
		case atom.Meta:
			content := attr(n, "content")
			for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
				if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && content != "" {
					if _, seen := m.meta[key]; !seen {
						m.meta[key] = content
					}
				}
			}
		case atom.Link:
			rel := strings.ToLower(attr(n, "rel"))
			if rel == "canonical" && m.canonical == "" {
				m.canonical = attr(n, "href")
			}
		case atom.A:
			if m.relAuthor == "" && strings.Contains(strings.ToLower(attr(n, "rel")), "author") {
				m.relAuthor = t.textOf(i)
			}
		case atom.Time:
			if m.timeAttr == "" {
				m.timeAttr = attr(n, "datetime")
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && i+1 < n.end && t.nodes[i+1].Type == html.TextNode {
				m.ld.read(t.nodes[i+1].Data)
			}
			i = t.nodes[i].end - 1
			continue
		}
		if len(n.Attr) == 0 {
			continue
		}
		if m.timeAttr == "" && strings.EqualFold(attr(n, "itemprop"), "datePublished") {
			m.timeAttr = firstNonEmpty(attr(n, "datetime"), attr(n, "content"))
		}
		if m.byline == "" {
			if cl := attr(n, "class"); cl != "" && bylineWords.mayMatch(cl) && matchWords(t.classWords(cl), bylineWords) > 0 {
				if s := t.textOf(i); len(s) > 2 && len(s) < 120 {
					m.byline = s
				}
			}
		}
	}
	return m
}

// read takes the first article object of one JSON-LD script; later scripts
// only fill fields still empty. Scripts that are not valid JSON are skipped
// (gjson does not validate on its own).
func (ld *jsonLD) read(src string) {
	src = strings.TrimSpace(src)
	src = strings.TrimSuffix(strings.TrimPrefix(src, "<!--"), "-->")
	src = strings.TrimSuffix(strings.TrimSpace(src), ";")
	if !JSONShallow(src, limits.maxJSONDepth) || !gjson.Valid(src) {
		return
	}
	var objs []gjson.Result
	var collect func(r gjson.Result, depth int)
	collect = func(r gjson.Result, depth int) {
		if depth > 4 {
			return
		}
		switch {
		case r.IsArray():
			for _, e := range r.Array() {
				collect(e, depth+1)
			}
		case r.IsObject():
			objs = append(objs, r)
			if g := r.Get(`@graph`); g.Exists() {
				collect(g, depth+1)
			}
		}
	}
	collect(gjson.Parse(src), 0)
	var art, org gjson.Result
	for _, o := range objs {
		types := o.Get(`@type`)
		isArt, isOrg := false, false
		for _, t := range append(types.Array(), types) {
			s := strings.ToLower(t.String())
			isArt = isArt || articleTypes[s] && s != "webpage"
			isOrg = isOrg || s == "organization" || s == "newsmediaorganization"
		}
		if isArt && !art.Exists() {
			art = o
		}
		if isOrg && !org.Exists() {
			org = o
		}
	}
	if art.Exists() {
		set(&ld.headline, art.Get("headline").String())
		set(&ld.date, firstNonEmpty(art.Get("datePublished").String(), art.Get("dateCreated").String()))
		set(&ld.author, ldNames(art.Get("author")))
		set(&ld.publisher, ldNames(art.Get("publisher")))
		set(&ld.body, firstNonEmpty(art.Get("articleBody").String(), art.Get("text").String(), liveUpdates(art)))
		set(&ld.description, art.Get("description").String())
		set(&ld.lang, art.Get("inLanguage").String())
		set(&ld.url, firstNonEmpty(art.Get("url").String(), art.Get("mainEntityOfPage.@id").String(),
			art.Get("mainEntityOfPage").String()))
	}
	if org.Exists() {
		set(&ld.publisher, org.Get("name").String())
	}
}

// liveUpdates joins the updates of a JSON-LD LiveBlogPosting, each its
// headline and body, as paragraphs in the order the page lists them.
func liveUpdates(art gjson.Result) string {
	var parts []string
	for _, u := range art.Get("liveBlogUpdate").Array() {
		if len(parts) >= limits.maxLiveUpdates {
			break
		}
		for _, k := range []string{"headline", "articleBody"} {
			if v := strings.TrimSpace(u.Get(k).String()); v != "" {
				parts = append(parts, v)
			}
		}
	}
	return strings.Join(parts, "\n")
}

// ldNames reads a JSON-LD person or organisation: a string, an object with a
// name, or an array of either, joined with ", ".
func ldNames(r gjson.Result) string {
	var names []string
	add := func(e gjson.Result) {
		name := e.String()
		if e.IsObject() {
			name = e.Get("name").String()
		}
		if name = fold(name); name != "" && len(names) < 10 {
			names = append(names, name)
		}
	}
	if r.IsArray() {
		for _, e := range r.Array() {
			add(e)
		}
	} else if r.Exists() {
		add(r)
	}
	return strings.Join(names, ", ")
}

// fill sets the Doc's metadata from what the page said, best source first.
func (m *pageMeta) fill(d *Doc, pageURL string) {
	get := func(keys []string) string {
		for _, k := range keys {
			if v := fold(m.meta[k]); v != "" {
				return v
			}
		}
		return ""
	}
	d.URL = firstNonEmpty(strings.TrimSpace(pageURL), m.canonical, get(metaURL), m.ld.url)
	d.Outlet = firstNonEmpty(get(metaOutlet), m.ld.publisher)
	if d.Outlet == "" {
		if host, ok := hostName(d.URL); ok {
			d.Outlet = strings.TrimPrefix(strings.ToLower(host), "www.")
		}
	}
	d.Title = cleanTitle(firstNonEmpty(get(metaTitle), m.ld.headline, m.title, m.h1), d.Outlet, m.h1)
	d.Standfirst = firstNonEmpty(m.ld.description, get(metaStandfirst))
	d.Date = NormalizeDate(firstNonEmpty(get(metaDate), m.ld.date, m.timeAttr))
	d.Lang = firstNonEmpty(m.lang, m.ld.lang, get(metaLang))
	byline := firstNonEmpty(m.ld.author, get(metaAuthor), m.relAuthor, m.byline)
	if strings.HasPrefix(byline, "http://") || strings.HasPrefix(byline, "https://") {
		byline = firstNonEmpty(m.relAuthor, m.byline)
	}
	d.Byline = byline
	for _, s := range []*string{&d.Title, &d.Outlet, &d.Date, &d.Lang, &d.Byline, &d.URL, &d.Standfirst} {
		*s = clip(fold(*s))
	}
}

// cleanTitle removes an outlet name the page put before or after its headline
// ("Headline | Outlet", "Outlet - Headline"). The h1 wins when the title merely
// extends it.
func cleanTitle(title, outlet, h1 string) string {
	title, h1 = fold(title), fold(h1)
	if h1 != "" && len(h1) < len(title) && strings.HasPrefix(title, h1) {
		return h1
	}
	for _, sep := range titleSeparators {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := title[:i], title[i+len(sep):]
		switch {
		case outlet != "" && sameName(tail, outlet):
			return head
		case outlet != "" && sameName(title[:strings.Index(title, sep)], outlet):
			return title[strings.Index(title, sep)+len(sep):]
		case wordCount(tail) <= 4 && wordCount(head) >= 3:
			return head
		}
	}
	return title
}

// sameName compares an outlet name loosely: "The Guardian" ~ "guardian", "nytimes.com" ~ "NYTimes".
func sameName(a, b string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		s = strings.TrimPrefix(s, "the ")
		s = strings.TrimPrefix(s, "www.")
		if i := strings.LastIndexByte(s, '.'); i > 0 && !strings.Contains(s[:i], " ") {
			s = s[:i]
		}
		return strings.ReplaceAll(s, " ", "")
	}
	x, y := norm(a), norm(b)
	return x != "" && y != "" && (x == y || strings.Contains(x, y) || strings.Contains(y, x))
}

func wordCount(s string) int { return len(strings.Fields(s)) }

func set(dst *string, v string) {
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// fold collapses runs of white space to one space and trims the ends.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip bounds a metadata string so a hostile page cannot bloat the Doc.
func clip(s string) string {
	if len(s) <= limits.maxMetaText {
		return s
	}
	s = s[:limits.maxMetaText]
	for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 { // do not end inside a UTF-8 sequence
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] >= 0xC0 {
		s = s[:len(s)-1]
	}
	return s
}

// JSONShallow reports whether JSON nests arrays and objects at most max deep,
// not counting brackets inside strings. Run it before gjson, whose recursive
// validator would overflow the stack on millions of nested brackets; intake
// reads its records with the same guard.
func JSONShallow[T ~string | ~[]byte](b T, max int) bool {
	depth, inStr, esc := 0, false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr:
			inStr = c != '"'
		case c == '"':
			inStr = true
		case c == '[' || c == '{':
			if depth++; depth > max {
				return false
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return true
}
