// Command evalemergent checks matching on stories the engine was never
// tuned on: the Emergent headlines (../shared/data/emergent), where many
// outlets' headlines report one claim. Half of each claim's headlines become
// the corpus, the other half the pages; a flagged page is right when its
// first version is a headline of the same claim. It prints how many pages
// were flagged and how many of those were right.
//
// Each headline stands alone as a page, so this measures the sentence-level
// matcher only: nothing of the page-level reading (story affinity, a claim
// stated twice) applies. It also counts the headlines read as another
// language than English: each such page meets the translated bars, so a
// language detector that errs on short English text shows here.
package main

import (
	"encoding/csv"
	"errors"
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
	data := flag.String("data", "../shared/data", "the public test sets")
	flag.Parse()
	err := packs.Register() // as the CLI does: a page read as another language gets its pack
	if err == nil {
		err = run(filepath.Join(*data, "emergent", "url-versions-2015-06-14-clean-train.csv"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalemergent:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 || len(rows[0]) < 6 {
		return errors.New(path + ": not the Emergent table (columns: index, claimHeadline, articleHeadline, articleHeadlineStance, articleId, claimId)")
	}
	claimOf := map[string]string{} // article id -> claim id
	seen := map[string]int{}       // claim id -> headlines so far
	var corpus, pages []intake.Article
	for _, r := range rows[1:] {
		if len(r) < 6 {
			continue
		}
		headline, id, claim := r[2], r[4], r[5]
		claimOf[id] = claim
		a := intake.Article{ID: id, Text: headline + "."}
		if seen[claim]%2 == 0 {
			corpus = append(corpus, a)
		} else {
			pages = append(pages, a)
		}
		seen[claim]++
	}
	x, _, err := index.Build(corpus)
	if err != nil {
		return err
	}
	var flagged, right int
	other := map[string]int{} // language -> headlines read as it
	for _, p := range pages {
		if l := lang.Detect(p.Text); l != "" && l != "en" {
			other[l]++
		}
		res := match.Analyze(x, p)
		if len(res.Flags) == 0 || len(res.Flags[0].Versions) == 0 {
			continue
		}
		flagged++
		if claimOf[res.Flags[0].Versions[0].Source] == claimOf[p.ID] {
			right++
		}
	}
	fmt.Printf("emergent: %d claims, %d headlines indexed, %d analyzed: %d flagged (%.2f), %d of them with a headline of the same claim first (%.3f)\n",
		len(seen), len(corpus), len(pages), flagged, ratio(flagged, len(pages)), right, ratio(right, flagged))
	fmt.Printf("emergent: headlines read as another language: %v\n", other)
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
