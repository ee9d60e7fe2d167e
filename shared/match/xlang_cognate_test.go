package match

import (
	"fmt"
	"testing"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lexicon"
)

func expectSkeleton(t *testing.T, in, want string) {
	t.Helper()
	if got := skeleton(in); got != want {
		t.Errorf("skeleton(%q) = %q, want %q", in, got, want)
	}
}

func TestSkeleton(t *testing.T) {
	for _, c := range [][2]string{
		{"roquett", "rkt"},
		{"rocket", "rkt"},
		{"paramilitair", "prmltr"},
		{"philosoph", "flsf"},
		{"tatter", "ttr"}, // a vowel keeps two equal consonants apart
		{"exil", "ksl"},
		{"coreen", "krn"},
		{"koreli", "krl"},
		{"café", ""}, // not folded: not a Latin-script word here
		{"prigoschin", "prgsn"},
		{"prigozhin", "prgsn"},
	} {
		expectSkeleton(t, c[0], c[1])
	}
}

func expectCognate(t *testing.T, tab *cognateTable, in, want string) {
	t.Helper()
	got, ok := tab.lookup(in)
	if !ok {
		got = ""
	}
	if got != want {
		t.Errorf("lookup(%q) = %q, want %q", in, got, want)
	}
}

func TestCognateLookup(t *testing.T) {
	tab := newCognateTable([]string{"rocket", "paramilitari", "transmit", "friend", "humanitarian",
		"mercenari", "comment", "provoc", "@kp", "statement", "station"})
	for _, c := range [][2]string{
		{"roquett", "rocket"},
		{"paramilitair", "paramilitari"},
		{"transmettr", "transmit"}, // one consonant more at the end of a long skeleton
		{"provocacion", ""},        // prvkkn against prvk: too far
		{"fourniss", ""},           // frns is not frnd: short skeletons must agree fully
		{"montrant", ""},           // must begin with the same letter
		{"americain", ""},
		{"communiqu", ""},
		{"kp", ""},
	} {
		expectCognate(t, tab, c[0], c[1])
	}
}

func TestReadCognatesLeavesEnglish(t *testing.T) {
	if barsFor("en") != englishBars || barsFor("") != englishBars || barsFor("fr") != translatedBars {
		t.Error("barsFor: English pages must keep the English bars, others the translated ones")
	}
}

func TestSoundLookup(t *testing.T) {
	tab := newCognateTable([]string{"wagner", "prigozhin", "rocket", "racket", "missil", "kirbi"})
	for _, c := range [][2]string{
		{"wagureru", ""},           // r for n: not the same sound skeleton
		{"wagunerunitaishi", ""},   // too long an ending
		{"vaaknarukku", "wagner"},  // a Tamil case ending on a name of four classes
		{"purigojin", "prigozhin"}, // kana
		{"roketto", ""},            // rocket and racket sound alike: neither is sure
		{"misairu", "missil"},
		{"wageuneo", "wagner"}, // Korean hears no r at the end
	} {
		got, _ := tab.sound(c[0])
		if got != c[1] {
			t.Errorf("sound(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestReadCognatesBounded(t *testing.T) {
	x, _, err := index.Build([]intake.Article{{ID: "a", Text: "The army fired a rocket at the border town on Monday, officials said."}})
	if err != nil {
		t.Fatal(err)
	}
	word := func(k string) lexicon.Term { return lexicon.Term{Key: k, Kind: lexicon.Word} }
	doc := []lexicon.Term{word("roquett")}
	for i := range maxCognateLookups + 10 {
		doc = append(doc, word(fmt.Sprintf("zzq%dxv", i)))
	}
	doc = append(doc, word("rokett")) // a cognate too, but past the budget
	readCognates(x, doc, "fr")
	if doc[0].Key != "rocket" {
		t.Errorf("first word: %q, want rocket", doc[0].Key)
	}
	if last := doc[len(doc)-1].Key; last != "rokett" {
		t.Errorf("a word past the page's lookup budget: %q, want it left as it is", last)
	}
	readCognates(x, doc[:1], "en")
	if doc[0].Key != "rocket" {
		t.Error("an English page is left as it is")
	}
}

func TestGuess(t *testing.T) {
	tab := newCognateTable([]string{"wagner", "biden", "blinken", "price"})
	for _, c := range [][2]string{
		{"wa-ge-na-ti", "wagner"}, // a name and the first syllable of the next word
		{"bai-deng", "biden"},
		{"bu-lin-ken", "blinken"},
		{"jia-ge", dropped}, // an ordinary word: dropped, not left to weigh on the print
		{"wa", dropped},
	} {
		if got := tab.guess(c[0]); got != c[1] {
			t.Errorf("guess(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
