package extract

import (
	"strings"
	"time"
)

// dateLayouts are the written forms of a date that NormalizeDate understands,
// tried in order after ISO 8601 prefixes. Weekday names and "Published:"-style
// prefixes are removed before they are tried.
var dateLayouts = []string{
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006",
	"2 January 2006", "2 Jan 2006", "02 Jan 2006", "January 2006",
	"2006/01/02", "2006/1/2", "2006.01.02", "20060102",
	time.RFC1123, time.RFC1123Z, time.RFC850, time.ANSIC, time.UnixDate, time.RubyDate,
	"02 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"January 2, 2006 3:04 PM", "January 2, 2006, 3:04 PM", "Jan 2, 2006 3:04 PM",
	"January 2, 2006 15:04", "2 January 2006 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04",
}

// datePrefixes are words that often stand before a date in bylines and metadata.
var datePrefixes = []string{"published on", "published:", "published", "updated on",
	"updated:", "updated", "posted on", "posted:", "posted", "on", "date:"}

// NormalizeDate returns s as YYYY-MM-DD when it reads as a date
// ("2023-01-29T10:00:00Z", "January 29, 2023", "29 Jan 2023", "Sun, 29 Jan 2023
// 10:00:00 GMT"); otherwise s with its white space folded, so a caller keeps
// whatever the source said. An empty or blank s gives "".
func NormalizeDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limits.maxMetaText {
		s = s[:limits.maxMetaText]
	}
	if iso, ok := isoDate(s); ok {
		return iso
	}
	t := strings.ToLower(s)
	for _, p := range datePrefixes {
		if strings.HasPrefix(t, p+" ") {
			t = strings.TrimSpace(t[len(p):])
		}
	}
	if iso, ok := isoDate(t); ok {
		return iso
	}
	// "sunday, january 29, 2023": drop the weekday.
	if i := strings.Index(t, ", "); i > 0 && i <= len("wednesday") && isWeekday(t[:i]) {
		t = t[i+2:]
	}
	t = plainDateWords(t)
	for _, layout := range dateLayouts {
		if tm, err := time.Parse(layout, titleCase(t)); err == nil && tm.Year() > 1800 {
			return tm.Format("2006-01-02")
		}
	}
	return s
}

// isoDate reads a leading YYYY-MM-DD (as in ISO 8601 date-times).
func isoDate(s string) (string, bool) {
	if len(s) < 10 {
		return "", false
	}
	if len(s) > 10 && s[10] >= '0' && s[10] <= '9' {
		return "", false
	}
	if tm, err := time.Parse("2006-01-02", s[:10]); err == nil {
		return tm.Format("2006-01-02"), true
	}
	return "", false
}

// plainDateWords rewrites "jan. 29th, 2023" as "jan 29, 2023" and "sept" as
// "sep", the forms the layouts know.
func plainDateWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		comma := strings.HasSuffix(w, ",")
		w = strings.TrimRight(w, ".,")
		if w == "sept" {
			w = "sep"
		}
		if n := len(w); n > 2 && w[0] >= '0' && w[0] <= '9' {
			switch w[n-2:] {
			case "st", "nd", "rd", "th":
				w = w[:n-2]
			}
		}
		if comma {
			w += ","
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

func isWeekday(s string) bool {
	for _, d := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
		"sun", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat"} {
		if s == d {
			return true
		}
	}
	return false
}

// titleCase upper-cases the first letter of each word, as Go's month and
// weekday layouts need ("January", "Jan", "GMT" stays as it was).
func titleCase(s string) string {
	b := []byte(s)
	for i := range b {
		if (i == 0 || b[i-1] == ' ' || b[i-1] == ',') && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	// Time zone abbreviations must stay upper case: "Gmt" -> "GMT".
	out := string(b)
	for _, z := range []string{"Gmt", "Utc", "Est", "Edt", "Pst", "Pdt", "Cet", "Bst", "Am", "Pm"} {
		out = strings.ReplaceAll(out, " "+z, " "+strings.ToUpper(z))
	}
	return out
}
