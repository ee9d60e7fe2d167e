package lexicon

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kljensen/snowball/english"
)

func expectStem(t *testing.T, in, want string) {
	t.Helper()
	if got := porter2(in); got != want {
		t.Errorf("porter2(%q) = %q, want %q", in, got, want)
	}
}

// TestPorter2 holds the stemmer to the published algorithm's own examples,
// one or more for each rule.
func TestPorter2(t *testing.T) {
	for _, c := range [][2]string{
		{"consign", "consign"}, {"consigned", "consign"}, {"consigning", "consign"},
		{"consignment", "consign"}, {"knack", "knack"}, {"knackeries", "knackeri"},
		{"generously", "generous"}, {"generate", "generat"}, {"communication", "communic"},
		{"caresses", "caress"}, {"ties", "tie"}, {"cries", "cri"}, {"gaps", "gap"}, {"gas", "gas"},
		{"kiwis", "kiwi"}, {"this", "this"}, {"bus", "bus"}, {"agreed", "agre"}, {"feed", "feed"},
		{"luxuriated", "luxuri"}, {"hopping", "hop"}, {"hoping", "hope"}, {"filing", "file"},
		{"sized", "size"}, {"cry", "cri"}, {"say", "say"}, {"by", "by"}, {"yield", "yield"},
		{"relational", "relat"}, {"conditional", "condit"}, {"valenci", "valenc"},
		{"digitizer", "digit"}, {"sensational", "sensat"}, {"hopefulness", "hope"},
		{"electricity", "electr"}, {"formative", "format"}, {"adjustable", "adjust"},
		{"irritant", "irrit"}, {"adoption", "adopt"}, {"controll", "control"}, {"rate", "rate"},
		{"skies", "sky"}, {"dying", "die"}, {"news", "news"}, {"inning", "inning"},
		{"proceed", "proceed"}, {"succeeding", "succeed"}, {"outings", "outing"},
		{"Denied", "deni"}, {"rumours", "rumour"}, {"accusations", "accus"}, {"'tis", "tis"},
		{"nation's", "nation"}, {"does", "does"}, {"having", "having"}, {"only", "only"},
		{"ab", "ab"}, {"", ""}, {"café", "café"}, {"naïvely", "naïv"},
	} {
		expectStem(t, c[0], c[1])
	}
}

// TestPorter2MatchesSnowball compares the stemmer with the implementation
// the lexicon's keys were made with, on every word the lexicon's data holds:
// its keys (stems are words too), its irregular forms and lemmas, and the
// words of its actor names. PORTER2_WORDS=file adds a word list (one word or
// more a line), for a wider check by hand.
func TestPorter2MatchesSnowball(t *testing.T) {
	words := map[string]bool{}
	add := func(s string) {
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			words[strings.ToLower(f)] = true
		}
	}
	add(irregularTxt)
	add(actorsTxt)
	load()
	for k := range strings.SplitSeq(data.keys, "\n") {
		add(k)
	}
	for _, w := range porter2Stop {
		add(w)
	}
	for _, p := range porter2Special {
		add(p[0])
	}
	if f := os.Getenv("PORTER2_WORDS"); f != "" {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			add(sc.Text())
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if len(words) < 10000 {
		t.Fatalf("only %d words to compare: the lexicon's data did not load", len(words))
	}
	bad := 0
	for w := range words {
		if got, want := porter2(w), english.Stem(w, false); got != want {
			if bad++; bad <= 30 {
				t.Errorf("porter2(%q) = %q, snowball %q", w, got, want)
			}
		}
	}
	t.Logf("%d words compared, %d differ", len(words), bad)
}

func TestPorter2TablesSorted(t *testing.T) {
	if !slices.IsSorted(porter2Stop) {
		t.Error("porter2Stop is not sorted")
	}
	if !slices.IsSortedFunc(porter2Special, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) }) {
		t.Error("porter2Special is not sorted")
	}
}
