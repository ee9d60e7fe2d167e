package sentences

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// expectSplit checks that Split(in) yields exactly the sentence texts in want, and that every
// sentence keeps the invariants.
func expectSplit(t *testing.T, in string, want ...string) {
	t.Helper()
	got := Split(in)
	checkInvariants(t, in, got)
	texts := make([]string, len(got))
	for i, s := range got {
		texts[i] = s.Text
	}
	if strings.Join(texts, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("Split(%q)\n got  %q\n want %q", in, texts, want)
	}
}

// expectHeadings checks which sentences of Split(in) are headings, as a string of 'H' and '.'.
func expectHeadings(t *testing.T, in, want string) {
	t.Helper()
	var b strings.Builder
	for _, s := range Split(in) {
		if s.Heading {
			b.WriteByte('H')
		} else {
			b.WriteByte('.')
		}
	}
	if b.String() != want {
		t.Errorf("headings of %q: got %s, want %s", in, b.String(), want)
	}
}

// checkInvariants holds for every input: valid ordered offsets, exact text, no surrounding
// space, and every non-space rune of the input inside some sentence.
func checkInvariants(t *testing.T, in string, got []Sentence) {
	t.Helper()
	prev := 0
	covered := make([]bool, len(in))
	for i, s := range got {
		if s.Start < prev || s.Start >= s.End || s.End > len(in) {
			t.Fatalf("sentence %d has bad offsets [%d,%d) after %d (len %d)", i, s.Start, s.End, prev, len(in))
		}
		if s.Text != in[s.Start:s.End] {
			t.Fatalf("sentence %d: Text %q != input slice %q", i, s.Text, in[s.Start:s.End])
		}
		first, _ := utf8.DecodeRuneInString(s.Text)
		last, _ := utf8.DecodeLastRuneInString(s.Text)
		if isSpace(first) || isSpace(last) {
			t.Fatalf("sentence %d %q has surrounding space", i, s.Text)
		}
		for k := s.Start; k < s.End; k++ {
			covered[k] = true
		}
		prev = s.End
	}
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRuneInString(in[i:])
		if !isSpace(r) && !covered[i] {
			t.Fatalf("byte %d (%q) of the input is in no sentence", i, r)
		}
		i += n
	}
}

func TestAbbreviations(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"U.S. officials said so. They left.", []string{"U.S. officials said so.", "They left."}},
		{"The U.K. and the U.N. agreed. Talks end.", []string{"The U.K. and the U.N. agreed.", "Talks end."}},
		{"Mr. Kim met Mrs. Lee and Ms. Park. Dr. Cho came too.", []string{"Mr. Kim met Mrs. Lee and Ms. Park.", "Dr. Cho came too."}},
		{"Prof. Han and Gen. Ryu spoke. Sen. Cole and Rep. Diaz listened.", []string{"Prof. Han and Gen. Ryu spoke.", "Sen. Cole and Rep. Diaz listened."}},
		{"Gov. Ames, Lt. Col. Barr and St. John's staff met.", []string{"Gov. Ames, Lt. Col. Barr and St. John's staff met."}},
		{"Tom Ray Jr. and Tom Ray Sr. sued Acme Inc. and Zeta Corp. over it.", []string{"Tom Ray Jr. and Tom Ray Sr. sued Acme Inc. and Zeta Corp. over it."}},
		{"Shares of Blue Co. Ltd. fell. Traders sold.", []string{"Shares of Blue Co. Ltd. fell.", "Traders sold."}},
		{"It was Lions vs. Tigers. Lions won.", []string{"It was Lions vs. Tigers.", "Lions won."}},
		{"They sold fruit, nuts, etc. and bread.", []string{"They sold fruit, nuts, etc. and bread."}},
		{"They sold fruit, nuts, etc. The market closed.", []string{"They sold fruit, nuts, etc.", "The market closed."}},
		{"Use a tool, e.g. Rust, or a script, i.e. Bash, today.", []string{"Use a tool, e.g. Rust, or a script, i.e. Bash, today."}},
		{"Resolution No. 5 passed. It was close.", []string{"Resolution No. 5 passed.", "It was close."}},
		{"It happened on Jan. 29 and Sept. 3. Nobody saw it.", []string{"It happened on Jan. 29 and Sept. 3.", "Nobody saw it."}},
		{"Filed in Dec. The judge waited.", []string{"Filed in Dec.", "The judge waited."}},
		{"We met at 9 a.m. Friday and left.", []string{"We met at 9 a.m. Friday and left."}},
		{"We met at 9 a.m. The talks lasted.", []string{"We met at 9 a.m.", "The talks lasted."}},
		{"It starts at 4 p.m. ET on Sunday.", []string{"It starts at 4 p.m. ET on Sunday."}},
		{"John F. Kennedy read J.R.R. Tolkien. He liked it.", []string{"John F. Kennedy read J.R.R. Tolkien.", "He liked it."}},
		{"Signed by J. A. Smith today.", []string{"Signed by J. A. Smith today."}},
		{"U.S. President Joe Biden spoke.", []string{"U.S. President Joe Biden spoke."}},
		{"Rockets were supplied by the U.S. The next day, talks began.", []string{"Rockets were supplied by the U.S.", "The next day, talks began."}},
		{"Aid came from the U.S. But it was late.", []string{"Aid came from the U.S.", "But it was late."}},
		{"Los EE.UU. Han dicho que no.", []string{"Los EE.UU. Han dicho que no."}},
		{"She holds a Ph.D. in physics.", []string{"She holds a Ph.D. in physics."}},
	}
	for _, c := range cases {
		expectSplit(t, c.in, c.want...)
	}
}

