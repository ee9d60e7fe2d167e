package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedDir = "../../shared/corpus/seeds"

// cli runs the command line in-process and returns its exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func seedFiles(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	return files
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const page = `{"id": "p1", "url": null, "outlet": null, "date": null, "lang": null, "title": null,
"text": "North Korea denies arming Russian mercenaries\n\nNorth Korea on Sunday denied that it had supplied rockets and missiles to Russia's Wagner group, after Washington accused it of arming the mercenaries.\n\nA senior North Korean official warned that the US would face a really undesirable result if it kept spreading the self-made rumour."}`

func TestIndexThenAnalyzeJSON(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "seeds.idx")
	code, _, stderr := cli(t, append([]string{"index", "-o", idx}, seedFiles(t)...)...)
	if code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	p := write(t, dir, "p1.json", page)
	code, out, stderr := cli(t, "analyze", "-index", idx, "-json", p)
	if code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	var res struct {
		Page  string `json:"page"`
		Flags []struct {
			Text, Kind, Claim string
			Versions          []struct{ Source, Text string }
		} `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	if res.Page != "p1" || len(res.Flags) < 2 {
		t.Fatalf("want page p1 with at least two flags, got %+v", res)
	}
	for _, f := range res.Flags {
		if f.Kind != "claim" && f.Kind != "denial" || f.Claim == "" || len(f.Versions) == 0 {
			t.Errorf("incomplete flag %+v", f)
		}
	}
}

func TestAnalyzeDefaultCorpusReport(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "p1.json", page)
	code, out, stderr := cli(t, "analyze", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"DENIAL", "self-made rumour", "not whether it is true"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestBadPageAmongGood(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "p1.json", page)
	bad := write(t, dir, "bad.json", `{"id": "x", "text": `)
	code, out, stderr := cli(t, "analyze", "-json", bad, good, filepath.Join(dir, "missing.json"))
	if code == 0 {
		t.Fatal("a bad page should make the exit status non-zero")
	}
	if lines := strings.Count(out, "\n"); lines != 1 || !strings.Contains(out, `"page":"p1"`) {
		t.Fatalf("the good page should still be analyzed, got:\n%s", out)
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 2 || strings.Contains(stderr, "panic") {
		t.Fatalf("want one line per bad input, got:\n%s", stderr)
	}
}

func TestCorruptOrForeignIndex(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "p1.json", page)
	for name, content := range map[string]string{
		"foreign.idx": "this is not an index",
		"empty.idx":   "",
	} {
		idx := write(t, dir, name, content)
		code, out, stderr := cli(t, "analyze", "-index", idx, "-json", p)
		if code != 1 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "not a Retold index") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out, stderr)
		}
	}
}

func TestFailedIndexKeepsTheOldOne(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "seeds.idx")
	if code, _, stderr := cli(t, append([]string{"index", "-o", idx}, seedFiles(t)...)...); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(idx)
	bad := write(t, dir, "bad.jsonl", "{\"id\": \"a\", \"text\": \"fine\"}\nnot json\n")
	code, _, stderr := cli(t, "index", "-o", idx, seedFiles(t)[0], bad)
	if code == 0 || !strings.Contains(stderr, "line 2") {
		t.Fatalf("exit %d, stderr %q: want a failure naming line 2", code, stderr)
	}
	after, _ := os.ReadFile(idx)
	if !bytes.Equal(before, after) {
		t.Fatal("a failed build changed the index")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("a failed build left files behind: %v", entries)
	}
}

func TestSentences(t *testing.T) {
	code, out, _ := cli(t, "sentences", filepath.Join(seedDir, "000_db1c020fb54c6a6c.txt"))
	if code != 0 {
		t.Fatal(code)
	}
	first := strings.SplitN(out, "\n", 2)[0]
	want := "North Korea on Sunday denied providing arms to Moscow after the United States said the nuclear-armed state supplied rockets and missiles to Russia's private military group Wagner."
	if first != want {
		t.Fatalf("first sentence:\n%q\nwant\n%q", first, want)
	}
}

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	html := write(t, dir, "a.html", `<html><head><title>Bridge opens | Gazette</title><meta property="og:site_name" content="Gazette"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Bridge opens</h1>
<p>The new bridge across the river opened on Monday after two years of delays and a long dispute with the builder.</p>
<p>The mayor said the bridge would cut travel times for thousands of commuters who cross the river every day.</p>
</article><footer>Copyright Gazette</footer></body></html>`)
	code, out, stderr := cli(t, "extract", html)
	if code != 0 {
		t.Fatal(stderr)
	}
	if strings.Contains(out, "Bridge opens") || strings.Contains(out, "Copyright") || !strings.Contains(out, "river opened on Monday") || !strings.Contains(out, "delays and a long dispute with the builder.\n\nThe mayor") {
		t.Fatalf("want the body only, paragraphs split by a blank line:\n%s", out)
	}
	code, out, _ = cli(t, "extract", "-json", html)
	var d struct{ Title, Outlet, Text string }
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Title != "Bridge opens" || d.Outlet != "Gazette" {
		t.Fatalf("extract -json: %d %s", code, out)
	}
}

// TestLegacyCharsets: pages in windows-1252 and Shift_JIS read right in
// extract and analyze (the CLI decodes them before the engine).
func TestLegacyCharsets(t *testing.T) {
	dir := t.TempDir()
	para := "<p>The caf\xe9 on the quay reopened on Monday \x97 its owner said the \x93new\x94 menu costs \x805 less than last year, and the terrace has twenty more seats.</p>"
	latin := write(t, dir, "latin.html", "<html><head><meta charset=windows-1252></head><body><article>"+para+para+"</article></body></html>")
	code, out, stderr := cli(t, "extract", latin)
	if code != 0 || !strings.Contains(out, "The café on the quay reopened on Monday — its owner said the “new” menu costs €5 less") {
		t.Fatalf("windows-1252 page: %d %q %s", code, out, stderr)
	}
	// 日本語のニュース in Shift_JIS, with no declaration: sniffed.
	sjis := strings.Repeat("\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x6a\x83\x85\x81\x5b\x83\x58", 4)
	jp := write(t, dir, "jp.html", "<html><body><article><p>"+sjis+"</p></article></body></html>")
	code, out, stderr = cli(t, "extract", jp)
	if code != 0 || !strings.Contains(out, "日本語のニュース") {
		t.Fatalf("Shift_JIS page: %d %q %s", code, out, stderr)
	}
	if code, _, stderr := cli(t, "analyze", "-json", latin); code != 0 {
		t.Fatalf("analyze of a windows-1252 page: %s", stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"index"}, {"index", "-o", "x.idx"}, {"analyze"}, {"sentences"}, {"extract"}} {
		code, _, stderr := cli(t, args...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a usage line", args, code, stderr)
		}
	}
}
