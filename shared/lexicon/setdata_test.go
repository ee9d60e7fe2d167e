package lexicon

import "testing"

func expectSetData(t *testing.T, bin string, wantErr bool) {
	t.Helper()
	if err := SetData([]byte(bin)); (err != nil) != wantErr {
		t.Errorf("SetData(%.12q...) = %v, want error %v", bin, err, wantErr)
	}
}

// TestSetData: in a build that embeds lexicon.bin (every test build), the
// data is in place, the same bytes are accepted, and anything else refused.
func TestSetData(t *testing.T) {
	if !HasData() {
		t.Fatal("HasData() = false in a build that embeds lexicon.bin")
	}
	Terms("warm the lexicon up")
	expectSetData(t, lexiconBin, false)
	expectSetData(t, "LEX1 but other data", true)
	expectSetData(t, "not a lexicon at all", true)
	expectSetData(t, "", true)
}
