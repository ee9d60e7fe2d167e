package charset

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// Byte fixtures written for these tests; the hex is each text in its encoding.
var (
	sjisJapanese  = "\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x6a\x83\x85\x81\x5b\x83\x58" // 日本語のニュース
	eucjpJapanese = "\xc6\xfc\xcb\xdc\xb8\xec\xa4\xce\xa5\xcb\xa5\xe5\xa1\xbc\xa5\xb9" // 日本語のニュース
	euckrKorean   = "\xc7\xd1\xb1\xb9\xbe\xee \xb4\xba\xbd\xba"                        // 한국어 뉴스
	gbkChinese    = "\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5"                                 // 中文新闻
	big5Chinese   = "\xa4\xa4\xa4\xe5\xb7\x73\xbb\x44"                                 // 中文新聞
	latin2Polish  = "\xa3\xf3d\xbc"                                                    // Łódź
	cp1252French  = "caf\xe9 \x805 \x97 \x93q\x94"                                     // café €5 — “q”
)

func page(head, body string) []byte {
	return []byte("<!doctype html><html><head>" + head + "<title>t</title></head><body><p>" + body + "</p></body></html>")
}

func expectDecode(t *testing.T, name string, in []byte, contentType, wantEnc, wantText string) {
	t.Helper()
	out, enc, err := Decode(in, contentType)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if enc != wantEnc {
		t.Errorf("%s: encoding %q, want %q", name, enc, wantEnc)
	}
	if !utf8.Valid(out) {
		t.Errorf("%s: output is not UTF-8", name)
	}
	if !strings.Contains(string(out), wantText) {
		t.Errorf("%s: output lacks %q:\n%s", name, wantText, out)
	}
}

func TestDecode(t *testing.T) {
	long := strings.Repeat(" ", 3000)
	for _, tc := range []struct {
		name, contentType string
		in                []byte
		enc, text         string
	}{
		{"meta charset windows-1252", "", page(`<meta charset="windows-1252">`, cp1252French), "windows-1252", "café €5 — “q”"},
		{"iso-8859-1 label means windows-1252", "", page(`<meta charset=iso-8859-1>`, cp1252French), "windows-1252", "café €5"},
		{"http-equiv latin2", "", page(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">`, latin2Polish), "iso-8859-2", "Łódź"},
		{"meta shift_jis", "", page(`<meta charset="Shift_JIS">`, sjisJapanese), "shift_jis", "日本語のニュース"},
		{"meta euc-jp", "", page(`<meta http-equiv=content-type content="text/html;charset=EUC-JP">`, eucjpJapanese), "euc-jp", "日本語のニュース"},
		{"header euc-kr", "text/html; charset=EUC-KR", page("", euckrKorean), "euc-kr", "한국어 뉴스"},
		{"header beats meta", "text/html; charset=gbk", page(`<meta charset="big5">`, gbkChinese), "gbk", "中文新闻"},
		{"meta after 1024 bytes", "", page("<!--"+long+"-->"+`<meta charset="big5">`, big5Chinese), "big5", "中文新聞"},
		{"meta utf-16 means utf-8", "", page(`<meta charset="utf-16">`, "naïve"), "utf-8", "naïve"},
		{"utf-8 bom", "", append([]byte("\xef\xbb\xbf"), page(`<meta charset="windows-1252">`, "naïve")...), "utf-8", "naïve"},
		{"utf-16le bom", "", []byte("\xff\xfe<\x00p\x00>\x00\xe9\x00"), "utf-16le", "<p>é"},
		{"utf-16be bom", "", []byte("\xfe\xff\x00<\x00p\x00>\x00\xe9"), "utf-16be", "<p>é"},
		{"undeclared utf-8", "", page("", "naïve café"), "utf-8", "naïve café"},
		{"undeclared latin", "", page("", cp1252French), "windows-1252", "café €5"},
		{"sniff shift_jis", "", page("", strings.Repeat(sjisJapanese, 2)), "shift_jis", "日本語のニュース"},
		{"sniff euc-jp", "", page("", strings.Repeat(eucjpJapanese, 2)), "euc-jp", "日本語のニュース"},
		{"sniff euc-kr", "", page("", strings.Repeat(euckrKorean+" ", 3)), "euc-kr", "한국어 뉴스"},
		{"sniff gbk", "", page("", strings.Repeat(gbkChinese, 3)), "gbk", "中文新闻"},
		{"sniff big5", "", page("", strings.Repeat(big5Chinese, 3)), "big5", "中文新聞"},
		{"unknown label", "text/html; charset=no-such", page(`<meta charset="nonsense">`, "plain"), "utf-8", "plain"},
		{"utf-8 with a stray byte", "", page("", strings.Repeat("naïve ", 10)+"\xff"), "utf-8", "naïve \uFFFD"},
		{"declared utf-8, invalid", "", page(`<meta charset=utf-8>`, "a\xffb"), "utf-8", "a\uFFFDb"},
		{"empty", "", nil, "utf-8", ""},
	} {
		expectDecode(t, tc.name, tc.in, tc.contentType, tc.enc, tc.text)
	}
}

func TestToUTF8(t *testing.T) {
	src := page("", "plain ascii")
	out, err := ToUTF8(src, "")
	if err != nil || !bytes.Equal(out, src) {
		t.Errorf("ToUTF8 changed UTF-8 input: %q, %v", out, err)
	}
	if _, err := ToUTF8(make([]byte, maxBody+1), ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized body: err = %v, want ErrTooLarge", err)
	}
}

// FuzzToUTF8 checks that any bytes decode to valid UTF-8 without a panic.
func FuzzToUTF8(f *testing.F) {
	for _, s := range []string{sjisJapanese, euckrKorean, cp1252French, "<meta charset=big5>" + big5Chinese, "\xff\xfe\x00"} {
		f.Add([]byte(s), "")
	}
	f.Add([]byte("<p>x"), "text/html; charset=iso-2022-jp")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out, err := ToUTF8(body, contentType)
		if err != nil {
			return
		}
		if !utf8.Valid(out) {
			t.Errorf("invalid UTF-8 out of %q", body)
		}
	})
}
