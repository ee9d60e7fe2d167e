package packs

import (
	"strings"
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

// The stance words of scripts/langgen/cues.txt reach the English stance
// reader through the gloss, in every script; a two-word name written as
// one reads as the name.
func TestStanceWordsAndJoinedNames(t *testing.T) {
	if err := Register(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, lang, want string }{
		{"Le ministère a démenti la rumeur", "fr", "denied"},
		{"Das Ministerium wies die Vorwürfe zurück", "de", "allegations"},
		{"El gobierno negó las acusaciones", "es", "denied"},
		{"Bakanlık iddiaları yalanladı", "tr", "denied"},
		{"Wizara imekanusha taarifa hizo", "sw", "denied"},
		{"外務省は報道を否定した", "ja", "denied"},
		{"Министерство опровергло слухи", "ru", "rumor"},
		// What a denial calls the claim: made up, about nothing real.
		{"Una historia fabricada sobre un envío inexistente", "es", "fabricated"},
		{"Una historia fabricada sobre un envío inexistente", "es", "nonexistent"},
		{"Une histoire inventée de toutes pièces", "fr", "fabricated"},
		{"Eine frei erfundene Geschichte", "de", "fabricated"},
		{"Uma notícia fabricada", "pt", "fabricated"},
		{"Una notizia inesistente", "it", "nonexistent"},
		{"Bu haber tamamen uydurma", "tr", "fabricated"},
		{"这是捏造的谣言", "zh", "fabricated"},
		{"날조된 보도", "ko", "fabricated"},
		{"تقارير ملفقة", "ar", "fabricated"},
	} {
		if g := lexicon.Gloss(c.text, c.lang); !strings.Contains(g, c.want) {
			t.Errorf("Gloss(%q, %s) = %q, want %q in it", c.text, c.lang, g, c.want)
		}
	}
	expectKeys(t, "வடகொரியா மறுத்துள்ளது", "ta", "@kp")
}

func expectNoKey(t *testing.T, text, lang, key string) {
	t.Helper()
	for _, tm := range lexicon.TermsLang(text, lang) {
		if tm.Key == key {
			t.Errorf("TermsLang(%q, %s): key %s, want none", text, lang, key)
		}
	}
}

// Declined names, Arabic clitics, and function words spelled like names.
func TestNameForms(t *testing.T) {
	if err := Register(); err != nil {
		t.Fatal(err)
	}
	expectKeys(t, "поставки оружия России", "ru", "@ru")
	expectKeys(t, "وروسيا", "ar", "@ru")
	expectKeys(t, "بالصين", "ar", "@cn")
	expectNoKey(t, "после того как", "ru", "@tg")
	expectKeys(t, "Того и Гана", "ru", "@tg")
	expectKeys(t, "와그너 그룹에", "ko", "~wageuneo")                      // two Hangul syllables are a word to spell out
	expectKeys(t, "Das Außenministerium erklärte", "de", "ministri") // a compound's head
	expectKeys(t, "eine Falschmeldung", "de", "fals", "report")
	expectKeys(t, "瓦格纳集团", "zh", "~~wa-ge-na") // a name read by sound (Unihan readings)
}
