package extract

import (
	"net/url"
	"testing"
)

// urlCases are URLs where a hand-written parser is most likely to part from
// net/url: relative forms, dot segments, query and fragment only, userinfo,
// ports, IPv6 literals and zones, escapes, and malformed input.
var urlCases = []string{
	"", "*", "#", "?", "/", "//", "///", "////x",
	"https://www.example.org/news/story.html?id=1#top",
	"HTTPS://WWW.Example.ORG:8443/a", "http://example.org:", "http://example.org:80x",
	"//cdn.example.net/a.js", "///not-a-host/x", "../up/one", "./here", "a/b/../c",
	"?q=1", "?", "a?b?", "#frag", "#%zz", "#%41", "/p#%4",
	"http://user@example.com/", "http://user:pa%20ss@example.com/", "http://us er@example.com/",
	"http://a@b@example.com/", "http://user:p@ss:word@example.com", "http://%zz@example.com/",
	"http://[::1]/", "http://[::1]:8080/", "http://[fe80::1%25en0]:80/", "http://[fe80::1%25]/",
	"http://[fe80::1%25%65n0]/", "http://[fe80::1%25%0a]/", "http://[fe80::1%en0]/",
	"http://[::ffff:192.0.2.1]/", "http://[::ffff:192.0.2.01]/", "http://[192.0.2.1]/",
	"http://[1:2:3:4:5:6:7:8]/", "http://[1:2:3:4:5:6:7:8:9]/", "http://[1::2::3]/",
	"http://[12345::]/", "http://[1:2:3:4:5:6:7::]/", "http://[::1.2.3.4]/", "http://[1:2:3:4:5:6:1.2.3.4]/",
	"http://[1:2:3:4:5:6:7:1.2.3.4]/", "http://[:1]/", "http://[1:]/", "http://[::1]x/", "http://x[::1]/",
	"http://[::1/", "http://::1]/", "http://[::%31]/", "http://[v1.fe]/",
	"http://a:1:2/", "mongodb://a:1,b:2/", "postgres://h1:5432:5433/db", "http://a:b/",
	"http://exa%C3%A9mple.com/", "http://exa%41mple.com/", "http://ex ample.com/", "http://ex<ample.com/",
	"http://ex\"ample.com/", "http://ex{ample.com/", "http://ex%25ample.com/", "http://%e4%b8%ad.cn/",
	"http://例子.测试/", "http://example.com/%zz", "http://example.com/%2", "http://example.com/a%2Fb",
	"mailto:someone@example.com", "urn:isbn:0451450523", "news:comp.lang.go", "javascript:void(0)",
	":no-scheme", "1http://x", "ht~tp://x/", "h+t.t-p://host/", "a:b/c", "a/b:c", "./a:b",
	"http://exa\tmple.com/", "http://example.com/\x7f", "http://example.com/\n", "http:///path", "http:/path",
	"file:///etc/hosts", "http://[::1]:/", "http://@/", "http://:80/", "http://[]/",
}

func expectHostName(t *testing.T, in string) {
	t.Helper()
	want, wantOK := "", false
	if u, err := url.Parse(in); err == nil {
		want, wantOK = u.Hostname(), true
	}
	if got, ok := hostName(in); got != want || ok != wantOK {
		t.Errorf("hostName(%q) = %q, %v; net/url says %q, %v", in, got, ok, want, wantOK)
	}
}

func TestHostNameMatchesNetURL(t *testing.T) {
	for _, in := range urlCases {
		expectHostName(t, in)
	}
}

// FuzzHostName holds hostName to net/url on any input:
// go test ./shared/extract -run '^$' -fuzz FuzzHostName -fuzztime 60s
func FuzzHostName(f *testing.F) {
	for _, in := range urlCases {
		f.Add(in)
	}
	f.Fuzz(expectHostName)
}
