// Command xlangdiag explains, per labelled other-language sentence of the
// development set, what the matcher sees: the sentence's English-space
// print, the corpus claim it should hit, the best score any version of that
// claim gets, whether the index proposes it at all, and what wins instead.
// It reads ../shared in place and writes only to stdout (nothing of the
// evaluation text is kept).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lang"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/lexicon/packs"
	"github.com/retold/retold/shared/match"
)

type goldSent struct {
	Seed     string   `json:"seed"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Sentence string   `json:"sentence"`
	Group    *string  `json:"group"`
	Also     []string `json:"also"`
	Amb      bool     `json:"ambiguous"`
}

func main() {
	shared := flag.String("shared", "/work/shared", "the shared data directory")
	only := flag.String("lang", "", "only pages of this language")
	verbose := flag.Bool("v", false, "print keys")
	flag.Parse()
	if err := packs.Register(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var meta struct {
		Seeds map[string]struct{ URL, Outlet, Date, Lang string } `json:"seeds"`
	}
	must(readJSON(filepath.Join(*shared, "seeds", "sources.json"), &meta))
	var seedGold []goldSent
	must(readJSON(filepath.Join(*shared, "eval", "gold", "seeds.json"), &seedGold))
	var arts []intake.Article
	names := []string{}
	for n := range meta.Seeds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(*shared, "seeds", n))
		must(err)
		m := meta.Seeds[n]
		arts = append(arts, intake.Article{ID: n, URL: m.URL, Outlet: m.Outlet, Date: m.Date, Lang: m.Lang, Text: string(b)})
	}
	x, _, err := index.Build(arts)
	must(err)
	// gold group of each index sentence, by text
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	groupOf := map[int32][]string{}
	for i := range x.Sentences {
		st := norm(x.Sentences[i].Text)
		for _, g := range seedGold {
			if g.Group == nil {
				continue
			}
			gs := norm(g.Sentence)
			if strings.Contains(gs, st) || strings.Contains(st, gs) {
				groupOf[int32(i)] = append(append(groupOf[int32(i)], *g.Group), g.Also...)
				break
			}
		}
	}
	if os.Getenv("XDBG") != "" {
		for c := range x.Claims {
			g := map[string]bool{}
			for _, v := range x.Claims[c].Versions {
				if gs := groupOf[v]; len(gs) > 0 {
					g[gs[0]] = true
				}
			}
			fmt.Fprintf(os.Stderr, "MAP %s %v\n", x.Claims[c].ID, g)
		}
	}
	var pagesGold map[string][]struct {
		I        int      `json:"i"`
		Start    int      `json:"start"`
		End      int      `json:"end"`
		Sentence string   `json:"sentence"`
		Group    *string  `json:"group"`
		Also     []string `json:"also"`
		Amb      bool     `json:"ambiguous"`
	}
	must(readJSON(filepath.Join(*shared, "eval", "gold", "pages.json"), &pagesGold))
	files, _ := filepath.Glob(filepath.Join(*shared, "eval", "pages", "*.json"))
	for _, f := range files {
		var p struct{ ID, Lang, Story, Text, Date string }
		must(readJSON(f, &p))
		if p.Lang == "en" || (*only != "" && p.Lang != *only) {
			continue
		}
		pl := lang.Detect(p.Text)
		res := match.Analyze(x, intake.Article{ID: p.ID, Text: p.Text, Date: p.Date})
		flagged := map[string]string{}
		for _, fl := range res.Flags {
			flagged[norm(fl.Text)] = fl.Claim
		}
		fmt.Printf("== %s lang=%s detected=%s flags=%d\n", p.ID, p.Lang, pl, len(res.Flags))
		for _, g := range pagesGold[p.ID] {
			if g.Group == nil || g.Amb {
				continue
			}
			want := append([]string{*g.Group}, g.Also...)
			ts := lexicon.TermsLang(g.Sentence, pl)
			match.ReadCognates(x, ts, pl)
			lexicon.Resolve(ts, ts)
			pr := fingerprint.Of(ts)
			found := x.Candidates(&pr)
			damp := x.Damping(found)
			pd := x.Damped(&pr, damp)
			inCand := map[int32]bool{}
			for _, c := range found {
				inCand[c.Sentence] = true
			}
			bestT, bestTi := float32(-1), int32(-1)
			bestO, bestOi := float32(-1), int32(-1)
			for i := range x.Sentences {
				cd := x.DampedPrint(int32(i), damp)
				sc := match.Score(&pd, &cd)
				hit := false
				for _, gg := range groupOf[int32(i)] {
					for _, w := range want {
						if gg == w {
							hit = true
						}
					}
				}
				if hit && sc > bestT {
					bestT, bestTi = sc, int32(i)
				}
				if !hit && sc > bestO {
					bestO, bestOi = sc, int32(i)
				}
			}
			if bestTi < 0 {
				continue // the claim is not in the seeds
			}
			fl := flagged[norm(g.Sentence)]
			fmt.Printf("-- [%d] want %s  target=%.2f (cand=%v) other=%.2f flagged=%q keys=%d\n", g.I, *g.Group, bestT, inCand[bestTi], bestO, fl, pr.Len())
			if *verbose {
				fmt.Printf("   page: %s\n   keys: %v\n   tgt : %s\n   tkeys: %v\n   oth : %s\n", trunc(g.Sentence), pr.Keys, trunc(x.Sentences[bestTi].Text), x.Print(bestTi).Keys, trunc(x.Sentences[bestOi].Text))
			}
		}
	}
}

func trunc(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		return s[:200]
	}
	return s
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "xlangdiag:", err)
		os.Exit(1)
	}
}
