package lang

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func expectLang(t *testing.T, text, want string) {
	t.Helper()
	if got := Detect(text); got != want {
		t.Errorf("Detect(%q) = %q, want %q", text, got, want)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"The minister said on Monday that the talks would go on for another week.", "en"},
		{"Le ministre a déclaré lundi que les discussions se poursuivraient encore une semaine.", "fr"},
		{"Der Minister sagte am Montag, dass die Gespräche noch eine Woche dauern würden.", "de"},
		{"El ministro dijo el lunes que las conversaciones seguirán otra semana más.", "es"},
		{"Bakan pazartesi günü görüşmelerin bir hafta daha süreceğini ve bunun için hazır olduklarını söyledi.", "tr"},
		{"Waziri alisema siku ya Jumatatu kwamba mazungumzo hayo yataendelea kwa wiki nyingine.", "sw"},
		{"大臣は月曜日、協議はさらに一週間続くと述べた。", "ja"},
		{"장관은 월요일에 회담이 일주일 더 계속될 것이라고 말했다.", "ko"},
		{"பேச்சுவார்த்தை இன்னும் ஒரு வாரம் தொடரும் என்று அமைச்சர் திங்கள்கிழமை கூறினார்.", "ta"},
		{"قال الوزير يوم الاثنين إن المحادثات ستستمر أسبوعا آخر.", "ar"},
		{"部长周一表示，会谈将再持续一周。", "zh"},
		{"Oslo", ""},
		{"", ""},
		{"12345 67890 !!!", ""},
	} {
		expectLang(t, c.text, c.want)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("Le ministre a déclaré")
	f.Add("\xff\xfe日本")
	f.Fuzz(func(t *testing.T, s string) {
		Detect(s) // must not panic
	})
}

// expectSameScores checks that one pass's scores are those of lowering
// the whole text first, splitting it at every rune that is not a letter,
// and looking every word up folded: each profile word found adds to its
// languages in the text's order, so the sums are equal to the bit.
func expectSameScores(t *testing.T, text string) {
	t.Helper()
	once.Do(build)
	var want [maxLangs]float64
	var wantNamed [maxLangs]bool
	found := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if e, ok := weights.Get(fold(w)); ok {
			found++
			for _, i := range e.langs {
				want[i] += e.w
				wantNamed[i] = true
			}
		}
	}
	var d detector
	d.read(text)
	if d.sum != want || d.named != wantNamed {
		t.Errorf("scores of %q: %v %v, want %v %v (%d words found)", text, d.sum[:len(langs)], d.named[:len(langs)], want[:len(langs)], wantNamed[:len(langs)], found)
	}
}

func TestScoresAsLoweredText(t *testing.T) {
	for _, text := range []string{
		"The Minister SAID on Monday, that the talks (2024) would go on.",
		"Le ministre a DÉCLARÉ lundi: «les discussions» se poursuivraient.",
		"İstanbul'da BAKAN konuştu; ẞtraße GROẞ ǅemal Ⅻ Ⓐbc",
		"FÜR für Für ÀÉ à À ÇA ça DAß BİR bİr \u212Aein ein",
		"mixed日本語text and ΑΘΗΝΑ, Москва-2",
		"\xff\xfeabc\xc3 DEF\xe2\x82",
		strings.Repeat("Supercalifragilisticexpialidocious", 2) + " ok",
		"",
	} {
		expectSameScores(t, text)
	}
}

// TestTablesFit holds the profiles to what a detector assumes of them:
// no more languages, nor scripts, than it counts, and every word ASCII and
// short (else words are looked up that cannot match, which is only slower).
func TestTablesFit(t *testing.T) {
	once.Do(build)
	if len(langs) > maxLangs || len(scripts) > maxLangs {
		t.Fatalf("%d languages and %d scripts, a detector counts %d", len(langs), len(scripts), maxLangs)
	}
	if !asciiWords {
		t.Errorf("a profile word is not ASCII")
	}
	if endsAll {
		t.Errorf("a profile word is not lower-case letters, or longer than %d: every word is looked up", maxEndsLen)
	}
}

// TestRuneClasses holds classOf to the unicode tables for every rune: a
// letter or not, whether it lowers to ASCII or a letter fold makes ASCII,
// and the first of scripts that has it.
func TestRuneClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := uint8(0)
		if unicode.IsLetter(r) {
			want = isLetter
		}
		if l := unicode.ToLower(r); isASCII(fold(string(l))) {
			want |= foldsToASCII
		}
		if i := slices.IndexFunc(scripts, func(s struct {
			table *unicode.RangeTable
			lang  string
		}) bool {
			return unicode.Is(s.table, r)
		}); i >= 0 {
			want |= uint8(i + 1)
		}
		if got := classOf(r); got != want {
			t.Fatalf("classOf(%U) = %#x, want %#x", r, got, want)
		}
	}
}

// BenchmarkDetect detects a page-sized text in English and one in Russian
// (the script pass alone decides it), each the example sentences of
// TestDetect's languages repeated.
func BenchmarkDetect(b *testing.B) {
	en := strings.Repeat("The minister said on Monday that the talks would go on for another week, and that the ceasefire had held. ", 300)
	ru := strings.Repeat("Министр заявил в понедельник, что переговоры продлятся ещё неделю. ", 300)
	for _, c := range []struct{ name, text string }{{"en", en}, {"ru", ru}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				Detect(c.text)
			}
		})
	}
}
