package lexicon

import (
	"strings"
	"testing"
)

// testPack is a made-up miniature of a French pack.
func testPack() []byte {
	names := []PackEntry{{FoldForm("Corée du Nord"), "@kp"}, {FoldForm("États-Unis"), "@us"}, {FoldForm("北朝鮮"), "@kp"}}
	words := []PackEntry{{"fusee", "rocket"}, {"semaine", "week"}, {"livrer", "deliver"}, {"兵器", "weapon"}, {"ワシ", "eagle"},
		{ReadingForm('瓦'), "wa"}, {ReadingForm('格'), "ge"}, {ReadingForm('纳'), "na"}, {ReadingForm('和'), "he"}, {ReadingForm('兵'), "bing"}}
	return EncodePack("xx", names, words, []string{"le", "la", "les", "des", "a", "du", "和"})
}

func keysOf(ts []Term) string {
	var ks []string
	for _, t := range ts {
		if !t.Stop {
			ks = append(ks, t.Key)
		}
	}
	return strings.Join(ks, " ")
}

func expectTermsLang(t *testing.T, text, lang, want string) {
	t.Helper()
	if got := keysOf(TermsLang(text, lang)); got != want {
		t.Errorf("TermsLang(%q, %q) = %q, want %q", text, lang, got, want)
	}
	// Over an array that holds another text's terms, the same.
	if got := keysOf(TermsLangIn(Terms("the rockets were made at home, Seoul said"), text, lang)); got != want {
		t.Errorf("TermsLangIn(%q, %q) = %q, want %q", text, lang, got, want)
	}
}

func TestLoadPackAndTermsLang(t *testing.T) {
	if err := LoadPack(testPack()); err != nil {
		t.Fatal(err)
	}
	if !HasPack("xx") {
		t.Fatal("pack xx not registered")
	}
	for _, c := range []struct{ text, want string }{
		{"La Corée du Nord va livrer des fusées la semaine passée", "@kp va deliv rocket week passe"},
		{"Les États-Unis", "@us"},
		{"Wagner et Pyongyang", "wagner et @kp"}, // English names still read
		{"北朝鮮が兵器を", "@kp weapon"},
		// Words of other scripts that the pack lacks are spelled in Latin
		// letters; a katakana word is never read in part.
		{"ワシントンが兵器を", "~washinton weapon"},
		{"ワシが", "eagl"},
		{"Вагнер и Пригожин", "~vagner и ~prigozhin"}, // a short word is not spelled out
		{"ஆயுதம்", "~aayutam"},
		// Characters with a reading that start no word are read by sound;
		// a function word parts two names, a word ends the name before it.
		{"瓦格纳和瓦格", "~~wa-ge-na ~~wa-ge"},
		{"瓦格兵器", "~~wa-ge weapon"},
		{"瓦", ""},
	} {
		expectTermsLang(t, c.text, "xx", c.want)
	}
	// Without the pack a text reads as English.
	expectTermsLang(t, "Les États-Unis", "yy", Plainkeys("Les États-Unis"))
	if g := Gloss("La Corée du Nord va livrer des fusées", "xx"); !strings.Contains(g, "deliver") || !strings.Contains(g, "rocket") {
		t.Errorf("Gloss = %q, want deliver and rocket in it", g)
	}
}

// Plainkeys is what Terms gives, for comparison.
func Plainkeys(text string) string { return keysOf(Terms(text)) }

// A page of one endless katakana run, or of endless foreign words, reads in
// one pass: nothing to spell out is longer than a name.
func TestLongForeignRuns(t *testing.T) {
	if err := LoadPack(testPack()); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{strings.Repeat("ア", 200000), strings.Repeat("Вагнер", 50000), strings.Repeat("ワグネル・", 20000)} {
		ts := TermsLang(text, "xx")
		for _, tm := range ts {
			if strings.HasPrefix(tm.Key, TransliteratedMark) && len(tm.Key) > 4*64 {
				t.Fatalf("a spelled-out key of %d bytes", len(tm.Key))
			}
		}
	}
	if keys := keysOf(TermsLang(strings.Repeat("ワグネル・", 3), "xx")); keys != "~waguneru ~waguneru ~waguneru" {
		t.Errorf("three names: %q", keys)
	}
}

func TestLoadPackRejectsCorruptData(t *testing.T) {
	good := testPack()
	bad := [][]byte{nil, []byte("RTLP"), []byte("nope, not a pack at all")}
	for n := 0; n < len(good); n++ { // every truncation
		bad = append(bad, good[:n])
	}
	for i := range good { // every single flipped byte
		b := append([]byte(nil), good...)
		b[i] ^= 0x41
		bad = append(bad, b)
	}
	for _, b := range bad {
		if err := LoadPack(b); err == nil {
			t.Errorf("LoadPack(% x) accepted corrupt data", b[:min(len(b), 16)])
		}
	}
}

func FuzzLoadPack(f *testing.F) {
	f.Add(testPack())
	f.Fuzz(func(t *testing.T, b []byte) {
		// any bytes: an error or a pack, never a panic, and a pack reads text
		if p, err := decodePack(b); err == nil && p.Lang == "" {
			t.Errorf("decodePack accepted a pack without a language")
		}
	})
}
