// Package intake reads news articles from files and bytes: JSON records,
// JSON Lines, plain text, Markdown and HTML pages, into one Article shape.
//
// Design. The file name's extension alone decides the format, so a caller
// never guesses and an error can say which reader failed. JSON goes through
// gjson, validated first because gjson itself does not validate: records are
// read field by field, which lets a null or absent field simply mean "not
// known" and keeps the package free of reflection. Plain text is kept byte
// for byte (later stages quote it back to the reader); Markdown, including
// a .txt file that is clearly Markdown, is flattened to plain text by a small
// line-based pass that handles what news pages saved as Markdown contain
// (headings, links, emphasis, images, an "Original url:" trailer) and nothing
// more — it is not a CommonMark parser. HTML pages, and records carrying html
// instead of text, go through shared/extract. Every error is one line that
// names the file and the record or line. Size limits bound memory; nothing
// here panics on any input (FuzzParse).
package intake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/retold/retold/shared/extract"
	"github.com/tidwall/gjson"
)

// Article is one news article of a corpus, or one page to analyze.
type Article struct {
	ID, URL, Outlet, Date, Lang, Title, Text string

	page     *extract.Doc // the extraction Text came from, for PagePosition; nil for other formats
	pageText string       // Text as the extraction gave it
}

// PagePosition maps the byte range [start, end) of a.Text to UTF-16 offsets
// in the text of the HTML page it was extracted from (see
// extract.Doc.PagePosition). ok is false for an article that did not come
// from an HTML page, or whose Text was changed since.
func (a *Article) PagePosition(start, end int) (pageStart, pageEnd int, ok bool) {
	if a.page == nil || a.Text != a.pageText {
		return 0, 0, false
	}
	return a.page.PagePosition(start, end)
}

// Meta is what a sources.json says about one file.
type Meta struct{ Outlet, URL, Date, Lang string }

// maxFile is the largest file ReadFile and ReadFS accept, in bytes.
const maxFile = 64 << 20

// maxJSONDepth is the deepest nesting of arrays and objects a JSON file may
// have; records are flat, so anything deep is not a record file.
const maxJSONDepth = 100

// sourcesFile is the name of the metadata file beside .txt/.md articles.
const sourcesFile = "sources.json"

// format is how one kind of file is read.
type format int

const (
	fmtUnknown format = iota
	fmtJSON
	fmtJSONL
	fmtText
	fmtMarkdown
	fmtHTML
)

// formats maps a lower-case extension to its reader.
var formats = map[string]format{
	".json": fmtJSON, ".jsonl": fmtJSONL, ".ndjson": fmtJSONL,
	".txt": fmtText, ".md": fmtMarkdown, ".markdown": fmtMarkdown,
	".html": fmtHTML, ".htm": fmtHTML,
}

func formatOf(name string) format {
	return formats[strings.ToLower(path.Ext(baseName(name)))]
}

// Parse reads the articles in data, which came from a file called name; the
// extension of name decides the format:
//
//	.json           one record {id, url, outlet, date, lang, title, text}, or
//	                {..., html} instead of text, or an array of records
//	.jsonl/.ndjson  one record per line; blank lines are skipped
//	.txt            one article kept byte for byte (Markdown is flattened when
//	                the text clearly is Markdown); ID is the base name
//	.md/.markdown   one article flattened from Markdown; ID is the base name
//	.html/.htm      one article found by extract.Extract; ID is the base name
//
// A record may lack (or null) any field but id and text; one with html
// instead of text goes through extract. meta, if non-nil, gives the outlet,
// URL, date and language of a single-article file and wins over what the file
// itself says; it is ignored for JSON. Dates become YYYY-MM-DD when they
// parse. Errors are one line naming the file and the record or line.
func Parse(name string, data []byte, meta *Meta) ([]Article, error) {
	as, err := parse(name, data, meta)
	detectLangs(as)
	return as, err
}

func parse(name string, data []byte, meta *Meta) ([]Article, error) {
	switch formatOf(name) {
	case fmtJSON:
		return parseJSON(name, data)
	case fmtJSONL:
		return parseJSONL(name, data)
	case fmtText, fmtMarkdown, fmtHTML:
		a, err := parseOne(name, data)
		if err != nil {
			return nil, err
		}
		a.apply(meta)
		return []Article{a}, nil
	}
	return nil, fmt.Errorf("%s: unknown format (want .json, .jsonl, .ndjson, .txt, .md, .markdown, .html or .htm)", name)
}