func TestNumbersAndAddresses(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Growth was 3.5 percent. Costs rose.", []string{"Growth was 3.5 percent.", "Costs rose."}},
		{"It cost $1,000.50 in total. Then more.", []string{"It cost $1,000.50 in total.", "Then more."}},
		{"Version v1.2 shipped at 10.30 today.", []string{"Version v1.2 shipped at 10.30 today."}},
		{"See example.com or write to desk@news.example.org for more. Thanks to all.", []string{"See example.com or write to desk@news.example.org for more.", "Thanks to all."}},
		{"Visit https://example.com/a.b.html today. It works.", []string{"Visit https://example.com/a.b.html today.", "It works."}},
		{"He scored in the 34. minute.", []string{"He scored in the 34. minute."}},
		{"The toll rose to 31. Officials feared more.", []string{"The toll rose to 31.", "Officials feared more."}},
		{"Goals: 13. Rogers, 15. Malen", []string{"Goals: 13. Rogers, 15. Malen"}},
		{"Am 29. Januar kam es zum Streit.", []string{"Am 29. Januar kam es zum Streit."}},
		{"1. First point here\n2. Second point here", []string{"1. First point here", "2. Second point here"}},
		{"They won by 10 runs.But the series went on.", []string{"They won by 10 runs.", "But the series went on."}},
		{"Built with ASP.NET and Node.js today.", []string{"Built with ASP.NET and Node.js today."}},
	}
	for _, c := range cases {
		expectSplit(t, c.in, c.want...)
	}
}

func TestQuotes(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`"It is false. It never happened," he said.`, []string{`"It is false.`, `It never happened," he said.`}},
		{`He said it "never happened." Then he left.`, []string{`He said it "never happened."`, `Then he left.`}},
		{"He called it “a lie.” Others agreed.", []string{"He called it “a lie.”", "Others agreed."}},
		{"She said ‘no.’ He nodded.", []string{"She said ‘no.’", "He nodded."}},
		{"Il a dit « c’est faux. » Puis il est parti.", []string{"Il a dit « c’est faux. »", "Puis il est parti."}},
		{"It was denied (as expected.) Talks resumed.", []string{"It was denied (as expected.)", "Talks resumed."}},
		{`"Is it a rumour?" he asked. Nobody knew.`, []string{`"Is it a rumour?" he asked.`, "Nobody knew."}},
		{`"Stop!" she shouted. They stopped.`, []string{`"Stop!" she shouted.`, "They stopped."}},
		{"Why now? Nobody knows! Really?! Yes.", []string{"Why now?", "Nobody knows!", "Really?!", "Yes."}},
		{`"That was the end." "Or was it?" he wondered.`, []string{`"That was the end."`, `"Or was it?" he wondered.`}},
		{"[...] The rest follows here.", []string{"[...] The rest follows here."}},
	}
	for _, c := range cases {
		expectSplit(t, c.in, c.want...)
	}
}

