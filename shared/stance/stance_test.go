package stance

import (
	"strings"
	"testing"
)

// expectRead checks the kind and speaker Read finds in one sentence.
func expectRead(t *testing.T, prev Reading, in string, kind Kind, speaker string) {
	t.Helper()
	got := Read(in, prev)
	if got.Kind != kind || got.Speaker != speaker {
		t.Errorf("Read(%q)\n got  %v %q (cue %q)\n want %v %q", in, got.Kind, got.Speaker, got.Cue, kind, speaker)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Context: "context", Claim: "claim", Denial: "denial", Kind(9): "context"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestClaims(t *testing.T) {
	none := Reading{}
	cases := []struct{ in, speaker string }{
		{"The White House said the North completed an arms delivery to Wagner.", "White House"},
		{"According to KCNA, the launch was a success.", "KCNA"},
		{"Kirby told reporters that the shipment arrived last month.", "Kirby"},
		{"The US accuses Pyongyang of supplying rockets.", "US"},
		{"Japan's Tokyo Shimbun reported that munitions were shipped by rail.", "Japan's Tokyo Shimbun"},
		{"The ferry was overloaded, according to harbour master Lena Ortiz.", "Lena Ortiz"},
		{"Finance minister Ravi Patel said on Tuesday that the budget would be balanced.", "Ravi Patel"},
		{"\"The bridge will open in May,\" said Maria Gomez, head of the city's transport office.", "Maria Gomez"},
		{"\"We expect more rain this week,\" the agency's forecaster Tom Reed said.", "Tom Reed"},
		{"The regional council, in a statement on Monday, warned that the dam was unsafe.", "The regional council"},
		{"Acme Corp, the firm behind the new scanner, alleged in a filing that a rival copied its design.", "Acme Corp"},
		{"The mayor's office reportedly plans to close the market.", ""},
		{"Wagner took delivery of rockets, according to the White House, though its owner denied the assertion.", "White House"},
		{"That was first reported in the Daily Planet newspaper.", "Daily Planet newspaper"},
		{"The U.S. claims the factory has been supplying parts.", "U.S."},
		{"Police: New parking rules start in June", "Police"},
	}
	for _, c := range cases {
		expectRead(t, none, c.in, Claim, c.speaker)
	}
}

func TestDenials(t *testing.T) {
	none := Reading{}
	cases := []struct{ in, speaker string }{
		{"North Korea on Sunday denied providing arms to Moscow after the United States said it supplied rockets.", "North Korea"},
		{"After the ministry claimed the vote was rigged, the election board rejected the charge.", "the election board"},
		{"The company called the reports groundless.", "The company"},
		{"A senior official slammed the allegations as a baseless rumour.", "A senior official"},
		{"The arms deal has never happened, the spokesperson said.", "the spokesperson"},
		{"Pyongyang denies arming the mercenary group", "Pyongyang"},
		{"North Korea Denies Reports It Supplied Weapons", "North Korea"},
		{"The minister dismissed the talk as gossip.", "The minister"},
		{"The Acme Corp's denial came swiftly: the leaked memo is a fake.", ""},
		{"Port authorities said it had not left the harbour.", "Port authorities"},
		{"\"We have not sold any land,\" said Omar Haddad, the village chief.", "Omar Haddad"},
		{"The tanker is not leaking oil, the coast guard says.", "the coast guard"},
		{"But the head of the union, Ana Ruiz, rejected the claim on Friday.", "Ana Ruiz"},
		{"In a statement carried by Reuters, a company spokesperson refuted the story.", "Reuters"},
		{"No, the museum has not been sold", ""},
		{"Citing internal emails, the newspaper debunked the viral photo.", "the newspaper"},
	}
	for _, c := range cases {
		expectRead(t, none, c.in, Denial, c.speaker)
	}
}

func TestContext(t *testing.T) {
	none := Reading{}
	for _, in := range []string{
		"Along with China, Russia is one of North Korea's few international friends.",
		"The river flooded three villages last spring.",
		"Advertisement",
		"By Staff Writer",
		"The statement did not mention the harbour.",
		"The minister did not say when the talks would resume.",
		"",
		"   ",
		"北朝鮮は武器の提供を否定した。",
		"Северная Корея отрицает поставки оружия.",
		"Officials refused to confirm or deny the figures.",
		"The activists are calling for calm in the capital.",
	} {
		expectRead(t, none, in, Context, "")
	}
}

// TestMainClauseDecides is named after the sentences whose subordinate
// clause carries the opposite cue.
func TestMainClauseDecides(t *testing.T) {
	none := Reading{}
	expectRead(t, none, "North Korea is denying it sold munitions to Russia after a newspaper report said it shipped shells.", Denial, "North Korea")
	expectRead(t, none, "According to the White House, Wagner took delivery of rockets, though Prigozhin denied the assertion.", Claim, "White House")
	expectRead(t, none, "The denial comes as a top official said the deliveries continued.", Claim, "a top official")
	expectRead(t, none, "\"We have seen officials falsely deny that they sent arms,\" Kirby said.", Claim, "Kirby")
	expectRead(t, none, "Kirby said the train carried weapons, but he added that the amount has not changed the war.", Claim, "Kirby")
	expectRead(t, none, "The envoy said his country will \"not tolerate\" interference.", Claim, "The envoy")
	expectRead(t, none, "The embassy said it would not comment on the report.", Claim, "The embassy")
}

func TestPreviousSentence(t *testing.T) {
	denial := Reading{Kind: Denial, Speaker: "Kwon Jong Gun"}
	claim := Reading{Kind: Claim, Speaker: "John Kirby"}
	expectRead(t, denial, "He also called it \"a foolish attempt to justify its offer of weapons.\"", Denial, "Kwon Jong Gun")
	expectRead(t, denial, "She added that the move was a provocation.", Denial, "Kwon Jong Gun")
	expectRead(t, denial, "\"The report is neither accurate nor fair.\"", Denial, "Kwon Jong Gun")
	expectRead(t, denial, "Kwon called it a stupid attempt.", Denial, "Kwon")
	expectRead(t, claim, "The shipment follows another one last month, he said.", Claim, "John Kirby")
	expectRead(t, claim, "\"So today, we are releasing some imagery.\"", Claim, "John Kirby")
	expectRead(t, claim, "Additional shipments were expected, according to the report.", Claim, "John Kirby")
	expectRead(t, claim, "The official added that sanctions would follow.", Claim, "John Kirby")
	expectRead(t, denial, "The coordinator Jane Doe said the shipments went on.", Claim, "Jane Doe")
	expectRead(t, Reading{}, "He said the deal was done.", Claim, "")
}

func TestContinues(t *testing.T) {
	claim := Reading{Kind: Claim, Speaker: "John Kirby"}
	for _, c := range []struct {
		prev Reading
		in   string
		want bool
	}{
		{claim, "The shipment follows another one last month, he said.", true},
		{claim, "The official added that sanctions would follow.", true},
		{claim, "The coordinator Jane Doe said the shipments went on.", false},
		{claim, "Kirby's office said the shipments went on.", false},
		{Reading{}, "He said the deal was done.", false},
	} {
		if got := Read(c.in, c.prev).Continues; got != c.want {
			t.Errorf("Read(%q).Continues = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSpeakerIsShort(t *testing.T) {
	r := Read("White House national security spokesman John Kirby told reporters Thursday that the delivery was complete.", Reading{})
	if r.Speaker != "John Kirby" {
		t.Errorf("speaker %q, want John Kirby", r.Speaker)
	}
	r = Read("Iran's Foreign Ministry Spokesperson Nasser Kanaani, at a press conference, said the drones were not theirs.", Reading{})
	if r.Speaker != "Nasser Kanaani" {
		t.Errorf("speaker %q, want Nasser Kanaani", r.Speaker)
	}
}

// TestSeeds reads the seed articles in the package's testdata and checks a
// few sentences whose kind is plain.
func TestSeedSentences(t *testing.T) {
	cases := []struct {
		in      string
		kind    Kind
		speaker string
	}{
		{"A senior North Korean official, in a statement on Sunday, slammed the US allegations as a “groundless rumour” aimed at justifying Washington’s own military aid to Ukraine.", Denial, "A senior North Korean official"},
		{"But the director general of the North Korean Department of US Affairs, Kwon Jong Gun, rejected the accusations on Sunday, warning that the US will face a “really undesirable result” if it persists in spreading the “self-made rumour”.", Denial, "Kwon Jong Gun"},
		{"The White House showed U.S. intelligence photographs of Russian rail cars entering North Korea, picking up a load of infantry rockets and missiles, and returning to Russia, according to national security spokesman John Kirby.", Claim, "White House"},
		{"North Korea’s foreign ministry on Friday called the accusations “groundless,” and slammed the United States for “bringing bloodshed and destruction to Ukraine by providing it with various kinds of lethal weapons,” according to the North Korea’s state-run KCNA news agency, as reported by Reuters.", Denial, "North Korea’s foreign ministry"},
		{"War in Ukraine live: North Korea, accused by Washington of supplying arms to Moscow, denies", Denial, "North Korea"},
		{"Russia has had to turn to world pariahs including Iran and North Korea to help supply its unprovoked war in Ukraine.", Context, ""},
	}
	for _, c := range cases {
		expectRead(t, Reading{}, c.in, c.kind, c.speaker)
	}
}

func TestHostileInput(t *testing.T) {
	inputs := []string{
		strings.Repeat("said ", 200_000),
		strings.Repeat("\"", 1<<20),
		strings.Repeat("x, said, ", 100_000),
		strings.Repeat("The official, ", 80_000) + "denied it.",
		strings.Repeat("’‘“”«»", 50_000),
		strings.Repeat("a", 1<<20),
		string([]byte{0xff, 0xfe, ',', '"', 0x80}),
	}
	// A quadratic scan would not finish these within the test timeout; how
	// fast Read is on them is BenchmarkReadHostile's business.
	for _, in := range inputs {
		r := Read(in, Reading{Kind: Denial, Speaker: "X"})
		if r.Kind > Denial {
			t.Errorf("bad kind %d", r.Kind)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("North Korea on Sunday denied providing arms to Moscow.", uint8(0), "")
	f.Add("\"It is a lie,\" said Kwon Jong Gun, director general.", uint8(2), "Kwon")
	f.Add("He added that it was a foolish attempt.", uint8(1), "John Kirby")
	f.Fuzz(func(t *testing.T, in string, kind uint8, speaker string) {
		r := Read(in, Reading{Kind: Kind(kind % 3), Speaker: speaker})
		if r.Kind > Denial {
			t.Fatalf("kind %d out of range", r.Kind)
		}
		if r.Kind == Context && r.Speaker != "" {
			t.Fatalf("context with speaker %q", r.Speaker)
		}
		if len(r.Speaker) > len(in)+len(speaker) {
			t.Fatalf("speaker %q longer than its sources", r.Speaker)
		}
	})
}

var benchSentences = []string{
	"North Korea on Sunday denied providing arms to Moscow after the United States said the\nnuclear-armed state supplied rockets and missiles to Russia's private military group Wagner.",
	"The White House showed U.S. intelligence photographs of Russian rail cars entering North\nKorea, picking up a load of infantry rockets and missiles, and returning to Russia, according\nto national security spokesman John Kirby.",
	"Along with China, Russia is one of North Korea's few international friends and has previously come to the regime's aid.",
	"\"Trying to tarnish the image of [North Korea] by fabricating a non-existent thing is a grave provocation that can never be allowed and that cannot but trigger its reaction,\" said Kwon Jong Gun, Director General of the Department of U.S. Affairs.",
}

func BenchmarkRead(b *testing.B) {
	n := 0
	for _, s := range benchSentences {
		n += len(s)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		var prev Reading
		for _, s := range benchSentences {
			prev = Read(s, prev)
		}
	}
}

// BenchmarkFieldsBaseline is the floor Read is measured against: splitting
// the same sentences into words and lower-casing them.
func BenchmarkFieldsBaseline(b *testing.B) {
	n := 0
	for _, s := range benchSentences {
		n += len(s)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, s := range benchSentences {
			for _, w := range strings.Fields(s) {
				_ = strings.ToLower(w)
			}
		}
	}
}

func BenchmarkReadHostile(b *testing.B) {
	in := strings.Repeat("The official, ", 80_000) + "denied it."
	for b.Loop() {
		Read(in, Reading{})
	}
}

func TestFraming(t *testing.T) {
	for w, want := range map[string]bool{
		"said": true, "reported": true, "spokesman": true, "agency": true, "friday": true, "update": true,
		"rockets": false, "groundless": false, "denied": false, "media": false, "wagner": false,
	} {
		if got := Framing(w); got != want {
			t.Errorf("Framing(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestWordLowCase holds the lower case addWord gives a word, with and
// without the fast path for words already in lower-case ASCII, each word
// alone and all in one sentence (their lows slices of one string), and
// the negation a lowered "n't" marks.
func TestWordLowCase(t *testing.T) {
	cases := []struct{ in, low string }{
		{"denied", "denied"}, {"Denied", "denied"}, {"didn’t", "didn't"}, {"DIDN’T", "didn't"},
		{"didn't", "didn't"}, {"u.s.", "u.s."}, {"Zürich", "zürich"}, {"1990s", "1990s"},
		{"ÀÉÎ", "àéî"}, {"İstanbul", "istanbul"}, {"ΑΘΗΝΑ", "αθηνα"},
	}
	all := scan{cues: cues()}
	for _, c := range cases {
		s := scan{cues: cues()}
		s.addWord(c.in, false)
		all.addWord(c.in, false)
		s.setLows()
		if got := s.toks[0].low; got != c.low {
			t.Errorf("addWord(%q) low = %q, want %q", c.in, got, c.low)
		}
		if neg := s.toks[0].class&cNeg != 0; neg != strings.HasSuffix(c.low, "n't") {
			t.Errorf("addWord(%q) negates: %v", c.in, neg)
		}
	}
	all.setLows()
	for i, c := range cases {
		if got := all.toks[i].low; got != c.low {
			t.Errorf("word %d of a sentence, %q: low = %q, want %q", i, c.in, got, c.low)
		}
	}
}
