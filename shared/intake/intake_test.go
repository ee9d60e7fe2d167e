package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// expectParse parses in as a file called name and compares the articles.
func expectParse(t *testing.T, name, in string, meta *Meta, want ...Article) {
	t.Helper()
	got, err := Parse(name, []byte(in), meta)
	if err != nil {
		t.Errorf("Parse(%s): %v", name, err)
		return
	}
	if len(got) != len(want) {
		t.Errorf("Parse(%s) gave %d articles, want %d: %+v", name, len(got), len(want), got)
		return
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Parse(%s)[%d]\n got %+v\nwant %+v", name, i, got[i], want[i])
		}
	}
}

// expectError parses in and wants exactly the error message want.
func expectError(t *testing.T, name, in, want string) {
	t.Helper()
	got, err := Parse(name, []byte(in), nil)
	if err == nil {
		t.Errorf("Parse(%s, %q) = %+v, want error %q", name, in, got, want)
		return
	}
	if err.Error() != want {
		t.Errorf("Parse(%s, %q) error\n got %q\nwant %q", name, in, err.Error(), want)
	}
}

func TestJSON(t *testing.T) {
	expectParse(t, "one.json", `{"id": "a1", "url": "https://x.example/a", "outlet": "X", "date": "January 29, 2023", "lang": "en", "title": "T", "text": "Body."}`, nil,
		Article{ID: "a1", URL: "https://x.example/a", Outlet: "X", Date: "2023-01-29", Lang: "en", Title: "T", Text: "Body."})
	expectParse(t, "nulls.json", `[{"id": "a", "url": null, "outlet": null, "date": null, "lang": null, "title": null, "text": "One."},
		{"id": 7, "text": "Two."}]`, nil,
		Article{ID: "a", Text: "One."}, Article{ID: "7", Text: "Two."})
	expectParse(t, "empty.json", `[]`, nil)
	expectParse(t, "date.json", `{"id": "d", "text": "x", "date": "2023-01-29T10:00:00Z"}`, nil, Article{ID: "d", Text: "x", Date: "2023-01-29"})
	expectParse(t, "odd.json", `{"id": "d", "text": "x", "date": "spring"}`, nil, Article{ID: "d", Text: "x", Date: "spring"})
	expectParse(t, "upper.JSON", "\ufeff"+`{"id": "u", "text": "x"}`, nil, Article{ID: "u", Text: "x"})
}