func TestLinesAndHeadings(t *testing.T) {
	wrapped := "The ministry said on Sunday that the claims made by the United States were\n" +
		"groundless and that it had never supplied any weapons to the group in North\n" +
		"Korea or anywhere else. The statement was carried by the state news agency and\n" +
		"repeated on radio.\n\n" +
		"Officials in Seoul said they were watching the border closely and would report\n" +
		"any movement of trains.\n"
	expectSplit(t, wrapped,
		"The ministry said on Sunday that the claims made by the United States were\ngroundless and that it had never supplied any weapons to the group in North\nKorea or anywhere else.",
		"The statement was carried by the state news agency and\nrepeated on radio.",
		"Officials in Seoul said they were watching the border closely and would report\nany movement of trains.")
	expectHeadings(t, wrapped, "...")

	perLine := "Ministry rejects weapons claim\n\n" +
		"The ministry rejected the claim on Sunday, calling it a rumour spread by its enemies abroad.\n" +
		"It said no weapons had been sold to anyone at any time, and that it never would sell any.\n" +
		"Listen to Story\n" +
		"Advertisement\n" +
		"Also Read | Border talks resume after a long pause\n" +
		"A photo shows the border. (Photo: Agency)\n"
	expectSplit(t, perLine,
		"Ministry rejects weapons claim",
		"The ministry rejected the claim on Sunday, calling it a rumour spread by its enemies abroad.",
		"It said no weapons had been sold to anyone at any time, and that it never would sell any.",
		"Listen to Story",
		"Advertisement",
		"Also Read | Border talks resume after a long pause",
		"A photo shows the border.",
		"(Photo: Agency)")
	expectHeadings(t, perLine, "H..HHH..")

	expectSplit(t, "Short title\nThe first sentence of the story is here and it is fairly long indeed.",
		"Short title", "The first sentence of the story is here and it is fairly long indeed.")
	expectHeadings(t, "Short title\nThe first sentence of the story is here and it is fairly long indeed.", "H.")

	// A lowercase next line continues the sentence whatever the line's length; a blank line always breaks.
	expectSplit(t, "The talks\nended late. Then it rained\n\nall day.", "The talks\nended late.", "Then it rained", "all day.")
	expectHeadings(t, "A broken line without end\n\nwhich goes on here.", "..")

	// Markdown-ish lines are headings with their markup kept.
	md := "# The Title\n**Photo caption**\n- first item\n- second item\nBody text ends here."
	expectSplit(t, md, "# The Title", "**Photo caption**", "- first item", "- second item", "Body text ends here.")
	expectHeadings(t, md, "HHHH.")

	// A wrap after an abbreviation or a title stays inside the sentence.
	expectSplit(t, "The sanctions imposed by the U.S.\nofficials last year were widened by Mr.\nKim's rivals.",
		"The sanctions imposed by the U.S.\nofficials last year were widened by Mr.\nKim's rivals.")
	expectSplit(t, "Windows line one ends.\r\nLine two ends.\rLine three.", "Windows line one ends.", "Line two ends.", "Line three.")
}

// expectSameLines holds splitLines' two ways to one answer: a carriage
// return at the end of a text adds only a blank line, yet sends every
// line of it through the byte-by-byte way.
func expectSameLines(t *testing.T, text string) {
	t.Helper()
	fast, slow := splitLines(nil, text), splitLines(nil, text+"\r")
	if !slices.Equal(fast, slow) {
		t.Errorf("splitLines(%q) = %v, with a carriage return after it %v", text, fast, slow)
	}
}

