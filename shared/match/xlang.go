package match

// Pages in other languages. A page's language is detected, never taken
// from its markup; its text is read into the English term space by the
// language's pack (lexicon.TermsLang), and its sentences' stance by the
// English cue tables over a word-for-word gloss (lexicon.Gloss). A page
// whose language has a pack that is not loaded is still matched (names,
// numbers and cognates carry some of the way), and the Result lists the
// pack in Needs, so the extension can fetch it and analyze again.
//
// What the pack does not know is mapped onto the corpus's own words
// (xlang_cognate.go): cognates by consonant skeleton, words of other
// scripts by sound. Even so a translated sentence keeps only part of what
// it says in English keys, so the same statement scores lower than an
// English wording would; the page then meets its own bars (translatedBars):
// lower, with a wider margin over rival claims, the page's story weighing
// more, and the story article's sentence order settling close calls
// (xlang_order.go). The bars were set on the development set's French,
// Spanish, German, Turkish, Swahili, Japanese and Tamil pages and checked
// on its other stories (the multi protocol) and unrelated pages.

import (
	"slices"

	"github.com/retold/retold/shared/lang"
	"github.com/retold/retold/shared/lexicon"
)

// pageLanguage detects text's language ("" reads as English) and notes in
// res.Needs a pack the page needs that is not loaded.
func pageLanguage(text string, res *Result) string {
	l := lang.Detect(text)
	if l != "" && l != "en" && slices.Contains(lexicon.PackLangs, l) && !lexicon.HasPack(l) {
		res.Needs = append(res.Needs, l)
	}
	return l
}

// stanceText is what the English stance reader reads of a sentence in
// language l.
func stanceText(s, l string) string {
	return lexicon.Gloss(s, l)
}

// bars are the thresholds of the page side that depend on the page's
// language (match.go uses them where it once used the constants).
type bars struct {
	minKeys  int     // a print with fewer content keys is a fragment, not a statement
	floor    float32 // below this a candidate is not kept at all
	affinity float32 // a match this good counts towards its article's affinity
	alone    float32 // the bar a chosen claim clears
	margin   float32 // how far the chosen claim must beat a rival claim
	story    float32 // how much the page's story lifts its sentences when choosing
	order    float32 // how much keeping the story article's order lifts a candidate (xlang_order.go; 0: never)
	frames   bool    // whether a sentence must say more than who stated something (said, in English only)
}

// englishBars are the bars of a page in the corpus's language.
var englishBars = bars{frames: true, minKeys: minKeys, floor: floorScore, affinity: affinityScore, alone: flagAlone, margin: margin, story: storyBonus}

// translatedBars are the bars of a page read through a pack: its print
// carries only what the pack and the cognates reach, so the same statement
// scores lower, and a wider margin keeps the lower bar from flagging
// look-alikes.
var translatedBars = bars{minKeys: 5, floor: 0.18, affinity: 0.30, alone: 0.36, margin: 0.06, story: 0.25, order: 0.1}

// barsFor returns the bars of a page in language l.
func barsFor(l string) bars {
	if l == "" || l == "en" {
		return englishBars
	}
	return translatedBars
}