// parseOne reads a single-article file.
func parseOne(name string, data []byte) (Article, error) {
	a := Article{ID: baseName(name)}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch formatOf(name) {
	case fmtHTML:
		if err := a.fromHTML(data); err != nil {
			return a, fmt.Errorf("%s: %v", name, err)
		}
	case fmtMarkdown:
		a.fromMarkdown(validUTF8(data))
	default:
		text := validUTF8(data)
		if isMarkdown(text) {
			a.fromMarkdown(text)
		} else {
			a.Text = text
		}
	}
	if strings.TrimSpace(a.Text) == "" {
		return a, fmt.Errorf("%s: no article text", name)
	}
	return a, nil
}

// fromHTML fills a from a page, keeping fields a already has.
func (a *Article) fromHTML(page []byte) error {
	d, err := extract.Extract(page, a.URL)
	if err != nil {
		return err
	}
	a.Text = d.Text()
	a.page, a.pageText = d, a.Text
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&a.URL, d.URL}, {&a.Outlet, d.Outlet}, {&a.Date, d.Date}, {&a.Lang, d.Lang}, {&a.Title, d.Title},
	} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
	return nil
}

// apply lets sources.json metadata win over what the file said.
func (a *Article) apply(m *Meta) {
	if m != nil {
		for _, f := range []struct {
			dst *string
			v   string
		}{
			{&a.Outlet, m.Outlet}, {&a.URL, m.URL}, {&a.Date, m.Date}, {&a.Lang, m.Lang},
		} {
			if v := strings.TrimSpace(f.v); v != "" {
				*f.dst = v
			}
		}
	}
	a.Date = extract.NormalizeDate(a.Date)
}

// parseJSON reads one record or an array of records.
func parseJSON(name string, data []byte) ([]Article, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !extract.JSONShallow(data, maxJSONDepth) {
		return nil, fmt.Errorf("%s: JSON nested deeper than %d levels", name, maxJSONDepth)
	}
	if !gjson.ValidBytes(data) {
		return nil, fmt.Errorf("%s: invalid JSON", name)
	}
	root := gjson.ParseBytes(data)
	switch {
	case root.IsObject():
		a, err := record(root)
		if err != nil {
			return nil, fmt.Errorf("%s: record 1 %v", name, err)
		}
		return []Article{a}, nil
	case root.IsArray():
		var out []Article
		var err error
		i := 0
		root.ForEach(func(_, r gjson.Result) bool {
			i++
			var a Article
			if a, err = record(r); err != nil {
				err = fmt.Errorf("%s: record %d %v", name, i, err)
				return false
			}
			out = append(out, a)
			return true
		})
		return out, err
	}
	return nil, fmt.Errorf("%s: want a record object or an array of them", name)
}