func TestSplitLinesWithoutCarriageReturn(t *testing.T) {
	expectSameLines(t, "")
	expectSameLines(t, "one line, no break")
	expectSameLines(t, "\n\nTitle\n\n  First line of the body,\nwrapped here.  \n\n\nLast one.\n")
	expectSameLines(t, "  Überschrift \n\t\u00a0Zeile zwei\u2003\nОдна строка\n")
}

// expectTypical holds typicalLineLength, which sorts a few lines' lengths
// and counts many in a histogram, to the definition both keep: the
// shortest length that more than typicalLinePercentile of the lines (their
// lengths capped at maxLineHistogram) do not exceed.
func expectTypical(t *testing.T, runes []int) {
	t.Helper()
	lines := make([]line, len(runes))
	for i, r := range runes {
		lines[i].runes = r
	}
	want := minTypicalLine
	for n := 0; n <= maxLineHistogram; n++ {
		under := 0
		for _, r := range runes {
			if min(r, maxLineHistogram) <= n {
				under++
			}
		}
		if under > int(float64(len(runes))*typicalLinePercentile) {
			want = max(n, minTypicalLine)
			break
		}
	}
	if got := typicalLineLength(lines); got != want {
		t.Errorf("typicalLineLength of %d lines = %d, want %d", len(runes), got, want)
	}
}

func TestTypicalLineLength(t *testing.T) {
	seed := uint32(7)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for _, n := range []int{0, 1, 2, 5, 10, maxStackLines - 1, maxStackLines, maxStackLines + 1, 300} {
		for _, spread := range []int{3, 90, 2 * maxLineHistogram} {
			runes := make([]int, n)
			for i := range runes {
				runes[i] = next(spread)
			}
			expectTypical(t, runes)
		}
	}
}

func TestOtherScripts(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"北朝鮮は否定した。米国は反論した！本当か？", []string{"北朝鮮は否定した。", "米国は反論した！", "本当か？"}},
		{"高官は「確認された。供給した」と指摘。次の文。", []string{"高官は「確認された。供給した」と指摘。", "次の文。"}},
		{"他说：“这是谣言。”然后离开了。", []string{"他说：“这是谣言。”", "然后离开了。"}},
		{"هل هذا صحيح؟ نعم هو كذلك.", []string{"هل هذا صحيح؟", "نعم هو كذلك."}},
		{"यह गलत है। उसने कहा।", []string{"यह गलत है।", "उसने कहा।"}},
		{"Er sagte: „Nein.“ Dann ging er.", []string{"Er sagte: „Nein.“", "Dann ging er."}},
		{"Er sagte: »Nein.« Dann ging er.", []string{"Er sagte: »Nein.«", "Dann ging er."}},
		{"He paused… Then he spoke.", []string{"He paused…", "Then he spoke."}},
		{"He paused... and then spoke.", []string{"He paused... and then spoke."}},
		{"It was late... The end came.", []string{"It was late...", "The end came."}},
		{"Il a nié les faits.Dans un communiqué, il a insisté.", []string{"Il a nié les faits.", "Dans un communiqué, il a insisté."}},
		{"Skóre otvoril v 34. minúte Trossard. Potom prišla prestávka.", []string{"Skóre otvoril v 34. minúte Trossard.", "Potom prišla prestávka."}},
	}
	for _, c := range cases {
		expectSplit(t, c.in, c.want...)
	}
	// An unclosed 「 holds sentences together only for the length of a plausible quotation.
	unclosed := "「" + strings.Repeat("引用が閉じない。", 60) + "次。"
	if got := Split(unclosed); len(got) < 30 || got[len(got)-1].Text != "次。" {
		t.Errorf("unclosed quote: %d sentences, last %q", len(got), got[len(got)-1].Text)
	}
}

