package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/stance"
)

// seeds reads the default corpus from the repository.
func seeds(t testing.TB) []intake.Article {
	t.Helper()
	as, err := intake.ReadFS(os.DirFS("../corpus"), "seeds")
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func build(t testing.TB, as []intake.Article) *Index {
	t.Helper()
	x, _, err := Build(as)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// claimOf returns the claim whose versions include a sentence containing s.
func claimOf(t *testing.T, x *Index, s string) *Claim {
	t.Helper()
	for i := range x.Sentences {
		if strings.Contains(x.Sentences[i].Text, s) {
			return &x.Claims[x.Sentences[i].Claim]
		}
	}
	t.Fatalf("no indexed sentence contains %q", s)
	return nil
}

// claimOfExactly returns the claim of the indexed sentence that is exactly s.
func claimOfExactly(t *testing.T, x *Index, s string) *Claim {
	t.Helper()
	for i := range x.Sentences {
		if x.Sentences[i].Text == s {
			return &x.Claims[x.Sentences[i].Claim]
		}
	}
	t.Fatalf("no indexed sentence is %q", s)
	return nil
}

func sourcesOf(x *Index, c *Claim) map[string]bool {
	m := map[string]bool{}
	for _, v := range c.Versions {
		m[x.Articles[x.Sentences[v].Article].ID] = true
	}
	return m
}

func TestSeedCopiesCountOnce(t *testing.T) {
	x, warnings, err := Build(seeds(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Articles) != 4 {
		t.Fatalf("got %d articles, want 4 (seeds 000 and 001 are one text)", len(x.Articles))
	}
	var kept *Article
	for i := range x.Articles {
		if len(x.Articles[i].Aliases) > 0 {
			kept = &x.Articles[i]
		}
	}
	if kept == nil || kept.URL == "" || !strings.Contains(strings.Join(warnings, "\n"), "counted once") {
		t.Fatalf("the merged copy should keep the url and be reported: %+v %q", kept, warnings)
	}
}

func TestVersionsOfOneClaim(t *testing.T) {
	x := build(t, seeds(t))
	// The three January articles all quote the same threat; one claim holds them.
	c := claimOf(t, x, "really undesirable result")
	if c.Kind != stance.Denial {
		t.Errorf("kind = %v, want denial", c.Kind)
	}
	if got := sourcesOf(x, c); len(got) < 3 {
		t.Errorf("versions from %d articles, want 3: %v", len(got), got)
	}
	// A December claim and a January context sentence are not one group.
	if claimOf(t, x, "Tokyo Shimbun") == claimOf(t, x, "31 Abrams tanks") {
		t.Error("unrelated sentences grouped together")
	}
	// Three versions of one denial each restate the claim it denies, in
	// their own words: the restatements are one claim, and a sentence about
	// something else does not join them.
	restated := claimOfExactly(t, x, "the Pyongyang regime had supplied arms to Moscow.")
	if got := sourcesOf(x, restated); len(got) < 3 {
		t.Errorf("restated claim has versions from %d articles, want 3: %v", len(got), got)
	}
	if claimOf(t, x, "released US intelligence footage") == restated {
		t.Error("a sentence on the photographs joined the restated claim")
	}
	// The restatements, made in January, retell a claim one seed states in
	// December: they are its versions too, however long before the denial
	// it was made.
	if claimOf(t, x, "The shipment follows another one last month") != restated {
		t.Error("the December claim and the January restatements of it are apart")
	}
	// The earliest version comes first.
	for _, c := range x.Claims {
		for _, v := range c.Versions[1:] {
			if x.earlier(v, c.Versions[0]) {
				t.Fatalf("claim %s: version %d is earlier than its first", c.ID, v)
			}
		}
	}
}

func TestJointClaims(t *testing.T) {
	// One seed tells the US claim in two sentences, the second going on
	// with the spokesman's statement; the restatements in the other seeds
	// word it like the second. Each part's versions are the other's too.
	x := build(t, seeds(t))
	first, second := claimOf(t, x, "Kirby told reporters Thursday"), claimOf(t, x, "The shipment follows another one last month")
	if first == second {
		t.Fatal("the two parts are one claim")
	}
	if first.Joint < 0 || &x.Claims[first.Joint] != second || &x.Claims[second.Joint] != first {
		t.Fatalf("joint = %d and %d, want the two parts linked", first.Joint, second.Joint)
	}
	// The second part opens with the sentence that began the statement.
	if got := x.Opening(first.Joint); !strings.Contains(got, "Kirby told reporters Thursday") {
		t.Errorf("the second part opens with %q, want the first part's sentence", got)
	}
	// An outlet that tells the two parts in two separate statements keeps
	// them apart.
	as := []intake.Article{
		{ID: "a", Text: "Mayor Ana Ruiz said the city will close the old river bridge for repairs in March. The repairs on the old river bridge will cost four million dollars, she said."},
		{ID: "b", Text: "Mayor Ana Ruiz said the old river bridge will close for repairs in March. She also said that repairs to the river bridge would cost four million dollars."},
	}
	y := build(t, as)
	for _, c := range y.Claims {
		if c.Joint >= 0 {
			t.Errorf("claim %q joined to %q though article b tells them apart", y.Sentences[c.Versions[0]].Text, y.Sentences[y.Claims[c.Joint].Versions[0]].Text)
		}
	}
	y = build(t, as[:1])
	if c := claimOf(t, y, "will cost four million"); c.Joint < 0 {
		t.Error("a lone article's two-sentence statement is not joined")
	}
}

// A file of the format before joint claims still reads, with none.
func TestDecodeFormat1(t *testing.T) {
	x := build(t, seeds(t))
	y, err := Decode(x.encode(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(y.Claims) != len(x.Claims) || len(y.Sentences) != len(x.Sentences) {
		t.Fatalf("decoded %d claims, %d sentences; want %d, %d", len(y.Claims), len(y.Sentences), len(x.Claims), len(x.Sentences))
	}
	for i, c := range y.Claims {
		if c.Joint != -1 || c.Counter != x.Claims[i].Counter || c.ID != x.Claims[i].ID {
			t.Fatalf("claim %d: %+v, want %+v without a joint claim", i, c, x.Claims[i])
		}
	}
}

func TestIDsAreStable(t *testing.T) {
	as := seeds(t)
	a, b := build(t, as), build(t, as)
	if !bytes.Equal(a.Encode(), b.Encode()) {
		t.Fatal("two builds of one corpus differ")
	}
	// Adding an unrelated article keeps the existing claims' ids.
	extra := intake.Article{ID: "extra", Date: "2023-02-01", Text: "The city council said on Monday that the new bridge will open in May after years of delay."}
	c := build(t, append(as, extra))
	ids := map[string]bool{}
	for _, cl := range c.Claims {
		ids[cl.ID] = true
	}
	for _, cl := range a.Claims {
		if !ids[cl.ID] {
			t.Errorf("claim %s lost its id when an unrelated article was added", cl.ID)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	x := build(t, seeds(t))
	data := x.Encode()
	y, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(y.Encode(), data) {
		t.Fatal("decode then encode changed the index")
	}
	if len(y.Candidates(y.Print(0))) == 0 {
		t.Fatal("a loaded index finds no candidates for its own sentence")
	}
}

func TestDecodeRejects(t *testing.T) {
	good := build(t, seeds(t)).Encode()
	newer := bytes.Clone(good)
	binary.LittleEndian.PutUint16(newer[8:], Format+1)
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 0xff
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a Retold index"},
		{"foreign", []byte("PK\x03\x04 this is a zip file, not an index at all, padded to be long enough ................................................................................................................................."), "not a Retold index"},
		{"newer", newer, "newer"},
		{"truncated", good[:len(good)-10], "truncated"},
		{"corrupt", flipped, "checksum"},
	}
	for _, c := range cases {
		_, err := Decode(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to say %q", c.name, err, c.want)
		}
	}
	if _, err := Decode(newer); !errors.Is(err, ErrNewerFormat) {
		t.Errorf("a newer index should give ErrNewerFormat, got %v", err)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "corpus.idx")
	if err := WriteFile(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	// A write into a missing directory fails and leaves nothing behind.
	if err := WriteFile(filepath.Join(dir, "missing", "x.idx"), []byte("new")); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if string(got) != "new" || len(entries) != 1 {
		t.Fatalf("got %q and %d files, want \"new\" and 1", got, len(entries))
	}
}

func TestBuildEmpty(t *testing.T) {
	if _, _, err := Build(nil); err == nil {
		t.Fatal("an empty corpus should be an error")
	}
}

func FuzzDecode(f *testing.F) {
	good := build(f, seeds(f)).Encode()
	f.Add(good)
	f.Add(good[:headerSize])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Fuzzed payloads rarely pass the checksum; fix it up so the decoder
		// behind it is exercised too.
		if len(data) >= headerSize && string(data[:8]) == magic {
			binary.LittleEndian.PutUint64(data[16:], uint64(len(data)-headerSize))
			sum := sha256.Sum256(data[headerSize:])
			copy(data[sumAt:], sum[:])
		}
		x, err := Decode(data)
		if err == nil {
			x.Encode()
			for i := range x.Sentences {
				x.Candidates(x.Print(int32(i)))
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	data := build(b, seeds(b)).Encode()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	as := seeds(b)
	for b.Loop() {
		build(b, as)
	}
}