// parseJSONL reads one record per line.
func parseJSONL(name string, data []byte) ([]Article, error) {
	var out []Article
	for n, line := range bytes.Split(data, []byte("\n")) {
		if n == 0 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !extract.JSONShallow(line, maxJSONDepth) {
			return nil, fmt.Errorf("%s: line %d: JSON nested deeper than %d levels", name, n+1, maxJSONDepth)
		}
		if !gjson.ValidBytes(line) {
			return nil, fmt.Errorf("%s: line %d: invalid JSON", name, n+1)
		}
		a, err := record(gjson.ParseBytes(line))
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: record %v", name, n+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// record reads one JSON record. Its error reads after "record N ".
func record(r gjson.Result) (Article, error) {
	var a Article
	if !r.IsObject() {
		return a, fmt.Errorf("is not an object")
	}
	fields := []struct {
		key string
		dst *string
	}{
		{"id", &a.ID}, {"url", &a.URL}, {"outlet", &a.Outlet}, {"date", &a.Date},
		{"lang", &a.Lang}, {"title", &a.Title}, {"text", &a.Text},
	}
	for _, f := range fields {
		v := r.Get(gjsonKey(f.key))
		switch v.Type {
		case gjson.Null:
		case gjson.String:
			*f.dst = validUTF8([]byte(v.String()))
		case gjson.Number:
			*f.dst = v.Raw
		default:
			return a, fmt.Errorf("has a field %q that is not a string", f.key)
		}
	}
	a.ID = strings.TrimSpace(a.ID)
	if a.ID == "" {
		return a, fmt.Errorf("has no id")
	}
	if strings.TrimSpace(a.Text) == "" {
		h := r.Get("html")
		if h.Type != gjson.String || strings.TrimSpace(h.String()) == "" {
			return a, fmt.Errorf("%q has no text or html", clipID(a.ID))
		}
		if err := a.fromHTML([]byte(h.String())); err != nil {
			return a, fmt.Errorf("%q: %v", clipID(a.ID), err)
		}
		if strings.TrimSpace(a.Text) == "" {
			return a, fmt.Errorf("%q: no article found in its html", clipID(a.ID))
		}
	}
	a.Date = extract.NormalizeDate(a.Date)
	return a, nil
}

// gjsonKey escapes the characters gjson paths treat specially.
func gjsonKey(k string) string {
	r := strings.NewReplacer(`.`, `\.`, `*`, `\*`, `?`, `\?`, `|`, `\|`, `#`, `\#`, `@`, `\@`)
	return r.Replace(k)
}

func clipID(id string) string {
	if len(id) <= 80 {
		return id
	}
	id = id[:80]
	for !utf8.ValidString(id) {
		id = id[:len(id)-1]
	}
	return id + "…"
}

func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// baseName is the file name after the last '/' or '\'.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// ReadFile reads one file from disk (at most 64 MB) and parses it. For .txt
// and .md files it reads sources.json in the same directory, if there is one,
// for the file's outlet, URL, date and language.
func ReadFile(p string) ([]Article, error) {
	data, err := readLimited(os.Open(p))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	var meta *Meta
	if f := formatOf(p); f == fmtText || f == fmtMarkdown {
		src, err := os.ReadFile(filepath.Join(filepath.Dir(p), sourcesFile))
		if err == nil {
			metas, err := parseSources(filepath.Join(filepath.Dir(p), sourcesFile), src)
			if err != nil {
				return nil, err
			}
			meta = metas[filepath.Base(p)]
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return Parse(p, data, meta)
}

// ReadFS reads every article file (.txt, .md, .markdown, .json, .jsonl,
// .ndjson, .html, .htm) under dir in fsys, in name order, each directory's
// sources.json giving the metadata of its .txt/.md files. It is how the
// embedded default corpus is read.
func ReadFS(fsys fs.FS, dir string) ([]Article, error) {
	var out []Article
	metas := map[string]map[string]*Meta{} // directory -> file name -> meta
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() || name == sourcesFile || strings.HasPrefix(name, ".") || formatOf(name) == fmtUnknown {
			return nil
		}
		data, err := readLimited(fsys.Open(p))
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		var meta *Meta
		if f := formatOf(name); f == fmtText || f == fmtMarkdown {
			d := path.Dir(p)
			m, ok := metas[d]
			if !ok {
				if m, err = readSourcesFS(fsys, path.Join(d, sourcesFile)); err != nil {
					return err
				}
				metas[d] = m
			}
			meta = m[name]
		}
		as, err := Parse(p, data, meta)
		out = append(out, as...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func readSourcesFS(fsys fs.FS, p string) (map[string]*Meta, error) {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	return parseSources(p, src)
}

// readLimited reads an opened file, refusing more than maxFile bytes.
func readLimited(f fs.File, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("file is over the %d MB limit", maxFile>>20)
	}
	return data, nil
}

// parseSources reads a sources.json: {"seeds": {"<file>": {outlet, url, date,
// lang, ...}}} or a top-level {"<file>": {...}} map. Any top-level object
// whose own values are objects is read as such a map, so the wrapper's name
// does not matter; other top-level values ("about") are ignored.
func parseSources(name string, src []byte) (map[string]*Meta, error) {
	if !extract.JSONShallow(src, maxJSONDepth) || !gjson.ValidBytes(src) {
		return nil, fmt.Errorf("%s: invalid JSON", name)
	}
	root := gjson.ParseBytes(src)
	if !root.IsObject() {
		return nil, fmt.Errorf("%s: want an object of files", name)
	}
	out := map[string]*Meta{}
	add := func(file string, v gjson.Result) {
		str := func(k string) string {
			if f := v.Get(k); f.Type == gjson.String {
				return strings.TrimSpace(f.String())
			}
			return ""
		}
		out[file] = &Meta{Outlet: str("outlet"), URL: str("url"), Date: str("date"), Lang: str("lang")}
	}
	root.ForEach(func(k, v gjson.Result) bool {
		if !v.IsObject() {
			return true
		}
		if formatOf(k.String()) != fmtUnknown {
			add(k.String(), v)
			return true
		}
		v.ForEach(func(k2, v2 gjson.Result) bool {
			if v2.IsObject() {
				add(k2.String(), v2)
			}
			return true
		})
		return true
	})
	return out, nil
}