func TestRobustness(t *testing.T) {
	inputs := map[string]string{
		"empty":         "",
		"spaces":        " \n\t\u00a0\u3000\n",
		"invalid utf-8": "Bad \xff\xfe bytes. Then \xc3 more.\n\n\xe2\x80 end",
		"nul bytes":     "One\x00 two. Three\x00\x00.\x00",
		"marks only":    "... ?! 。。。 \"\" )) ((",
		"no punct":      strings.Repeat("word ", 5000),
		"dots":          strings.Repeat("a.", 10000) + strings.Repeat(". ", 10000),
		"quotes":        strings.Repeat(`."`, 20000) + " X",
		"newlines":      strings.Repeat("\n", 100000),
		"short lines":   strings.Repeat("x\n", 50000),
		"open quotes":   strings.Repeat("「", 10000) + "。" + strings.Repeat("」", 3),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			checkInvariants(t, in, Split(in))
		})
	}
	expectSplit(t, "Bad \xff\xfe bytes. Then \xc3 more.", "Bad \xff\xfe bytes.", "Then \xc3 more.")
	expectSplit(t, "no punctuation at all here", "no punctuation at all here")
}

// TestLinearMemory splits a 5 MB text and a quarter of it: what Split
// allocates must grow with the input, not faster. (Time is measured by
// BenchmarkSplitLarge, never asserted here.)
func TestLinearMemory(t *testing.T) {
	unit := "The U.S. said on Jan. 5 that Mr. Kim's rockets, worth $1,000.50 each, were \"never sold.\" " +
		"He denied it!\nShort line\n\n北朝鮮は否定した。\n"
	small := strings.Repeat(unit, 5_000_000/len(unit)/4)
	large := strings.Repeat(unit, 5_000_000/len(unit))
	allocated := func(s string) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if len(Split(s)) == 0 {
			t.Fatal("no sentences")
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	as, al := allocated(small), allocated(large)
	if al > 5*as+1<<20 {
		t.Errorf("Split allocates more than linearly: %d bytes for 1.25 MB, %d for 5 MB", as, al)
	}
}

func BenchmarkSplitLarge(b *testing.B) {
	unit := "The U.S. said on Jan. 5 that Mr. Kim's rockets were \"never sold.\" He denied it!\n"
	s := strings.Repeat(unit, 5_000_000/len(unit))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Split(s)
	}
}

func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "corpus", "seeds", name))
	if err != nil {
		t.Fatalf("reading seed: %v", err)
	}
	return string(b)
}

