// Command emergentcheck runs the matcher on stories it was never tuned on:
// the Emergent headlines (../shared/data/emergent). Of each claim's article
// headlines, every other one is indexed as a one-sentence article and the
// rest are analyzed as pages. It prints how many pages were flagged, how
// many of those name a headline of the same claim as first version, and
// how many pages were read as another language than English (each such
// page meets the translated bars, so a detector that errs on short English
// text shows up here).
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lang"
	"github.com/retold/retold/shared/lexicon/packs"
	"github.com/retold/retold/shared/match"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared data directory")
	flag.Parse()
	if err := packs.Register(); err != nil {
		fail(err)
	}
	f, err := os.Open(filepath.Join(*shared, "data", "emergent", "url-versions-2015-06-14-clean-train.csv"))
	if err != nil {
		fail(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		fail(err)
	}
	seen := map[string]int{}
	claimOf := map[string]string{} // article id -> claim id
	var corpus, pages []intake.Article
	for _, r := range rows[1:] {
		if len(r) < 6 {
			continue
		}
		head, art, claim := r[2], r[4], r[5]
		a := intake.Article{ID: art, Text: head, Lang: "en"}
		claimOf[art] = claim
		if seen[claim]%2 == 0 {
			corpus = append(corpus, a)
		} else {
			pages = append(pages, a)
		}
		seen[claim]++
	}
	x, _, err := index.Build(corpus)
	if err != nil {
		fail(err)
	}
	flagged, right, other := 0, 0, map[string]int{}
	for _, p := range pages {
		if l := lang.Detect(p.Text); l != "" && l != "en" {
			other[l]++
		}
		res := match.Analyze(x, p)
		if len(res.Flags) == 0 {
			continue
		}
		flagged++
		if vs := res.Flags[0].Versions; len(vs) > 0 && claimOf[vs[0].Source] == claimOf[p.ID] {
			right++
		}
	}
	fmt.Printf("emergent: %d headlines indexed, %d analyzed: %d flagged (%.0f%%), %d of those with a headline of the same claim first (%.0f%%)\n",
		len(corpus), len(pages), flagged, pct(flagged, len(pages)), right, pct(right, flagged))
	fmt.Printf("pages read as another language: %v\n", other)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "emergentcheck:", err)
	os.Exit(1)
}
