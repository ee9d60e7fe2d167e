package index

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The time package's reading of the same dates: what dates.go replaced, kept
// here as the reference it must agree with.
func timeParseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if len(s) == len(layout) {
			t, err := time.Parse(layout, s)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

func timeEventDate(text, articleDate string) string {
	t, ok := timeParseDate(articleDate)
	if !ok {
		return articleDate
	}
	ws := strings.Fields(text)
	for i, w := range ws {
		lw := strings.ToLower(strings.Trim(w, ",.;:()"))
		if lw == "month" && i > 0 && strings.ToLower(ws[i-1]) == "last" {
			return t.AddDate(0, -1, 0).Format("2006-01")
		}
		if lw == "month" && i > 0 && strings.ToLower(ws[i-1]) == "next" {
			return t.AddDate(0, 1, 1-t.Day()).Format("2006-01")
		}
		m, ok := monthNames[lw]
		if !ok || w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		if ambiguousMonths[lw] && (i == 0 || !monthLeads[strings.ToLower(ws[i-1])]) {
			continue
		}
		if time.Month(m) == t.Month() {
			return articleDate
		}
		y := t.Year()
		ahead := looksAhead(ws[max(0, i-futureReach):i])
		if ahead && time.Month(m) < t.Month() {
			y++
		}
		if !ahead && time.Month(m) > t.Month() {
			y--
		}
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	return articleDate
}

func timeDaysApart(a, b string) (int, bool) {
	ta, ok1 := timeParseDate(a)
	tb, ok2 := timeParseDate(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	d := ta.Sub(tb).Hours() / 24
	if d < 0 {
		d = -d
	}
	return int(d + 0.5), true
}

func TestEventDate(t *testing.T) {
	for _, c := range []struct{ text, date, want string }{
		{"The ministry said on Tuesday it had no such plans.", "2023-01-29", "2023-01-29"},
		{"In November, the agency said the talks had failed.", "2023-01-29", "2022-11"},
		{"In January the agency said so.", "2023-01-29", "2023-01-29"},
		{"He said last month that it was over.", "2023-03-31", "2023-03"},
		{"He said last month that it was over.", "2023-01-15", "2022-12"},
		{"He said last month that it was over.", "2024-03-30", "2024-03"},
		{"May we say more?", "2023-06-01", "2023-06-01"},
		{"Talks began in May and ended.", "2023-06-01", "2023-05"},
		{"In December, it said.", "0000-01-10", "-001-12"},
		{"It said last month.", "0000-01-10", "-0001-12"},
		{"In November, it said.", "soon", "soon"},
		{"In November, it said.", "2023-02-30", "2023-02-30"},
		{"In November, it said.", "2023-02", "2022-11"},
		{"The plant will close in April, the company said.", "2023-03-10", "2023-04"},
		{"The plant will close in February, the company said.", "2023-03-10", "2024-02"},
		{"The talks won’t resume before June.", "2023-07-01", "2024-06"},
		{"Talks are due next month.", "2023-01-31", "2023-02"},
		{"Talks are due next month.", "2023-12-05", "2024-01"},
		{"The plant closed in April, the company said.", "2023-03-10", "2022-04"},
		{"It will say more, officials added, after the review of the deal in April.", "2023-03-10", "2022-04"},
		{"The next round of talks began in April.", "2023-03-10", "2022-04"},
	} {
		expectEventDate(t, c.text, c.date, c.want)
	}
}

func expectEventDate(t *testing.T, text, date, want string) {
	t.Helper()
	if got := EventDate(text, date); got != want {
		t.Errorf("EventDate(%q, %q) = %q, want %q", text, date, got, want)
	}
	if ref := timeEventDate(text, date); ref != want {
		t.Errorf("the time package gives %q for EventDate(%q, %q), the test wants %q", ref, text, date, want)
	}
}

func TestDaysApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
		ok   bool
	}{
		{"2023-01-29", "2023-01-29", 0, true},
		{"2023-01-29", "2023-03-01", 31, true},
		{"2024-03-01", "2024-02", 29, true},
		{"2000-02-29", "1900-02-28", 36525, true},
		{"0001-01-01", "9999-12-31", maxDaysApart, true},
		{"2023-02-29", "2023-03-01", 0, false},
		{"2023-13-01", "2023-03-01", 0, false},
		{"2023-1-01", "2023-03-01", 0, false},
		{"", "2023-03-01", 0, false},
	} {
		got, ok := DaysApart(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("DaysApart(%q, %q) = %d, %v, want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

func TestPrecedes(t *testing.T) {
	for _, c := range []struct {
		page, when string
		want       bool
	}{
		{"2022-11-03", "2022-12-22", true},
		{"2022-12-08", "2022-12-22", false}, // two weeks: the event's date is only known roughly
		{"2022-12-07", "2022-12-22", true},
		{"2022-11", "2022-12-15", true},  // some day of November
		{"2022-11", "2022-12-14", false}, // November 30 is within two weeks
		{"2022-12-23", "2022-12", false},
		{"2023-01-29", "2022-12-22", false}, // a later page recalls it
		{"", "2022-12-22", false},
		{"2022-11-03", "", false},
		{"someday", "2022-12-22", false},
	} {
		if got := Precedes(c.page, c.when, 14); got != c.want {
			t.Errorf("Precedes(%q, %q, 14) = %v, want %v", c.page, c.when, got, c.want)
		}
	}
}

// TestDatesMatchTime walks every day of some spans of years (year 0, the
// century leap years 1600 and 2000, the years news comes from) through both
// readings, and every month of them.
func TestDatesMatchTime(t *testing.T) {
	base := "2023-06-15"
	for _, span := range [][2]int{{0, 2}, {1599, 1601}, {1899, 1901}, {1995, 2031}, {2099, 2101}} {
		for d := time.Date(span[0], 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < span[1]; d = d.AddDate(0, 0, 1) {
			s := d.Format("2006-01-02")
			expectSameDates(t, s, base)
			if d.Day() == 1 {
				expectSameDates(t, s[:7], base)
			}
		}
	}
	for _, s := range []string{"9999-12-31", "9000-02-29", "8800-02-29", "0000-02-29", "1900-02-29", "2023-00-10", "2023-04-31", "2023-04-00", "+023-01-01", "2023_01-01", "2023-01_01"} {
		expectSameDates(t, s, base)
	}
}

func expectSameDates(t *testing.T, s, base string) {
	t.Helper()
	for _, text := range []string{"It said last month.", "In December, it said.", "In February, it said."} {
		expectLikeTime(t, text, s, base)
	}
}

// expectLikeTime holds EventDate(text, a) and DaysApart(a, b) to what the
// time package gives.
func expectLikeTime(t *testing.T, text, a, b string) {
	t.Helper()
	if got, want := EventDate(text, a), timeEventDate(text, a); got != want {
		t.Fatalf("EventDate(%q, %q) = %q, the time package %q", text, a, got, want)
	}
	got, ok := DaysApart(a, b)
	want, wok := timeDaysApart(a, b)
	if got != want || ok != wok {
		t.Fatalf("DaysApart(%q, %q) = %d, %v, the time package %d, %v", a, b, got, ok, want, wok)
	}
}

func FuzzDates(f *testing.F) {
	f.Add("2023-01-29", "2020-02-29", "In November, it said last month.")
	f.Fuzz(func(t *testing.T, a, b, text string) {
		expectLikeTime(t, text, a, b)
	})
}
