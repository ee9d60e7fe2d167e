package index

// The cost of a lookup, for the benchmark (scripts/bench): how much work
// Candidates does for one query. It walks the same postings in the same order
// under the same budget as Candidates, so the figures are Candidates' own; it
// is kept apart so that the lookup itself carries no counters.

import (
	"slices"

	"github.com/retold/retold/shared/fingerprint"
)

// LookupCost returns what Candidates(p) does: how many candidates it returns
// (the ones the matcher then scores in full) and how many postings it reads
// to find them.
func (x *Index) LookupCost(p *fingerprint.Print) (candidates, postingsExamined int) {
	var lens []int
	for i, k := range p.Keys {
		if n := len(x.exact[k]); n > 0 {
			lens = append(lens, n)
		}
		for _, c := range p.Classes[i] {
			if n := len(x.class[c]); n > 0 {
				lens = append(lens, n)
			}
		}
	}
	// Candidates sorts its lists by length, shortest first; the budget then
	// cuts the walk, so only the lengths matter for the posting count.
	slices.Sort(lens)
	budget := candidateBudget
	for _, n := range lens {
		if budget <= 0 {
			break
		}
		n = min(n, budget)
		budget -= n
		postingsExamined += n
	}
	return len(x.Candidates(p)), postingsExamined
}
