// Package charset turns the bytes of a web page in any of the web's legacy
// encodings (windows-1252, ISO-8859-x, KOI8, Shift_JIS, EUC-JP, ISO-2022-JP,
// EUC-KR, GBK/GB18030, Big5, UTF-16) into UTF-8, for the front ends that get
// raw bytes: the command line and the Worker.
//
// Design. The encoding is decided the way a browser decides it, in the order
// of the WHATWG encoding sniffing algorithm: a byte order mark, then the
// charset of the HTTP Content-Type, then a <meta charset> or <meta
// http-equiv=content-type> in the page. Browsers pre-scan only the first 1024
// bytes and then re-parse when a later <meta> names another charset; we
// pre-scan the head up to 64 KB at once, which comes to the same answer
// without the second parse. A page that declares nothing is UTF-8 when it
// decodes as UTF-8; otherwise its non-ASCII bytes are tried against the
// multi-byte CJK encodings, and one is chosen only when it decodes them
// without error into the scripts it is for (a Japanese page into kana and
// kanji); anything else is read as windows-1252, the web's default.
//
// The encoding tables (golang.org/x/text) weigh a few hundred kilobytes, so
// this package stands alone: shared/extract and shared/intake do not import
// it, and the extension's WebAssembly, which the browser hands text already
// decoded, stays without them.
package charset

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// Limits and sniffing thresholds, in one place.
const (
	maxBody      = 64 << 20 // larger bodies are refused
	prescanBytes = 64 << 10 // how far into the page a <meta> charset is looked for
	sniffBytes   = 64 << 10 // how much of an undeclared page the CJK guess reads
	minCJKRunes  = 8        // fewer non-ASCII characters: too little to tell a CJK encoding
	cjkShare     = 0.9      // share of decoded non-ASCII runes that must be CJK (or CJK punctuation)
	kanaShare    = 0.1      // share that must be kana for Japanese
	hangulShare  = 0.6      // share that must be Hangul syllables for Korean
	utf8Majority = 4        // valid multi-byte sequences per invalid byte for a page to be UTF-8 still
)

// ErrTooLarge is returned for a body over 64 MB.
var ErrTooLarge = errors.New("charset: body over 64 MB")

// boms are the byte order marks, longest first (UTF-32LE starts like UTF-16LE).
var boms = []struct {
	mark []byte
	name string
}{
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"},
	{[]byte{0xFE, 0xFF}, "utf-16be"},
	{[]byte{0xFF, 0xFE}, "utf-16le"},
}

// sniffed are the encodings tried, in order, on a page that declares none
// and is not UTF-8, each with the test its decoded text must pass. The legacy
// CJK encodings overlap (most byte pairs decode in several), so each test asks
// for what real text in that language is full of: Japanese for kana, Korean
// for Hangul syllables, and simplified Chinese (GB2312, the part of GBK news
// uses) for pairs of bytes both in A1-FE, where Big5 text has many second
// bytes under 0x80.
var sniffed = []struct {
	name string
	fits func(p profile) bool
}{
	{"shift_jis", func(p profile) bool { return p.cjk >= cjkShare && p.kana >= kanaShare }},
	{"euc-jp", func(p profile) bool { return p.cjk >= cjkShare && p.kana >= kanaShare }},
	{"euc-kr", func(p profile) bool { return p.hangul >= hangulShare }},
	{"gbk", func(p profile) bool { return p.cjk >= cjkShare && p.highPairs }},
	{"big5", func(p profile) bool { return p.cjk >= cjkShare }},
	{"gbk", func(p profile) bool { return p.cjk >= cjkShare }},
}

// ToUTF8 returns body as UTF-8. contentType is the HTTP Content-Type header
// ("" when there is none, as for a file). The result has no byte order mark
// and is valid UTF-8; bytes that do not decode become U+FFFD. The only error
// is ErrTooLarge.
func ToUTF8(body []byte, contentType string) ([]byte, error) {
	out, _, err := Decode(body, contentType)
	return out, err
}

// Decode is ToUTF8 that also names the encoding it used (the WHATWG name,
// such as "windows-1252" or "shift_jis").
func Decode(body []byte, contentType string) ([]byte, string, error) {
	if len(body) > maxBody {
		return nil, "", ErrTooLarge
	}
	name := Detect(body, contentType)
	for _, b := range boms {
		if bytes.HasPrefix(body, b.mark) {
			body = body[len(b.mark):]
			break
		}
	}
	if name == "utf-8" {
		if utf8.Valid(body) {
			return body, name, nil
		}
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), name, nil
	}
	e, _ := htmlcharset.Lookup(name)
	if e == nil { // Detect names only encodings Lookup knows; stay safe anyway
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8", nil
	}
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("charset: decoding %s: %w", name, err)
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD")), name, nil
}

