package index

// Dates: when the event a sentence tells happened, and how far apart two
// such dates are. Dates here are civil dates (a year, a month, a day, no
// clock and no zone), so they are read and counted with a few lines of
// arithmetic rather than package time: the extension links this package, and
// time.Parse and Time.Format were about 30 KB of its brotli-compressed wasm.
// TestDatesMatchTime holds this code to what the time package gives.

import (
	"strconv"
	"strings"

	"github.com/retold/retold/shared/calendar"
)

// monthNames are the month words eventDate reads; ambiguousMonths are also
// common words, read as months only after one of monthLeads.
var (
	monthNames = map[string]int{
		"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
		"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
		"sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	}
	ambiguousMonths = map[string]bool{"may": true, "march": true, "mar": true, "jan": true, "jun": true}
	monthLeads      = map[string]bool{"in": true, "on": true, "since": true, "early": true, "late": true, "mid": true, "until": true, "of": true}
	// futureCues, up to futureReach words before a month, make it one to
	// come. Only unmistakable ones: "until" and "by" also end past spans,
	// and "next" tells past ones too ("the next round began in April").
	futureCues = map[string]bool{"will": true, "won't": true, "won’t": true, "shall": true, "upcoming": true}
)

const futureReach = 5

// maxDaysApart is what DaysApart says for dates further apart: it once
// measured with time.Duration, which stops at about 292 years.
const maxDaysApart = 106752

// EventDate is when a sentence says its event happened: its article's date,
// unless it names another month ("In November, ...", "last month"), which is
// then taken as the latest such month up to the article's date, or, when the
// sentence looks ahead ("will close in April", "next month"), the first such
// month after it. Versions of one statement published weeks apart are rarely
// one event, but an article that recalls an earlier statement is quoting
// that event, not a new one.
func EventDate(text, articleDate string) string {
	t, ok := parseDate(articleDate)
	if !ok {
		return articleDate
	}
	ws := strings.Fields(text)
	for i, w := range ws {
		lw := strings.ToLower(strings.Trim(w, ",.;:()"))
		if lw == "month" && i > 0 {
			switch strings.ToLower(ws[i-1]) {
			case "last":
				// The same day a month back, days past that month's end
				// running into the next (March 31 less a month is March
				// 3), as time.Time.AddDate counts.
				return yearMonth(calendar.FromDays(t.Days()-calendar.DaysIn(t.Year, t.Month-1)), 4)
			case "next":
				// The month after, whatever the day: the first day past
				// this month's end.
				return yearMonth(calendar.FromDays(t.Days()-t.Day+1+calendar.DaysIn(t.Year, t.Month)), 4)
			}
		}
		m, ok := monthNames[lw]
		if !ok || w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		if ambiguousMonths[lw] && (i == 0 || !monthLeads[strings.ToLower(ws[i-1])]) {
			continue // "May" the verb, "March" the noun
		}
		if m == t.Month {
			return articleDate
		}
		y := t.Year
		switch ahead := looksAhead(ws[max(0, i-futureReach):i]); {
		case ahead && m < t.Month:
			y++
		case !ahead && m > t.Month:
			y--
		}
		return yearMonth(calendar.Date{Year: y, Month: m, Day: 1}, 3)
	}
	return articleDate
}

// looksAhead reports whether the words before a month make it one to come:
// one of futureCues among them ("it will close in April").
func looksAhead(before []string) bool {
	for _, w := range before {
		if futureCues[strings.ToLower(strings.Trim(w, ",.;:()"))] {
			return true
		}
	}
	return false
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
	d := ta.Days() - tb.Days()
	if d < 0 {
		d = -d
	}
	return min(d, maxDaysApart), true
}

// Precedes reports whether a page published on date page (YYYY-MM-DD, or
// YYYY-MM for some day of that month) came out more than slack days before
// when, the date of an event (YYYY-MM-DD, or YYYY-MM from its first day):
// whatever the page says, it cannot report that event. False when either
// date is unknown.
func Precedes(page, when string, slack int) bool {
	p, ok1 := parseDate(page)
	w, ok2 := parseDate(when)
	if !ok1 || !ok2 {
		return false
	}
	last := p.Days()
	if len(page) == 7 {
		last += calendar.DaysIn(p.Year, p.Month) - 1
	}
	return w.Days()-last > slack
}

// parseDate reads YYYY-MM-DD or YYYY-MM (the first of the month): four
// digits, two, two, a month from 1 to 12 and a day the month has.
func parseDate(s string) (calendar.Date, bool) {
	if len(s) != 7 && len(s) != 10 {
		return calendar.Date{}, false
	}
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := 1, true
	if len(s) == 10 {
		d, ok3 = digits(s[8:])
		ok3 = ok3 && s[7] == '-'
	}
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || m < 1 || m > 12 || d < 1 || d > calendar.DaysIn(y, m) {
		return calendar.Date{}, false
	}
	return calendar.Date{Year: y, Month: m, Day: d}, true
}

// yearMonth writes YYYY-MM; a negative year (only a month before year 0
// reaches one) gets its minus sign and width digits, as time.Time.Format
// (width 4) and fmt's %04d (width 3, the sign counted) wrote it.
func yearMonth(c calendar.Date, width int) string {
	y := c.Year
	sign := ""
	if y < 0 {
		sign, y = "-", -y
	} else {
		width = 4
	}
	ys := strconv.Itoa(y)
	for len(ys) < width {
		ys = "0" + ys
	}
	ms := strconv.Itoa(c.Month)
	if len(ms) < 2 {
		ms = "0" + ms
	}
	return sign + ys + "-" + ms
}
