package match

// Pages in other languages. A page's language is detected, never taken
// from its markup; its text is read into the English term space by the
// language's pack (lexicon.TermsLang), and its sentences' stance by the
// English cue tables over a word-for-word gloss (lexicon.Gloss). The
// rest of matching is the same as for English. A page whose language has
// a pack that is not loaded is still matched (names, numbers and cognates
// carry some of the way), and the Result lists the pack in Needs, so the
// extension can fetch it and analyze again.

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
