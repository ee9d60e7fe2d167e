package index

// Dates: when the event a sentence tells happened, and how far apart two
// such dates are.

import (
	"fmt"
	"strings"
	"time"
)

// monthNames are the month words eventDate reads; ambiguousMonths are also
// common words, read as months only after one of monthLeads.
var (
	monthNames = map[string]time.Month{
		"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
		"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
		"sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	}
	ambiguousMonths = map[string]bool{"may": true, "march": true, "mar": true, "jan": true, "jun": true}
	monthLeads      = map[string]bool{"in": true, "on": true, "since": true, "early": true, "late": true, "mid": true, "until": true, "of": true}
)

// EventDate is when a sentence says its event happened: its article's date,
// unless it names another month ("In November, ...", "last month"), which is
// then taken as the latest such month up to the article's date. Versions of
// one statement published weeks apart are rarely one event, but an article
// that recalls an earlier statement is quoting that event, not a new one.
func EventDate(text, articleDate string) string {
	t, ok := parseDate(articleDate)
	if !ok {
		return articleDate
	}
	ws := strings.Fields(text)
	for i, w := range ws {
		lw := strings.ToLower(strings.Trim(w, ",.;:()"))
		if lw == "month" && i > 0 && strings.ToLower(ws[i-1]) == "last" {
			return t.AddDate(0, -1, 0).Format("2006-01")
		}
		m, ok := monthNames[lw]
		if !ok || w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		if ambiguousMonths[lw] && (i == 0 || !monthLeads[strings.ToLower(ws[i-1])]) {
			continue // "May" the verb, "March" the noun
		}
		if m == t.Month() {
			return articleDate
		}
		y := t.Year()
		if m > t.Month() {
			y--
		}
		return fmt.Sprintf("%04d-%02d", y, int(m))
	}
	return articleDate
}

// DaysApart returns the distance in days between two dates written
// YYYY-MM-DD (or YYYY-MM, counted as its first day), and false when either is
// unknown.
func DaysApart(a, b string) (int, bool) {
	ta, ok1 := parseDate(a)
	tb, ok2 := parseDate(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	d := ta.Sub(tb).Hours() / 24
	if d < 0 {
		d = -d
	}
	return int(d + 0.5), true
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if len(s) == len(layout) {
			t, err := time.Parse(layout, s)
			return t, err == nil
		}
	}
	return time.Time{}, false
}