func TestJSONWithHTML(t *testing.T) {
	page := `<html lang="en"><head><title>Ferry late again - Harbour Post</title><meta property="og:site_name" content="Harbour Post"></head>` +
		`<body><article><h1>Ferry late again</h1><p>The morning ferry was late again today, the third time this week, because of strong wind.</p>` +
		`<p>Passengers said the operator, which blamed the weather, should add a second boat.</p></article></body></html>`
	rec := `{"id": "h1", "date": "29 Jan 2023", "html": ` + jsonString(page) + `}`
	got, err := Parse("page.jsonl", []byte(rec+"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := got[0]
	if a.ID != "h1" || a.Title != "Ferry late again" || a.Outlet != "Harbour Post" || a.Lang != "en" || a.Date != "2023-01-29" {
		t.Errorf("metadata: %+v", a)
	}
	if !strings.HasPrefix(a.Text, "The morning ferry was late") || !strings.Contains(a.Text, "\n\nPassengers said") {
		t.Errorf("text: %q", a.Text)
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func TestJSONL(t *testing.T) {
	expectParse(t, "c.jsonl", "{\"id\":\"1\",\"text\":\"A.\"}\n\n  \r\n{\"id\":\"2\",\"text\":\"B.\",\"outlet\":null}\r\n", nil,
		Article{ID: "1", Text: "A."}, Article{ID: "2", Text: "B."})
	expectParse(t, "c.ndjson", `{"id":"1","text":"A.","lang":"fr"}`, nil, Article{ID: "1", Text: "A.", Lang: "fr"})
	expectParse(t, "blank.jsonl", "\n\n", nil)
}

func TestErrors(t *testing.T) {
	expectError(t, "bad.json", `{"id": "x", "text": `, "bad.json: invalid JSON")
	expectError(t, "bad.json", `"just a string"`, "bad.json: want a record object or an array of them")
	expectError(t, "c.json", `[{"id": "a", "text": "x"}, {"text": "y"}]`, "c.json: record 2 has no id")
	expectError(t, "c.json", `[{"id": "a", "text": "x"}, 5]`, "c.json: record 2 is not an object")
	expectError(t, "c.json", `{"id": "a", "text": null}`, `c.json: record 1 "a" has no text or html`)
	expectError(t, "c.json", `{"id": "a", "text": "  "}`, `c.json: record 1 "a" has no text or html`)
	expectError(t, "c.json", `{"id": "a", "text": ["x"]}`, `c.json: record 1 has a field "text" that is not a string`)
	expectError(t, "c.json", `{"id": "a", "html": "just words"}`, `c.json: record 1 "a": extract: input is not HTML`)
	expectError(t, "c.jsonl", "{\"id\":\"1\",\"text\":\"A.\"}\n\n{\"id\":\"2\"\n", "c.jsonl: line 3: invalid JSON")
	expectError(t, "c.jsonl", "{\"id\":\"1\",\"text\":\"A.\"}\n{\"id\":null,\"text\":\"B.\"}\n", "c.jsonl: line 2: record has no id")
	expectError(t, "deep.json", strings.Repeat("[", 5_000_000), "deep.json: JSON nested deeper than 100 levels")
	expectError(t, "deep.jsonl", "{\"id\":\"1\",\"text\":\"A.\"}\n"+strings.Repeat(`{"a":`, 200), "deep.jsonl: line 2: JSON nested deeper than 100 levels")
	expectParse(t, "brackets.json", `{"id": "b", "text": "[[[[{{{{\\\"]]]"}`, nil, Article{ID: "b", Text: `[[[[{{{{\"]]]`})
	expectError(t, "notes.docx", "x", "notes.docx: unknown format (want .json, .jsonl, .ndjson, .txt, .md, .markdown, .html or .htm)")
	expectError(t, "empty.txt", " \n\n ", "empty.txt: no article text")
	expectError(t, "page.html", "no markup here", "page.html: extract: input is not HTML")
	expectError(t, "front.html", `<ul><li><a href="/a">A headline</a></li></ul>`, "front.html: no article text")
}

func TestText(t *testing.T) {
	plain := " A line with leading space.\nAnd a quote [sic] in brackets, *one* star.\n\n\nEnd. \n"
	expectParse(t, "dir/001_plain.txt", plain, &Meta{Outlet: "Harbour Post", Date: "29 Jan 2023", Lang: "en"},
		Article{ID: "001_plain.txt", Outlet: "Harbour Post", Date: "2023-01-29", Lang: "en", Text: plain})
	expectParse(t, "nometa.txt", "Words.", nil, Article{ID: "nometa.txt", Text: "Words."})
}

func TestMarkdown(t *testing.T) {
	in := "\n\n# Ferry Late Again\n\nBy [Harbour Post](#)\n\nJanuary 29, 2023\n\n![a boat](boat.jpg)\n\n**Photo: The Archive**\n\n" +
		"The *morning* ferry was [late again](https://x.example/ferry) today, the _third_ time this week.\n\n" +
		"> \"We are sorry,\" the operator said.\n\n- a list item\n\nA snake_case_name and 2 * 3 stay.\n\n---\n\nOriginal url:\n\n<https://x.example/ferry-late>\n"
	want := "Ferry Late Again\n\nBy Harbour Post\n\nJanuary 29, 2023\n\nPhoto: The Archive\n\n" +
		"The morning ferry was late again today, the third time this week.\n\n" +
		"\"We are sorry,\" the operator said.\n\na list item\n\nA snake_case_name and 2 * 3 stay."
	a := Article{ID: "f.md", URL: "https://x.example/ferry-late", Date: "2023-01-29", Title: "Ferry Late Again", Text: want}
	expectParse(t, "f.md", in, nil, a)
	a.ID = "f.txt" // a .txt that is clearly Markdown is flattened too
	expectParse(t, "f.txt", in, nil, a)
	expectParse(t, "s.markdown", "Title here\n=====\n\nText with \\*stars\\* kept.", nil,
		Article{ID: "s.markdown", Title: "Title here", Text: "Title here\n\nText with *stars* kept."})
}

func TestIsMarkdown(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"# Title\n\nBy [AFP](#)", true},
		{"**Bold** and <https://x.example>", true},
		{"# Only a heading-like line", false},
		{"He said [North Korea] would answer. C# is a language.", false},
		{"Plain text, nothing else.", false},
	} {
		if got := isMarkdown(tc.in); got != tc.want {
			t.Errorf("isMarkdown(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestHTMLFile(t *testing.T) {
	page := `<html><head><title>Pier vote</title><link rel="canonical" href="https://ledger.example/pier"></head><body><div class="story">` +
		`<p>The council voted on Monday evening to rebuild the wooden pier that storms took apart, ending a long argument.</p></div></body></html>`
	got, err := Parse("/tmp/x/pier.html", []byte(page), &Meta{Outlet: "Ledger"})
	if err != nil {
		t.Fatal(err)
	}
	if a := got[0]; a.ID != "pier.html" || a.URL != "https://ledger.example/pier" || a.Outlet != "Ledger" || !strings.HasPrefix(a.Text, "The council voted") {
		t.Errorf("got %+v", a)
	}
}

func TestReadFSSeeds(t *testing.T) {
	as, err := ReadFS(os.DirFS(filepath.Join("..", "corpus")), "seeds")
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 5 {
		t.Fatalf("got %d articles, want 5", len(as))
	}
	outlets := []string{"The Moscow Times (AFP)", "The Moscow Times (AFP)", "", "", "The Hill"}
	for i, a := range as {
		if a.Outlet != outlets[i] || a.Lang != "en" || a.Date == "" {
			t.Errorf("%s: outlet %q lang %q date %q", a.ID, a.Outlet, a.Lang, a.Date)
		}
	}
	expectSeed(t, as[0], "000_db1c020fb54c6a6c.txt", "", "")
	expectSeed(t, as[1], "001_a1b3c287e7b1f00f.txt", "https://www.themoscowtimes.com/2023/01/29/north-korea-denies-arms-dealing-with-russia-a80072",
		"North Korea Denies Arms Dealing With Russia")
	raw, err := os.ReadFile(filepath.Join("..", "corpus", "seeds", "000_db1c020fb54c6a6c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if as[0].Text != string(raw) {
		t.Error("plain-text seed 000 is not byte-identical")
	}
	for _, bad := range []string{"](#)", "**", "Original url", "<https://", "# North"} {
		if strings.Contains(as[1].Text, bad) {
			t.Errorf("seed 001 text still holds %q", bad)
		}
	}
}

func expectSeed(t *testing.T, a Article, id, url, title string) {
	t.Helper()
	if a.ID != id || a.URL != url || a.Title != title {
		t.Errorf("got ID %q URL %q Title %q, want %q %q %q", a.ID, a.URL, a.Title, id, url, title)
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"c/sources.json":     {Data: []byte(`{"b.txt": {"outlet": "B Daily", "url": null, "date": "2023-01-29T08:00:00Z"}, "about": "x"}`)},
		"c/b.txt":            {Data: []byte("Second file.")},
		"c/a.jsonl":          {Data: []byte(`{"id": "r1", "text": "First."}` + "\n")},
		"c/notes.csv":        {Data: []byte("ignored")},
		"c/.hidden.txt":      {Data: []byte("ignored")},
		"c/sub/c.md":         {Data: []byte("# Sub\n\nThird.")},
		"c/sub/d.html":       {Data: []byte(`<p>` + strings.Repeat("Fourth sentence here. ", 5) + `</p>`)},
		"other/e.txt":        {Data: []byte("not read")},
		"c/sub/sources.json": {Data: []byte(`{"files": {"c.md": {"outlet": "Sub Times", "lang": "en"}}}`)},
	}
	as, err := ReadFS(fsys, "c")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID+"/"+a.Outlet+"/"+a.Date)
	}
	if got, want := strings.Join(ids, " "), "r1// b.txt/B Daily/2023-01-29 c.md/Sub Times/ d.html//"; got != want {
		t.Errorf("ReadFS = %q, want %q", got, want)
	}
	if _, err := ReadFS(fstest.MapFS{"c/x.json": {Data: []byte("{")}}, "c"); err == nil || err.Error() != "c/x.json: invalid JSON" {
		t.Errorf("bad file: err = %v", err)
	}
	if _, err := ReadFS(fstest.MapFS{"c/sources.json": {Data: []byte("{")}, "c/x.txt": {Data: []byte("x")}}, "c"); err == nil {
		t.Error("bad sources.json: no error")
	}
	if _, err := ReadFS(fsys, "missing"); err == nil {
		t.Error("missing dir: no error")
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("sources.json", `{"seeds": {"x.txt": {"outlet": "X News", "url": "https://x.example/1", "date": "2023-01-29", "lang": "en"}}}`)
	as, err := ReadFile(write("x.txt", "Some text."))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Article{ID: "x.txt", Outlet: "X News", URL: "https://x.example/1", Date: "2023-01-29", Lang: "en", Text: "Some text."}); as[0] != want {
		t.Errorf("got %+v", as[0])
	}
	if _, err := ReadFile(filepath.Join(dir, "none.txt")); err == nil {
		t.Error("missing file: no error")
	}
	big := write("big.jsonl", "")
	if err := os.Truncate(big, maxFile+1); err != nil {
		t.Skip("cannot make a sparse file here:", err)
	}
	if _, err := ReadFile(big); err == nil || !strings.Contains(err.Error(), "64 MB limit") {
		t.Errorf("big file: err = %v", err)
	}
}

// FuzzParse checks that no input panics under any format, and that every
// article that comes back has an id and text.
func FuzzParse(f *testing.F) {
	f.Add("a.json", []byte(`[{"id":"a","text":"x","date":"29 Jan 2023"},{"id":1,"html":"<p>y</p>"}]`))
	f.Add("a.jsonl", []byte("{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"b\"}"))
	f.Add("a.txt", []byte("# T\n\nBy [A](#)\n\n**b** _c_ ![i](j)\n\nOriginal url:\n\n<https://x>"))
	f.Add("a.md", []byte("T\n===\n```\ncode\n```\n\\*x\\* [a][b] [b]: http://x\n> q\n- l"))
	f.Add("a.html", []byte("<html><body><p>x, y</p></body></html>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		as, err := Parse(name, data, &Meta{Date: "2023-01-29"})
		if err != nil {
			return
		}
		for _, a := range as {
			if a.ID == "" || strings.TrimSpace(a.Text) == "" {
				t.Errorf("article without id or text: %+v", a)
			}
		}
	})
}

func expectLang(t *testing.T, declared, text, want string) {
	t.Helper()
	as := []Article{{ID: "x", Lang: declared, Text: text}}
	detectLangs(as)
	if as[0].Lang != want {
		t.Errorf("detectLangs(%q, %q) = %q, want %q", declared, text, as[0].Lang, want)
	}
}

func TestDetectLangsOverridesDeclared(t *testing.T) {
	for _, c := range []struct{ declared, text, want string }{
		{"", "Le gouvernement a annoncé mardi une nouvelle loi sur les transports.", "fr"},
		{"en", "Die Regierung hat am Dienstag ein neues Gesetz für den Verkehr angekündigt.", "de"},
		{"fr", "The government announced a new transport law on Tuesday and said it would pass.", "en"},
		{"", "The government announced a new transport law on Tuesday and said it would pass.", ""},
		{"es", "Hola", "es"}, // too short to tell: the declared language stays
	} {
		expectLang(t, c.declared, c.text, c.want)
	}
}