// Detect names the encoding of body: by its byte order mark, the charset of
// contentType, a <meta> in its head, or, when none says, by its bytes.
func Detect(body []byte, contentType string) string {
	for _, b := range boms {
		if bytes.HasPrefix(body, b.mark) {
			return b.name
		}
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		// Unlike a <meta>, a header can truly say UTF-16.
		if _, name := htmlcharset.Lookup(params["charset"]); strings.HasPrefix(name, "utf-16") {
			return name
		} else if name := usable(params["charset"]); name != "" {
			return name
		}
	}
	if name := prescan(body[:min(len(body), prescanBytes)]); name != "" {
		return name
	}
	return sniff(body)
}

// usable maps a charset label to the encoding a browser would use for it, or
// "" for a label it does not know. A page cannot declare itself UTF-16 or
// UTF-32 in a <meta> (its ASCII would not read), so those labels mean UTF-8.
func usable(label string) string {
	_, name := htmlcharset.Lookup(label)
	switch {
	case name == "":
		return ""
	case strings.HasPrefix(name, "utf-16"):
		return "utf-8"
	case name == "x-user-defined":
		return "windows-1252"
	}
	return name
}

// prescan finds a charset declared by a <meta> before <body> or the first
// text of the page.
func prescan(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return ""
			case atom.Meta:
			default:
				continue
			}
			var charset, content string
			refresh := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(bytes.ToLower(k)) {
				case "charset":
					charset = string(v)
				case "content":
					content = string(v)
				case "http-equiv":
					refresh = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				}
			}
			if name := usable(charset); name != "" {
				return name
			}
			if refresh {
				if name := usable(contentCharset(content)); name != "" {
					return name
				}
			}
		}
	}
}

// contentCharset reads the charset= of a Content-Type value, leniently, as
// the HTML spec's algorithm does ("text/html;charset=Shift_JIS").
func contentCharset(v string) string {
	i := strings.Index(strings.ToLower(v), "charset")
	if i < 0 {
		return ""
	}
	v = strings.TrimLeft(v[i+len("charset"):], " \t\n\f\r")
	if !strings.HasPrefix(v, "=") {
		return ""
	}
	v = strings.TrimLeft(v[1:], " \t\n\f\r")
	v = strings.Trim(v, `"'`)
	if j := strings.IndexAny(v, ` ;"'`); j >= 0 {
		v = v[:j]
	}
	return v
}

// sniff guesses the encoding of a page that declares none.
func sniff(body []byte) string {
	if utf8.Valid(body) {
		return "utf-8"
	}
	sample := body[:min(len(body), sniffBytes)]
	// Cut a multi-byte sequence the sample boundary split, so a valid page
	// does not look invalid for its last bytes.
	for i := 0; i < 3 && len(sample) > 0 && sample[len(sample)-1] >= 0x80; i++ {
		sample = sample[:len(sample)-1]
	}
	if mostlyUTF8(sample) {
		return "utf-8"
	}
	for _, c := range sniffed {
		e, _ := htmlcharset.Lookup(c.name)
		if p, ok := profileOf(e, sample); ok && c.fits(p) {
			return c.name
		}
	}
	return "windows-1252"
}

// mostlyUTF8 reports text whose multi-byte UTF-8 sequences far outnumber
// its invalid bytes: a UTF-8 page with a stray byte of something else.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		b = b[size:]
	}
	return valid >= utf8Majority*invalid && valid > 0
}

// profile is what a sample decodes to: shares of its non-ASCII runes.
type profile struct {
	cjk, kana, hangul float64
	highPairs         bool // every non-ASCII byte pairs with another in A1-FE
}

// profileOf decodes sample with e; ok is false when anything fails to decode
// or there is too little non-ASCII text to tell.
func profileOf(e encoding.Encoding, sample []byte) (p profile, ok bool) {
	out, err := e.NewDecoder().Bytes(sample)
	if err != nil {
		return p, false
	}
	var all, cjk, kana, hangul int
	for _, r := range string(out) {
		switch {
		case r < 0x80:
			continue
		case r == utf8.RuneError:
			return p, false
		case r >= 0xAC00 && r <= 0xD7A3:
			hangul++
			cjk++
		case r >= 0x3041 && r <= 0x30FF: // kana, with the prolonged sound mark

			kana++
			cjk++
		case unicode.In(r, unicode.Han, unicode.Hangul) || r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60:
			cjk++
		}
		all++
	}
	if all < minCJKRunes {
		return p, false
	}
	n := float64(all)
	return profile{cjk: float64(cjk) / n, kana: float64(kana) / n, hangul: float64(hangul) / n, highPairs: onlyHighPairs(sample)}, true
}

// onlyHighPairs reports whether the non-ASCII bytes of b come in pairs both
// in A1-FE, as in EUC-KR, EUC-JP and GB2312 text.
func onlyHighPairs(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] < 0x80 {
			continue
		}
		if i+1 >= len(b) || b[i] < 0xA1 || b[i] > 0xFE || b[i+1] < 0xA1 || b[i+1] > 0xFE {
			return false
		}
		i++
	}
	return true
}
