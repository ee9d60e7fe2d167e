package api

// The /v1/match answer written by hand rather than by encoding/json: the
// schema (match.Result, docs/flag-schema.md) is small and fixed, and
// encoding/json reads it by reflection, which in WebAssembly cost a tenth
// of a millisecond for a page's answer. The bytes are the ones json.Marshal
// writes for the same value, field for field (TestMatchJSONIsMarshal): the
// same names and order, omitempty where the tags say so, null for a nil
// slice, strings escaped as Marshal escapes them (HTML characters, control
// characters, U+2028 and U+2029, invalid UTF-8 as U+FFFD) and numbers in
// its format. A score that is not a finite number, which Marshal refuses,
// is refused here too, and the caller then answers as Marshal's error does.

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/retold/retold/shared/match"
)

// appendResult appends r's JSON to b; ok is false when a score is NaN or
// infinite (json.Marshal's UnsupportedValueError).
func appendResult(b []byte, r *match.Result) (_ []byte, ok bool) {
	b = append(b, `{"page":`...)
	b = appendString(b, r.Page)
	b = append(b, `,"flags":`...)
	if b, ok = appendList(b, r.Flags, appendFlag); !ok {
		return b, false
	}
	if len(r.Needs) > 0 {
		b = append(b, `,"needs":[`...)
		for i, n := range r.Needs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, n)
		}
		b = append(b, ']')
	}
	return append(b, '}'), true
}

// appendList appends xs as a JSON array, each element by appendElem, or
// null for a nil slice, as json.Marshal writes them.
func appendList[T any](b []byte, xs []T, appendElem func([]byte, *T) ([]byte, bool)) (_ []byte, ok bool) {
	if xs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = appendElem(b, &xs[i]); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

func appendFlag(b []byte, f *match.Flag) (_ []byte, ok bool) {
	b = field(b, `{"text":`, f.Text)
	b = field(b, `,"kind":`, f.Kind)
	b = field(b, `,"claim":`, f.Claim)
	b = field(b, `,"speaker":`, f.Speaker)
	b = append(b, `,"score":`...)
	if b, ok = appendFloat(b, f.Score); !ok {
		return b, false
	}
	b = append(b, `,"versions":`...)
	if b, ok = appendList(b, f.Versions, appendVersion); !ok {
		return b, false
	}
	if c := f.Counter; c != nil {
		b = field(b, `,"counter":{"claim":`, c.Claim)
		b = field(b, `,"kind":`, c.Kind)
		b = field(b, `,"speaker":`, c.Speaker)
		b = field(b, `,"text":`, c.Text)
		b = append(b, '}')
	}
	b = field(b, `,"selector":{"exact":`, f.Selector.Exact)
	b = field(b, `,"prefix":`, f.Selector.Prefix)
	b = field(b, `,"suffix":`, f.Selector.Suffix)
	b = append(b, '}')
	b = appendPosition(append(b, `,"position":`...), f.Position)
	if p := f.PagePosition; p != nil {
		b = appendPosition(append(b, `,"page_position":`...), *p)
	}
	return append(b, '}'), true
}

func appendVersion(b []byte, v *match.Version) (_ []byte, ok bool) {
	b = field(b, `{"source":`, v.Source)
	b = field(b, `,"outlet":`, v.Outlet)
	b = field(b, `,"url":`, v.URL)
	b = field(b, `,"date":`, v.Date)
	b = field(b, `,"lang":`, v.Lang)
	b = field(b, `,"text":`, v.Text)
	b = append(b, `,"score":`...)
	if b, ok = appendFloat(b, v.Score); !ok {
		return b, false
	}
	if v.Earliest {
		b = append(b, `,"earliest":true`...)
	}
	return append(b, '}'), true
}

func appendPosition(b []byte, p match.Position) []byte {
	b = strconv.AppendInt(append(b, `{"start":`...), int64(p.Start), 10)
	b = strconv.AppendInt(append(b, `,"end":`...), int64(p.End), 10)
	return append(b, '}')
}

// field appends name (the JSON up to the value) and s as a JSON string.
func field(b []byte, name, s string) []byte { return appendString(append(b, name...), s) }

// appendFloat writes f as encoding/json writes a float64: the shortest
// decimal that reads back as f, in exponent form only below 1e-6 or from
// 1e21 on, with a one-digit negative exponent.
func appendFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-07 -> e-7
		b = b[:n-1]
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// special marks the bytes appendString looks at twice: the ASCII ones
// Marshal escapes, and every byte of a rune beyond ASCII.
var special = func() (t [256]bool) {
	for c := range t {
		t[c] = c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&'
	}
	return t
}()

// Eight bytes at a time (SWAR): ones has 0x01 in every byte, highs 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plain8 tells whether none of the eight bytes in w is special: no control
// character, no byte from 0x80 on, none of " \ < > &. A byte of the
// difference w - c*ones loses its top bit to a borrow only where a lower
// byte was below c, which sets nothing where no byte is, so each test is
// exact about whether any byte is below c (or, after an xor, equal to it).
// " (0x22) and & (0x26) differ in one bit, as do < (0x3c) and > (0x3e), so
// setting that bit tests each pair at once.
func plain8(w uint64) bool {
	zero := func(v uint64) uint64 { return (v - ones) &^ v } // top bit set in some byte iff a byte of v is 0
	t := w | (w - 0x20*ones) | zero((w|0x04*ones)^0x26*ones) | zero((w|0x02*ones)^0x3e*ones) | zero(w^0x5c*ones)
	return t&highs == 0
}

// appendString writes s as a JSON string escaped as json.Marshal escapes
// it. Most of a text needs no escape: it is scanned eight bytes a step
// (plain8) and copied in one piece; a step with a special byte, and the
// last few bytes, go byte by byte.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes read as one little-endian word (the order does not
		// matter to plain8), in bounds: i+8 <= len(s).
		for i+8 <= len(s) && plain8(*(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))) {
			i += 8
		}
		if i == len(s) {
			break
		}
		if !special[s[i]] {
			i++
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default: // other control characters, and <, > and & for HTML
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
