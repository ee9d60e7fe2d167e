// Command retold is the command-line front end of the Retold engine: it builds
// an index of claims from a corpus of articles, and flags the sentences of
// pages that state one of them, with every other outlet's version.
//
// It is a thin shell over the packages in shared/: each subcommand reads its
// inputs, calls the engine, and prints. Errors are one line on stderr and a
// non-zero exit; with many inputs, a bad one is reported and the rest are
// still processed. A panic in the engine is caught per page and reported like
// any other error, so one hostile page cannot take the others down.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/retold/retold/shared/charset"
	"github.com/retold/retold/shared/corpus"
	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/match"
	"github.com/retold/retold/shared/sentences"
)

const usage = `retold: find the sentences of a news page that state a known claim or denial,
and every other outlet's version of each.

Usage:
  retold index [-sign KEYFILE] -o IDX FILE...
                                           build an index from articles
  retold keygen -o KEYFILE                 make an ed25519 signing key; print its public key
  retold sign -key KEYFILE [-o OUT] IDX    sign an index
  retold analyze [-index IDX] [-json] PAGE...
                                           flag the known claims on pages
                                           (default index: the embedded seed corpus)
  retold sentences FILE                    print a text's sentences, one per line
  retold extract [-json] FILE.html         print a page's article body (or, with
                                           -json, the body and its metadata)

Files are article records (.json: an object or an array; .jsonl: one per line;
fields id, url, outlet, date, lang, title, text or html), plain text or Markdown
(.txt, .md; a sources.json beside them gives outlet, url, date), or HTML pages.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "index":
		return cmdIndex(rest, stdout, stderr)
	case "analyze":
		return cmdAnalyze(rest, stdout, stderr)
	case "sentences":
		return cmdSentences(rest, stdout, stderr)
	case "extract":
		return cmdExtract(rest, stdout, stderr)
	case "keygen":
		return cmdKeygen(rest, stdout, stderr)
	case "sign":
		return cmdSign(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "retold: unknown command %q (see retold help)\n", cmd)
	return 2
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("retold "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func cmdIndex(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("index", stderr)
	out := fs.String("o", "", "the index file to write")
	keyPath := fs.String("sign", "", "sign the index with this key file (retold keygen)")
	if fs.Parse(args) != nil {
		return 2
	}
	if *out == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "retold index: usage: retold index -o IDX FILE...")
		return 2
	}
	var articles []intake.Article
	for _, f := range fs.Args() {
		as, err := readArticles(f)
		if err != nil {
			// An index missing an article is a wrong index: stop, and leave
			// the old file as it was.
			fmt.Fprintf(stderr, "retold index: %v\n", err)
			return 1
		}
		articles = append(articles, as...)
	}
	x, warnings, err := index.Build(articles)
	if err != nil {
		fmt.Fprintf(stderr, "retold index: %v\n", err)
		return 1
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "retold index: note: %s\n", w)
	}
	data := x.Encode()
	if *keyPath != "" {
		key, err := readKey(*keyPath)
		if err == nil {
			data, err = signChecked(data, key)
		}
		if err != nil {
			fmt.Fprintf(stderr, "retold index: %v\n", err)
			return 1
		}
	}
	if err := index.WriteFile(*out, data); err != nil {
		fmt.Fprintf(stderr, "retold index: %v\n", err)
		return 1
	}
	claims, denials := 0, 0
	for _, c := range x.Claims {
		switch c.Kind.String() {
		case "claim":
			claims++
		case "denial":
			denials++
		}
	}
	fmt.Fprintf(stderr, "retold index: %d articles, %d sentences, %d claims and %d denials -> %s (%d bytes)\n",
		len(x.Articles), len(x.Sentences), claims, denials, *out, len(data))
	return 0
}

func cmdAnalyze(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("analyze", stderr)
	idxPath := fs.String("index", "", "the index file (default: the embedded seed corpus)")
	asJSON := fs.Bool("json", false, "print one JSON object per page, one per line")
	if fs.Parse(args) != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "retold analyze: usage: retold analyze [-index IDX] [-json] PAGE...")
		return 2
	}
	var x *index.Index
	var err error
	if *idxPath != "" {
		x, err = index.Load(*idxPath)
	} else {
		x, err = corpus.Index()
	}
	if err != nil {
		fmt.Fprintf(stderr, "retold analyze: %v\n", err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	status := 0
	for _, f := range fs.Args() {
		pages, err := readArticles(f)
		if err != nil {
			fmt.Fprintf(stderr, "retold analyze: %v\n", err)
			status = 1
			continue
		}
		for _, p := range pages {
			res, err := analyze(x, p)
			if err != nil {
				fmt.Fprintf(stderr, "retold analyze: %s: %v\n", f, err)
				status = 1
				continue
			}
			if *asJSON {
				b, _ := json.Marshal(res)
				w.Write(b)
				w.WriteByte('\n')
			} else {
				report(w, x, p, res)
			}
		}
	}
	return status
}

// analyze runs the engine on one page, turning a panic into an error.
func analyze(x *index.Index, p intake.Article) (res match.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return match.Analyze(x, p), nil
}

// report prints a result for people.
func report(w io.Writer, x *index.Index, p intake.Article, res match.Result) {
	title := p.Title
	if title == "" {
		title = p.ID
	}
	fmt.Fprintf(w, "%s\n", title)
	switch len(res.Flags) {
	case 0:
		fmt.Fprintf(w, "  no known claims (corpus: %d articles, %d claims, as of %s)\n\n", len(x.Articles), len(x.Claims), orDash(x.Date))
		return
	case 1:
		fmt.Fprintf(w, "  1 known claim or denial\n")
	default:
		fmt.Fprintf(w, "  %d known claims and denials\n", len(res.Flags))
	}
	for _, f := range res.Flags {
		who := ""
		if f.Speaker != "" {
			who = " by " + f.Speaker
		}
		fmt.Fprintf(w, "\n  %s%s [%s]\n  > %s\n", strings.ToUpper(f.Kind), who, f.Claim, f.Text)
		for _, v := range f.Versions {
			mark := " "
			if v.Earliest {
				mark = "*"
			}
			fmt.Fprintf(w, "    %s %s, %s (%.2f): %s\n", mark, outlet(v), orDash(v.Date), v.Score, v.Text)
			if v.URL != "" {
				fmt.Fprintf(w, "        %s\n", v.URL)
			}
		}
		if f.Counter != nil {
			fmt.Fprintf(w, "    %s%s: %s\n", strings.ToUpper(f.Counter.Kind[:1])+f.Counter.Kind[1:], by(f.Counter.Speaker), f.Counter.Text)
		}
	}
	fmt.Fprintln(w, "\n  (* the earliest version; Retold shows how outlets reported a claim, not whether it is true)")
	fmt.Fprintln(w)
}

// outlet names a version's source for people: its outlet, or the article's
// id when the corpus does not know the outlet.
func outlet(v match.Version) string {
	if v.Outlet != "" {
		return v.Outlet
	}
	return "[" + v.Source + "]"
}

func by(s string) string {
	if s == "" {
		return ""
	}
	return " by " + s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func cmdSentences(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "retold sentences: usage: retold sentences FILE")
		return 2
	}
	text, err := readText(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "retold sentences: %v\n", err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	for _, s := range sentences.Split(text) {
		fmt.Fprintln(w, sentences.Fold(s.Text))
	}
	return 0
}

// readText reads the text of a file: the body of an HTML page or a record,
// the file itself for anything else.
func readText(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".jsonl", ".ndjson", ".html", ".htm":
		as, err := readArticles(path)
		if err != nil {
			return "", err
		}
		var parts []string
		for _, a := range as {
			parts = append(parts, a.Text)
		}
		return strings.Join(parts, "\n\n"), nil
	}
	b, err := readFile(path)
	return string(b), err
}

func cmdExtract(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("extract", stderr)
	asJSON := fs.Bool("json", false, "print the body and its metadata as JSON")
	if fs.Parse(args) != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "retold extract: usage: retold extract [-json] FILE.html")
		return 2
	}
	page, err := readPage(fs.Arg(0))
	if err == nil {
		var d *extract.Doc
		if d, err = extract.Extract(page, ""); err == nil {
			if *asJSON {
				b, _ := json.Marshal(struct {
					Title      string   `json:"title"`
					Outlet     string   `json:"outlet"`
					Date       string   `json:"date"`
					Lang       string   `json:"lang"`
					Byline     string   `json:"byline"`
					URL        string   `json:"url"`
					Standfirst string   `json:"standfirst"`
					Text       string   `json:"text"`
					Paragraphs []string `json:"paragraphs"`
				}{d.Title, d.Outlet, d.Date, d.Lang, d.Byline, d.URL, d.Standfirst, d.Text(), d.Paragraphs})
				fmt.Fprintf(stdout, "%s\n", b)
			} else {
				fmt.Fprintln(stdout, d.Text())
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "retold extract: %v\n", err)
	return 1
}

// isHTML reports a file the extractor reads, by its name.
func isHTML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".html" || ext == ".htm"
}

// readArticles reads the articles of a file. An HTML page is decoded from its
// charset here, before intake, because the engine takes UTF-8 only (the
// extension's wasm carries no charset tables).
func readArticles(path string) ([]intake.Article, error) {
	if !isHTML(path) {
		return intake.ReadFile(path)
	}
	page, err := readPage(path)
	if err != nil {
		return nil, err
	}
	return intake.Parse(path, page, nil)
}

// readPage reads a file and decodes it to UTF-8 by its BOM, <meta> charset
// or bytes.
func readPage(path string) ([]byte, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	if b, err = charset.ToUTF8(b, ""); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// maxFile bounds what a command reads from one file.
const maxFile = 64 << 20

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxFile {
		return nil, fmt.Errorf("%s: %w", path, errTooLarge)
	}
	return b, nil
}

var errTooLarge = errors.New("file larger than 64 MB")
