package index

// Corpus articles in other languages index in the same English term space
// as English ones (lexicon.TermsLang), so a French article's sentences are
// versions an English or a Japanese page can meet. The language is
// detected from the text; a declared one is used only when the text says
// too little.

import (
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lang"
	"github.com/retold/retold/shared/lexicon"
)

// articleLang is the language of a corpus article: detected, else declared.
func articleLang(a intake.Article) string {
	if l := lang.Detect(a.Text); l != "" {
		return l
	}
	return a.Lang
}

// stanceFold is what the English stance reader reads of a folded sentence
// in language l: a word-for-word English gloss when l has a pack.
func stanceFold(folded, l string) string {
	if l == "" || l == "en" {
		return folded
	}
	return lexicon.Gloss(folded, l)
}