func TestSeeds(t *testing.T) {
	s000 := readSeed(t, "000_db1c020fb54c6a6c.txt")
	got := Split(s000)
	checkInvariants(t, s000, got)
	want0 := "North Korea on Sunday denied providing arms to Moscow after the United States said the\n" +
		"nuclear-armed state supplied rockets and missiles to Russia's private military group Wagner."
	if len(got) != 12 || got[0].Text != want0 || got[0].Heading {
		t.Errorf("seed 000: %d sentences, first %q", len(got), got[0].Text)
	}
	if w := "He also called it \"a foolish attempt to justify its offer of weapons to Ukraine.\""; got[5].Text != w {
		t.Errorf("seed 000 sentence 5: %q", got[5].Text)
	}

	s001 := readSeed(t, "001_a1b3c287e7b1f00f.txt")
	got = Split(s001)
	checkInvariants(t, s001, got)
	if got[0].Text != "# North Korea Denies Arms Dealing With Russia" || !got[0].Heading || got[3].Text != "**TASS/AP Photo/Jon Chol Jin**" {
		t.Errorf("seed 001 opens with %q, %q", got[0].Text, got[3].Text)
	}

	s002 := readSeed(t, "002_d336b4dcf17ef295.txt")
	got = Split(s002)
	checkInvariants(t, s002, got)
	if got[0].Text != "Pyongyang denies arming Russian Wagner group" || !got[0].Heading {
		t.Errorf("seed 002 first sentence %q heading=%v", got[0].Text, got[0].Heading)
	}
	if w := "He added that the US move was “a foolish attempt to justify its offer of weapons to Ukraine”."; got[7].Text != w {
		t.Errorf("seed 002 sentence 7: %q", got[7].Text)
	}
	if !strings.HasPrefix(got[8].Text, "Earlier this week, US President Joe Biden") {
		t.Errorf("seed 002 sentence 8: %q", got[8].Text)
	}

	s003 := readSeed(t, "003_23cfd81894ebb5ac.txt")
	got = Split(s003)
	checkInvariants(t, s003, got)
	for i, w := range []string{"War in Ukraine live North Korea accused by Washington of",
		"War in Ukraine live: North Korea, accused by Washington of supplying arms to Moscow, denies",
		"North Korea denies arms sales to Russia"} {
		if got[i].Text != w || !got[i].Heading {
			t.Errorf("seed 003 heading %d: %q", i, got[i].Text)
		}
	}
	if got[3].Heading || got[3].Text != "North Korea on Sunday denied claims by Washington that the Pyongyang regime had supplied arms to Moscow." {
		t.Errorf("seed 003 sentence 3: %q", got[3].Text)
	}

	s004 := readSeed(t, "004_50fb68b2c1ebf908.txt")
	got = Split(s004)
	checkInvariants(t, s004, got)
	if last := got[len(got)-1]; last.Text != "Advertisement" || !last.Heading {
		t.Errorf("seed 004 ends with %q", last.Text)
	}
	if w := "The North Korean spokesperson said the arms transactions between Pyongyang and Moscow “has never happened.”"; got[10].Text != w {
		t.Errorf("seed 004 sentence 10: %q", got[10].Text)
	}
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"  a \n\t b\u00a0\u00a0c\u2003d\u3000 ", "a b c d"},
		{"North\nKorea", "North Korea"},
		{"\n\n", ""},
		{"x\xffy  z", "x\xffy z"},
		{"é b\xff c", "é b\xff c"},
		{"a b ", "a b"},
		{" a b", "a b"},
		{"a\u00a0b", "a b"},
		{"a\u2003", "a"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
		if folded(c.in) != (c.in == c.want) {
			t.Errorf("folded(%q) = %v, want %v", c.in, folded(c.in), c.in == c.want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"U.S. officials said. He left.", "Title\n\nBody text.\nMore text", "北朝鮮。「引用。」"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Split(in)
		checkInvariants(t, in, got)
		folded := Fold(in)
		if strings.Contains(folded, "  ") || folded != strings.TrimSpace(folded) {
			t.Fatalf("Fold(%q) = %q", in, folded)
		}
	})
}

func BenchmarkSplit(b *testing.B) {
	text := seedsText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Split(text)
	}
}

// BenchmarkSplitBaseline is the floor to compare BenchmarkSplit with: one pass that only
// cuts the same text into words.
func BenchmarkSplitBaseline(b *testing.B) {
	text := seedsText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		strings.Fields(text)
	}
}

func seedsText(b *testing.B) string {
	var all strings.Builder
	for _, n := range []string{"000_db1c020fb54c6a6c.txt", "001_a1b3c287e7b1f00f.txt", "002_d336b4dcf17ef295.txt",
		"003_23cfd81894ebb5ac.txt", "004_50fb68b2c1ebf908.txt"} {
		all.WriteString(readSeed(b, n))
		all.WriteString("\n\n")
	}
	return all.String()
}

// TestClasses holds the class tables to the mark lists for every rune.
func TestClasses(t *testing.T) {
	loadTables()
	lists := []struct {
		marks string
		class uint16
	}{
		{lineBullets, cBullet}, {closers, cCloser}, {westernTerminals, cWestern},
		{immediateTerminals, cImmediate}, {lineClauseMarks, cClauseMark}, {cjkQuoteOpen, cCJKOpen},
		{cjkQuoteClose, cCJKClose}, {openers, cOpener}, {listMarks, cListMark},
	}
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		for _, l := range lists {
			if got, want := is(l.class, r), strings.ContainsRune(l.marks, r); got != want {
				t.Fatalf("is(%#x, %U) = %v, want %v", l.class, r, got, want)
			}
		}
	}
}
