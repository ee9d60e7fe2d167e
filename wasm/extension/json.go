package main

// The flag JSON of docs/flag-schema.md, written by hand. TestEncodeMatchesJSON
// holds it to what encoding/json writes for the same match.Result, so a field
// added to the schema and missed here fails a test instead of going missing.

import (
	"strconv"
	"unicode/utf8"

	"github.com/retold/retold/shared/match"
)

type jsonWriter struct{ b []byte }

// raw and field are not inlined: their appends, copied into each of some
// forty call sites, made flag and version 27 KB of wasm (now 6 KB), and
// writing a result's JSON is not where the engine spends its time.
//
//go:noinline
func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }
func (w *jsonWriter) int(v int)    { w.b = strconv.AppendInt(w.b, int64(v), 10) }
func (w *jsonWriter) float(v float64) {
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, and <, > and
// & are escaped as encoding/json does, so the output is safe to log or embed.
func (w *jsonWriter) str(s string) {
	w.b = append(w.b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				w.b = append(w.b, '\\', c)
			case c == '\n':
				w.b = append(w.b, '\\', 'n')
			case c == '\r':
				w.b = append(w.b, '\\', 'r')
			case c == '\t':
				w.b = append(w.b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				w.b = append(w.b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				w.b = append(w.b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.b = append(w.b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			w.b = append(w.b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			w.b = append(w.b, s[i:i+size]...)
		}
		i += size
	}
	w.b = append(w.b, '"')
}

//go:noinline // see raw
func (w *jsonWriter) field(name string, first bool) {
	if !first {
		w.b = append(w.b, ',')
	}
	w.str(name)
	w.b = append(w.b, ':')
}

// encodeResult writes r in the flag schema.
func encodeResult(r match.Result) []byte {
	var w jsonWriter
	w.raw(`{"page":`)
	w.str(r.Page)
	w.raw(`,"flags":[`)
	for i := range r.Flags {
		if i > 0 {
			w.raw(",")
		}
		w.flag(&r.Flags[i])
	}
	w.raw("]")
	if len(r.Needs) > 0 {
		w.field("needs", false)
		w.raw("[")
		for i, l := range r.Needs {
			if i > 0 {
				w.raw(",")
			}
			w.str(l)
		}
		w.raw("]")
	}
	w.raw("}")
	return w.b
}

func (w *jsonWriter) flag(f *match.Flag) {
	w.raw("{")
	w.field("text", true)
	w.str(f.Text)
	w.field("kind", false)
	w.str(f.Kind)
	w.field("claim", false)
	w.str(f.Claim)
	w.field("speaker", false)
	w.str(f.Speaker)
	w.field("score", false)
	w.float(f.Score)
	w.field("versions", false)
	if f.Versions == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i := range f.Versions {
			if i > 0 {
				w.raw(",")
			}
			w.version(&f.Versions[i])
		}
		w.raw("]")
	}
	if c := f.Counter; c != nil {
		w.field("counter", false)
		w.raw("{")
		w.field("claim", true)
		w.str(c.Claim)
		w.field("kind", false)
		w.str(c.Kind)
		w.field("speaker", false)
		w.str(c.Speaker)
		w.field("text", false)
		w.str(c.Text)
		w.raw("}")
	}
	w.field("selector", false)
	w.raw("{")
	w.field("exact", true)
	w.str(f.Selector.Exact)
	w.field("prefix", false)
	w.str(f.Selector.Prefix)
	w.field("suffix", false)
	w.str(f.Selector.Suffix)
	w.raw("}")
	w.field("position", false)
	w.position(f.Position)
	if p := f.PagePosition; p != nil {
		w.field("page_position", false)
		w.position(*p)
	}
	w.raw("}")
}

func (w *jsonWriter) position(p match.Position) {
	w.raw("{")
	w.field("start", true)
	w.int(p.Start)
	w.field("end", false)
	w.int(p.End)
	w.raw("}")
}

func (w *jsonWriter) version(v *match.Version) {
	w.raw("{")
	w.field("source", true)
	w.str(v.Source)
	w.field("outlet", false)
	w.str(v.Outlet)
	w.field("url", false)
	w.str(v.URL)
	w.field("date", false)
	w.str(v.Date)
	w.field("lang", false)
	w.str(v.Lang)
	w.field("text", false)
	w.str(v.Text)
	w.field("score", false)
	w.float(v.Score)
	if v.Earliest {
		w.field("earliest", false)
		w.raw("true")
	}
	w.raw("}")
}
