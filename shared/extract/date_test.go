package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// timeNormalizeDate is NormalizeDate as it was with time.Parse, the reference
// date.go's own parser is held to (in UTC, so the machine's zone plays no
// part).
func timeNormalizeDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limits.maxMetaText {
		s = s[:limits.maxMetaText]
	}
	iso := func(s string) (string, bool) {
		if len(s) < 10 || (len(s) > 10 && s[10] >= '0' && s[10] <= '9') {
			return "", false
		}
		if tm, err := time.ParseInLocation("2006-01-02", s[:10], time.UTC); err == nil {
			return tm.Format("2006-01-02"), true
		}
		return "", false
	}
	if d, ok := iso(s); ok {
		return d
	}
	t := strings.ToLower(s)
	for _, p := range datePrefixes {
		if strings.HasPrefix(t, p+" ") {
			t = strings.TrimSpace(t[len(p):])
		}
	}
	if d, ok := iso(t); ok {
		return d
	}
	if i := strings.Index(t, ", "); i > 0 && i <= len("wednesday") && isWeekday(t[:i]) {
		t = t[i+2:]
	}
	t = plainDateWords(t)
	for _, layout := range dateLayouts {
		if tm, err := time.ParseInLocation(layout, titleCase(t), time.UTC); err == nil && tm.Year() > 1800 {
			return tm.Format("2006-01-02")
		}
	}
	return s
}

func TestNormalizeDateForms(t *testing.T) {
	for _, c := range [][2]string{
		{"Sunday, 29 January 2023 23:59 EST", "Sunday, 29 January 2023 23:59 EST"},
		{"Sun, 29 Jan 2023 23:59:59 EST", "2023-01-29"},
		{"Sun, 29 Jan 2023 23:59:59 GMT+3", "2023-01-30"},
		{"1 Jan 2023 01:00:00 GMT-2", "2022-12-31"},
		{"Mon Jan  2 15:04:05 2006", "2006-01-02"},
		{"Mon Jan 2 15:04:05 PST 2006", "2006-01-02"},
		{"Mon Jan 02 15:04:05 -0700 2006", "2006-01-02"},
		{"29 Jan 2023 10:00:00.123 +0100", "2023-01-29"},
		{"2 Jan 2023 10:00:00 GMT+3", "2023-01-02"},
		{"January 29, 2023 12:30 am", "2023-01-29"},
		{"January 29, 2023 13:30 pm", "January 29, 2023 13:30 pm"},
		{"February 29, 2023", "February 29, 2023"},
		{"February 29, 2024", "2024-02-29"},
		{"20230129", "2023-01-29"},
		{"2023.1.29", "2023.1.29"},
		{"march 2023", "2023-03-01"},
		{"sept 5, 2023", "2023-09-05"},
		{"12 Jan 1799", "12 Jan 1799"},
		{"2023-01-29 25:00", "2023-01-29"},
	} {
		expectDate(t, c[0], c[1])
		if ref := timeNormalizeDate(c[0]); ref != c[1] {
			t.Errorf("time.Parse reads %q as %q, the test wants %q", c[0], ref, c[1])
		}
	}
}

// TestDateLayoutsMatchTime writes random dates and times in every layout,
// then changes them a little (a digit, a letter's case, a space, a cut), and
// wants date.go's parser to accept exactly what time.Parse accepts, with the
// same date.
func TestDateLayoutsMatchTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("EST", -5*3600), time.FixedZone("", 2*3600+1800), time.FixedZone("GMT+3", 3*3600), time.FixedZone("ChST", 10*3600), time.FixedZone("Cet", 3600)}
	alphabet := "0123456789 ,.:-+/APMTSGUCaeJanFbMrpyulgSOctNvDcWIRZ_"
	n := 0
	for li, layout := range dateLayouts {
		for range 400 {
			tm := time.Date(1790+r.IntN(260), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1e9), zones[r.IntN(len(zones))])
			v := tm.Format(layout)
			for k := range 4 {
				w := []byte(v)
				switch {
				case k == 0:
				case len(w) > 0 && k == 1:
					w[r.IntN(len(w))] = alphabet[r.IntN(len(alphabet))]
				case len(w) > 0 && k == 2:
					i := r.IntN(len(w))
					w = append(w[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, w[i:]...)...)
				case k == 3:
					w = w[:r.IntN(len(w)+1)]
				}
				expectSameParse(t, li, string(w))
				n++
			}
		}
	}
	for _, v := range []string{"Jan 29 2023", "JANUARY 29, 2023", "january 29, 2023", "Mon, 30 Jan 2023 10:00:00 ChSTX", "30 Jan 2023 10:00:00 WITA",
		"30 Jan 2023 10:00:00 ABCDE", "30 Jan 2023 10:00:00 ABCDT", "30 Jan 2023 10:00:00 +24", "30 Jan 2023 10:00:00 -0", "30 Jan 2023 10:00:00 GMT+99",
		"Monday, 30-Jan-+5 10:00:00 UTC", "Monday, 30-Jan--5 10:00:00 UTC", "Mon, 30 Jan 2023 10:00:00 +2460", "Mon, 30 Jan 2023 10:00:00 +2561", "2023/1/2", "2023/01/2"} {
		for li := range dateLayouts {
			expectSameParse(t, li, v)
		}
	}
	if n == 0 {
		t.Fatal("no layouts")
	}
}

func expectSameParse(t *testing.T, li int, v string) {
	t.Helper()
	tm, err := time.ParseInLocation(dateLayouts[li], v, time.UTC)
	d, ok := compiledLayouts[li].parse(v)
	if ok != (err == nil) || ok && d.String() != tm.Format("2006-01-02") {
		t.Fatalf("layout %q, %q: parse = %v, %v; time.Parse = %v, %v", dateLayouts[li], v, d, ok, tm.Format("2006-01-02"), err)
	}
}

func FuzzNormalizeDate(f *testing.F) {
	for _, s := range []string{"2023-01-29T10:00:00Z", "Sun, 29 Jan 2023 10:00:00 GMT", "Published on January 29th, 2023 3:04 PM", "Mon Jan  2 15:04:05 MST 2006", "20230129"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeDate(s), timeNormalizeDate(s); got != want {
			t.Fatalf("NormalizeDate(%q) = %q, with time.Parse %q", s, got, want)
		}
	})
}
