package extract

// Dates are read with a small parser of our own over the layouts below,
// written in Go's layout notation, rather than with time.Parse: the extension
// links this package, and time.Parse with Time.Format was about 30 KB of its
// brotli-compressed wasm. NormalizeDate only wants the calendar date as
// written, so this parser reads what time.Parse reads, accepts and refuses
// what it does (ranges, a day the month has, a zone that looks like one), and
// keeps the year, month and day. Like time.Parse, it moves the date of a time
// given in "GMT+3" (see parse); unlike time.Parse on a machine whose own zone
// has the abbreviation at another offset, it never moves a date by the
// machine's zone, so the result does not depend on the machine.
// TestDateLayoutsMatchTime and FuzzNormalizeDate hold it to time.Parse (in
// UTC).

import (
	"strings"
	"time"

	"github.com/retold/retold/shared/calendar"
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
	for _, layout := range compiledLayouts {
		if d, ok := layout.parse(titleCase(t)); ok && d.year > 1800 {
			return d.String()
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
	if d, ok := isoLayout.parse(s[:10]); ok {
		return d.String(), true
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

// A layout element: a run of literal text, or one of the fields of Go's
// layout notation that dateLayouts use.
type dateField uint8

const (
	fLiteral     dateField = iota
	fLongMonth             // January
	fMonth                 // Jan
	fLongWeekday           // Monday
	fWeekday               // Mon
	fNumMonth              // 1
	fZeroMonth             // 01
	fDay                   // 2
	fUnderDay              // _2
	fZeroDay               // 02
	fLongYear              // 2006
	fYear                  // 06
	fHour                  // 15
	fHour12                // 3
	fZeroMinute            // 04
	fZeroSecond            // 05
	fPM                    // PM
	fZone                  // MST
	fNumZone               // -0700
)

// layoutFields are the fields' spellings, longest first where one begins
// another, as Go's layout reader tries them.
var layoutFields = []struct {
	text string
	f    dateField
}{
	{"January", fLongMonth}, {"Jan", fMonth}, {"Monday", fLongWeekday}, {"Mon", fWeekday}, {"MST", fZone},
	{"2006", fLongYear}, {"-0700", fNumZone}, {"_2", fUnderDay}, {"01", fZeroMonth}, {"02", fZeroDay},
	{"04", fZeroMinute}, {"05", fZeroSecond}, {"06", fYear}, {"15", fHour}, {"PM", fPM},
	{"1", fNumMonth}, {"2", fDay}, {"3", fHour12},
}

var (
	longMonthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthNames     = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	longDayNames   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	dayNames       = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

type layoutPart struct {
	f   dateField
	lit string
}

// dateLayout is a layout split into its parts.
type dateLayout []layoutPart

var (
	compiledLayouts = compileLayouts(dateLayouts)
	isoLayout       = compileLayout("2006-01-02")
)

func compileLayouts(ls []string) []dateLayout {
	out := make([]dateLayout, len(ls))
	for i, l := range ls {
		out[i] = compileLayout(l)
	}
	return out
}

// compileLayout splits a layout into literal runs and fields.
func compileLayout(l string) dateLayout {
	var out dateLayout
	lit := 0
	for i := 0; i < len(l); {
		f, n := fieldAt(l[i:])
		if n == 0 {
			i++
			continue
		}
		if lit < i {
			out = append(out, layoutPart{lit: l[lit:i]})
		}
		out = append(out, layoutPart{f: f})
		i += n
		lit = i
	}
	if lit < len(l) {
		out = append(out, layoutPart{lit: l[lit:]})
	}
	return out
}

// fieldAt returns the field s begins with and its length, 0 for none. A
// month or weekday abbreviation followed by a lower-case letter is text, as
// in Go's layouts.
func fieldAt(s string) (dateField, int) {
	for _, lf := range layoutFields {
		if !strings.HasPrefix(s, lf.text) {
			continue
		}
		if (lf.f == fMonth || lf.f == fWeekday) && len(s) > 3 && s[3] >= 'a' && s[3] <= 'z' {
			continue
		}
		return lf.f, len(lf.text)
	}
	return fLiteral, 0
}

// civilDate is a calendar date as written.
type civilDate struct{ year, month, day int }

// String writes the date as YYYY-MM-DD (the year is 4 digits in every layout).
func (d civilDate) String() string {
	b := []byte("0000-00-00")
	for i, v := 3, d.year; i >= 0; i, v = i-1, v/10 {
		b[i] = byte('0' + v%10)
	}
	b[5], b[6] = byte('0'+d.month/10), byte('0'+d.month%10)
	b[8], b[9] = byte('0'+d.day/10), byte('0'+d.day%10)
	return string(b)
}

// parse reads value with the layout as time.Parse does, and returns the
// date written in it; ok is false wherever time.Parse gives an error.
func (l dateLayout) parse(value string) (d civilDate, ok bool) {
	month, day, hour, shift := -1, -1, 0, 0
	pm, am := false, false
	for _, p := range l {
		if p.f == fLiteral {
			if value, ok = skipLiteral(value, p.lit); !ok {
				return d, false
			}
			continue
		}
		var n int
		switch p.f {
		case fLongMonth, fMonth:
			names := longMonthNames
			if p.f == fMonth {
				names = monthNames
			}
			if n, value, ok = lookupName(names, value); !ok {
				return d, false
			}
			month = n + 1
		case fLongWeekday, fWeekday:
			names := longDayNames
			if p.f == fWeekday {
				names = dayNames
			}
			if _, value, ok = lookupName(names, value); !ok {
				return d, false
			}
		case fNumMonth, fZeroMonth:
			if month, value, ok = twoDigits(value, p.f == fZeroMonth); !ok || month < 1 || month > 12 {
				return d, false
			}
		case fDay, fUnderDay, fZeroDay:
			if p.f == fUnderDay && len(value) > 0 && value[0] == ' ' {
				value = value[1:]
			}
			if day, value, ok = twoDigits(value, p.f == fZeroDay); !ok {
				return d, false
			}
		case fLongYear:
			if len(value) < 4 || !isDigitAt(value, 0) {
				return d, false
			}
			if d.year, ok = signedInt(value[:4]); !ok {
				return d, false
			}
			value = value[4:]
		case fYear:
			if len(value) < 2 {
				return d, false
			}
			if d.year, ok = signedInt(value[:2]); !ok {
				return d, false
			}
			value = value[2:]
			if d.year >= 69 {
				d.year += 1900
			} else {
				d.year += 2000
			}
		case fHour:
			if hour, value, ok = twoDigits(value, false); !ok || hour > 23 {
				return d, false
			}
		case fHour12:
			if hour, value, ok = twoDigits(value, false); !ok || hour > 12 {
				return d, false
			}
		case fZeroMinute:
			if n, value, ok = twoDigits(value, true); !ok || n > 59 {
				return d, false
			}
		case fZeroSecond:
			if n, value, ok = twoDigits(value, true); !ok || n > 59 {
				return d, false
			}
			// A fraction of a second the layout does not name is read and
			// dropped.
			if len(value) >= 2 && (value[0] == '.' || value[0] == ',') && isDigitAt(value, 1) {
				n := 2
				for n < len(value) && isDigitAt(value, n) {
					n++
				}
				value = value[n:]
			}
		case fPM:
			if len(value) < 2 {
				return d, false
			}
			pm, am = value[:2] == "PM", value[:2] == "AM"
			if !pm && !am {
				return d, false
			}
			value = value[2:]
		case fZone:
			if strings.HasPrefix(value, "UTC") {
				value = value[3:]
				break
			}
			if n = zoneLength(value); n == 0 {
				return d, false
			}
			if n > 3 && value[:3] == "GMT" {
				shift, _ = signedInt(value[3:n])
			}
			value = value[n:]
		case fNumZone:
			if len(value) < 5 {
				return d, false
			}
			hh, _, ok1 := twoDigits(value[1:3], true)
			mm, _, ok2 := twoDigits(value[3:5], true)
			if !ok1 || !ok2 || hh > 24 || mm > 60 || (value[0] != '+' && value[0] != '-') {
				return d, false
			}
			value = value[5:]
		}
	}
	if value != "" {
		return d, false
	}
	if month < 0 {
		month = 1
	}
	if day < 0 {
		day = 1
	}
	if day < 1 || day > calendar.DaysIn(d.year, month) {
		return d, false
	}
	d.month, d.day = month, day
	// time.Parse takes a time in "GMT+3" to be the written clock in UTC,
	// shown in a zone 3 hours ahead: the date it gives is that of the clock
	// moved by the hours. Kept, so dates read as they always were.
	if shift != 0 {
		if pm && hour < 12 {
			hour += 12
		} else if am && hour == 12 {
			hour = 0
		}
		switch h := hour + shift; {
		case h >= 24:
			d = d.addDays(1)
		case h < 0:
			d = d.addDays(-1)
		}
	}
	return d, true
}

// addDays is the date n days after d, across months and years.
func (d civilDate) addDays(n int) civilDate {
	c := calendar.FromDays(calendar.Date{Year: d.year, Month: d.month, Day: d.day}.Days() + n)
	return civilDate{c.Year, c.Month, c.Day}
}

// skipLiteral removes lit from the front of value; a space in lit matches
// a run of spaces in value (or none at its end), as time.Parse reads.
func skipLiteral(value, lit string) (string, bool) {
	for len(lit) > 0 {
		if lit[0] == ' ' {
			if len(value) > 0 && value[0] != ' ' {
				return value, false
			}
			lit = strings.TrimLeft(lit, " ")
			value = strings.TrimLeft(value, " ")
			continue
		}
		if len(value) == 0 || value[0] != lit[0] {
			return value, false
		}
		lit, value = lit[1:], value[1:]
	}
	return value, true
}

// lookupName finds the first of names that value begins with, ignoring the
// case of ASCII letters.
func lookupName(names []string, value string) (int, string, bool) {
	for i, n := range names {
		if len(value) >= len(n) && foldEqual(value[:len(n)], n) {
			return i, value[len(n):], true
		}
	}
	return -1, value, false
}

func foldEqual(a, b string) bool {
	for i := 0; i < len(a); i++ {
		c1, c2 := a[i], b[i]
		if c1 != c2 {
			c1 |= 'a' - 'A'
			c2 |= 'a' - 'A'
			if c1 != c2 || c1 < 'a' || c1 > 'z' {
				return false
			}
		}
	}
	return true
}

func isDigitAt(s string, i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }

// twoDigits reads one or two leading digits (two when fixed).
func twoDigits(s string, fixed bool) (int, string, bool) {
	if !isDigitAt(s, 0) {
		return 0, s, false
	}
	if !isDigitAt(s, 1) {
		if fixed {
			return 0, s, false
		}
		return int(s[0] - '0'), s[1:], true
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), s[2:], true
}

// signedInt reads s, all digits after an optional sign.
func signedInt(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigitAt(s, i) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// zoneLength is the length of the time zone abbreviation value begins with,
// 0 for none: three upper-case letters, four or five ending in T (or WITA),
// ChST or MeST, GMT with an optional signed hour offset, or a bare offset
// from -23 to +23.
func zoneLength(value string) int {
	if len(value) < 3 {
		return 0
	}
	if len(value) >= 4 && (value[:4] == "ChST" || value[:4] == "MeST") {
		return 4
	}
	if value[:3] == "GMT" {
		if len(value) == 3 {
			return 3
		}
		return 3 + signedOffsetLength(value[3:])
	}
	if value[0] == '+' || value[0] == '-' {
		return signedOffsetLength(value)
	}
	upper := 0
	for upper < 6 && upper < len(value) && value[upper] >= 'A' && value[upper] <= 'Z' {
		upper++
	}
	switch {
	case upper == 3:
		return 3
	case upper == 4 && (value[3] == 'T' || value[:4] == "WITA"):
		return 4
	case upper == 5 && value[4] == 'T':
		return 5
	}
	return 0
}

// signedOffsetLength is the length of a sign and an hour from 0 to 23 at the
// front of value, 0 for none.
func signedOffsetLength(value string) int {
	if value[0] != '-' && value[0] != '+' {
		return 0
	}
	n, x := 1, 0
	for ; n < len(value) && isDigitAt(value, n); n++ {
		if x > 23 {
			continue
		}
		x = x*10 + int(value[n]-'0')
	}
	if n == 1 || x > 23 {
		return 0
	}
	return n
}
