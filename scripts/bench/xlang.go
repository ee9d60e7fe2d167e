package main

import (
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lang"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/lexicon/packs"
	"github.com/retold/retold/shared/match"
)

// partLangs prints what the language packs cost: each pack's size and load
// time, and the analyze time of the evaluation pages in other languages
// without their packs and with them.
func partLangs(t *table, shared string, x *index.Index, reps int) {
	t.title("Language packs (shared/lexicon/packs; the extension fetches one per page language)")
	files, _ := filepath.Glob(filepath.Join(shared, "eval", "pages", "*.json"))
	var foreign []intake.Article
	for _, f := range files {
		as, err := intake.ReadFile(f)
		if err == nil && len(as) == 1 && lang.Detect(as[0].Text) != "" && lang.Detect(as[0].Text) != "en" {
			foreign = append(foreign, as[0])
		}
	}
	analyze := func() time.Duration {
		return minTime(reps, func() {
			for _, p := range foreign {
				match.Analyze(x, p)
			}
		})
	}
	before := analyze()
	sizes := packs.Sizes()
	ls := make([]string, 0, len(sizes))
	total := 0
	for l, n := range sizes {
		ls = append(ls, l)
		total += n
	}
	sort.Strings(ls)
	t.row("pack", "bytes", "load ms")
	for _, l := range ls {
		b, err := os.ReadFile(filepath.Join("shared", "lexicon", "packs", l+".bin"))
		if err != nil {
			continue
		}
		d := minTime(reps, func() { _ = lexicon.LoadPack(b) })
		t.row(l, humanBytes(len(b)), f2(ms(d)))
	}
	t.row("all", humanBytes(total), "")
	t.flushRows()
	after := analyze()
	if len(foreign) > 0 {
		t.note("analyze, %d pages in other languages: %s ms a page without packs, %s ms with them",
			len(foreign), f2(ms(before)/float64(len(foreign))), f2(ms(after)/float64(len(foreign))))
	}
}
