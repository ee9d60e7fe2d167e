package translit

import "testing"

func expectCoarse(t *testing.T, word, want string) {
	t.Helper()
	l, ok := Latin(word)
	if !ok {
		t.Errorf("Latin(%q) failed", word)
		return
	}
	if got := Coarse(l); got != want {
		t.Errorf("Coarse(Latin(%q)) = Coarse(%q) = %q, want %q", word, l, got, want)
	}
}

func TestSameNameAcrossScripts(t *testing.T) {
	for _, c := range [][2]string{
		{"Wagner", "pknr"},
		{"ワグネル", "pknr"},
		{"Вагнер", "pknr"},
		{"فاغنر", "pknr"},
		{"வாக்னர்", "pknr"},
		{"वैगनर", "pknr"},
		{"Βάγκνερ", "pknr"},
		{"Prigozhin", "prksn"},
		{"プリゴジン", "prksn"},
		{"Пригожин", "prksn"},
		{"Kirby", "krp"},
		{"커비", "kp"}, // Hangul drops the r after a vowel; callers compare long skeletons only
		{"평양", "pnn"},
		{"Pyongyang", "pnn"},
		{"ミサイル", "msr"},
		{"missile", "msr"},
	} {
		expectCoarse(t, c[0], c[1])
	}
}

func TestLatinRefuses(t *testing.T) {
	for _, w := range []string{"", "北朝鮮", "a\u0001b", string(make([]rune, 100))} {
		if l, ok := Latin(w); ok {
			t.Errorf("Latin(%q) = %q, want a refusal", w, l)
		}
	}
}

func TestKanaDetails(t *testing.T) {
	for _, c := range [][2]string{{"キャ", "kya"}, {"シャ", "sha"}, {"フォ", "fo"}, {"ティ", "ti"}, {"ひらがな", "hiragana"}} {
		if got, _ := Latin(c[0]); got != c[1] {
			t.Errorf("Latin(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestNonRhotic(t *testing.T) {
	for _, c := range [][2]string{{"wagner", "pkn"}, {"kirby", "kp"}, {"rocket", "rkt"}, {"barrage", "prk"}} {
		if got := Coarse(NonRhotic(c[0])); got != c[1] {
			t.Errorf("Coarse(NonRhotic(%q)) = %q, want %q", c[0], got, c[1])
		}
	}
	expectCoarse(t, "와그너", "pkn")
}

func TestTablesRead(t *testing.T) {
	for name, c := range map[string]struct {
		m    *runeTable
		want int
	}{
		"kana": {kanaSyllables, 74}, "small kana": {kanaSmall, 9}, "cyrillic": {cyrillic, 45}, "greek": {greek, 36},
		"arabic": {arabic, 44}, "tamil": {tamil.consonants, 22}, "devanagari": {devanagari.consonants, 34},
	} {
		if c.m.size() != c.want {
			t.Errorf("%s: %d letters read, want %d (a typo in tables.go?)", name, c.m.size(), c.want)
		}
	}
}

func FuzzLatin(f *testing.F) {
	for _, s := range []string{"ワグネル", "와그너가", "Вагнер", "فاغنر", "வாக்னர்", "वैगनर", "Βάγκνερ", "क़ि्", "ッー", "ャ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, ok := Latin(s)
		if !ok {
			return
		}
		for i := 0; i < len(l); i++ {
			if l[i] < 'a' || l[i] > 'z' {
				t.Fatalf("Latin(%q) = %q: not lower-case ASCII", s, l)
			}
		}
		Coarse(l)
	})
}
