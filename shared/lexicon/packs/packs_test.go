package packs

import (
	"testing"

	"github.com/retold/retold/shared/lexicon"
)

func TestRegisterLoadsEveryListedPack(t *testing.T) {
	if err := Register(); err != nil {
		t.Fatal(err)
	}
	for _, l := range lexicon.PackLangs {
		if !lexicon.HasPack(l) {
			t.Errorf("pack %s listed in lexicon.PackLangs but not embedded", l)
		}
	}
	if got, want := len(Langs()), len(lexicon.PackLangs); got != want {
		t.Errorf("%d packs embedded, %d listed", got, want)
	}
}

func expectKeys(t *testing.T, text, lang string, want ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, tm := range lexicon.TermsLang(text, lang) {
		have[tm.Key] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("TermsLang(%q, %s): no key %s", text, lang, w)
		}
	}
}

// Country names in each pack's own script read as the English entity keys.
func TestNamesInEveryScript(t *testing.T) {
	if err := Register(); err != nil {
		t.Fatal(err)
	}
	expectKeys(t, "La Corée du Nord et la Russie", "fr", "@kp", "@ru")
	expectKeys(t, "Nordkorea und Russland", "de", "@kp", "@ru")
	expectKeys(t, "Kuzey Kore'nin Rusya'ya", "tr", "@kp", "@ru")
	expectKeys(t, "北朝鮮とロシア", "ja", "@kp", "@ru")
	expectKeys(t, "북한은 러시아에", "ko", "@kp", "@ru")
	expectKeys(t, "Korea Kaskazini na Urusi", "sw", "@kp", "@ru")
}
