// Package calendar counts days on the proleptic Gregorian calendar, for civil
// dates: a year, a month and a day, with no clock and no zone. Reading a
// byline's date (extract) and measuring how far apart two events are (index)
// need only this much, so both use these few lines of arithmetic rather than
// package time, whose parser and formatter cost the extension's wasm about
// 30 KB of brotli. Days and FromDays are the usual era-of-400-years
// conversions to and from a day count.
package calendar

// Date is a civil date. Month runs from 1 to 12 and Day from 1 to the
// month's length.
type Date struct{ Year, Month, Day int }

// DaysIn is the number of days in month m of year y; m may be 0 (December
// of the year before).
func DaysIn(y, m int) int {
	if m < 1 {
		y, m = y-1, m+12
	}
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Days counts days from 1970-01-01 to d (negative before).
func (d Date) Days() int {
	y, m := d.Year, d.Month
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// FromDays is Days' inverse: the date n days after 1970-01-01.
func FromDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{y, m, d}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
