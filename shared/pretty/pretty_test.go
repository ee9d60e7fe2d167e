package pretty

import "testing"

func expectPretty(t *testing.T, in string, opts *Options, want string) {
	t.Helper()
	if got := string(PrettyOptions([]byte(in), opts)); got != want {
		t.Errorf("PrettyOptions(%q):\n got %q\nwant %q", in, got, want)
	}
}

func expectUgly(t *testing.T, in, want string) {
	t.Helper()
	if got := string(Ugly([]byte(in))); got != want {
		t.Errorf("Ugly(%q) = %q, want %q", in, got, want)
	}
}

func TestPretty(t *testing.T) {
	sorted := &Options{Width: 80, Indent: "\t", SortKeys: true}
	narrow := &Options{Width: 6, Indent: " "}
	prefixed := &Options{Width: 80, Prefix: "> ", Indent: "  "}
	for _, c := range []struct {
		in   string
		opts *Options
		want string
	}{
		{`{"a":1,"b":[1,2,3]}`, nil, "{\n  \"a\": 1,\n  \"b\": [1, 2, 3]\n}\n"},
		{` [ ] `, nil, "[]\n"},
		{`{}`, nil, "{}\n"},
		{`"x y"`, nil, "\"x y\"\n"},
		{`[{"a":null},true]`, nil, "[\n  {\n    \"a\": null\n  },\n  true\n]\n"},
		{`{"b":1,"a":{"d":2,"c":3}}`, sorted, "{\n\t\"a\": {\n\t\t\"c\": 3,\n\t\t\"d\": 2\n\t},\n\t\"b\": 1\n}\n"},
		{`[1,2,3]`, narrow, "[\n 1,\n 2,\n 3\n]\n"},
		{`[1,2]`, narrow, "[1, 2]\n"},
		{`{"a":"q\"}"}`, prefixed, "> {\n>   \"a\": \"q\\\"}\"\n> }\n"},
		// Not one JSON value: returned as it came.
		{`{"a":1`, nil, `{"a":1`},
		{`[1,]`, nil, `[1,]`},
		{`{"a" 1}`, nil, `{"a" 1}`},
		{`{1:2}`, nil, `{1:2}`},
		{`[1] [2]`, nil, `[1] [2]`},
		{`"open`, nil, `"open`},
		{`"\"`, nil, `"\"`},
		{`[[1,"x]`, nil, `[[1,"x]`},
		{``, nil, ``},
	} {
		expectPretty(t, c.in, c.opts, c.want)
	}
}

func TestPrettyDeepNestingIsCompact(t *testing.T) {
	in := make([]byte, 0, 2*(maxDepth+10))
	for range maxDepth + 5 {
		in = append(in, '[')
	}
	for range maxDepth + 5 {
		in = append(in, ']')
	}
	out := Pretty(in)
	if string(Ugly(out)) != string(in) {
		t.Fatalf("deep input changed beyond whitespace")
	}
}

func TestUgly(t *testing.T) {
	for _, c := range [][2]string{
		{"{ \"a b\" : [ 1 ,\n\t2 ] }", `{"a b":[1,2]}`},
		{`"a \" b"  `, `"a \" b"`},
		{`"unterminated  x`, `"unterminated  x`},
		{"", ""},
	} {
		expectUgly(t, c[0], c[1])
	}
}
