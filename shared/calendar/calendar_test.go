package calendar

import "testing"

func expectDaysIn(t *testing.T, y, m, want int) {
	t.Helper()
	if got := DaysIn(y, m); got != want {
		t.Errorf("DaysIn(%d, %d) = %d, want %d", y, m, got, want)
	}
}

func TestDaysIn(t *testing.T) {
	expectDaysIn(t, 2023, 1, 31)
	expectDaysIn(t, 2023, 2, 28)
	expectDaysIn(t, 2024, 2, 29)
	expectDaysIn(t, 1900, 2, 28) // a century is not a leap year
	expectDaysIn(t, 2000, 2, 29) // unless it is a fourth one
	expectDaysIn(t, 2023, 11, 30)
	expectDaysIn(t, 2023, 0, 31) // December 2022
}

func TestDays(t *testing.T) {
	for _, c := range []struct {
		d    Date
		days int
	}{
		{Date{1970, 1, 1}, 0},
		{Date{1969, 12, 31}, -1},
		{Date{2000, 3, 1}, 11017},
		{Date{2023, 1, 29}, 19386},
		{Date{0, 1, 1}, -719528},
	} {
		if got := c.d.Days(); got != c.days {
			t.Errorf("%v.Days() = %d, want %d", c.d, got, c.days)
		}
		if got := FromDays(c.days); got != c.d {
			t.Errorf("FromDays(%d) = %v, want %v", c.days, got, c.d)
		}
	}
	// Every day of four centuries round-trips and follows the one before.
	prev := FromDays(-200000)
	for n := -199999; n < 200000; n++ {
		d := FromDays(n)
		if d.Days() != n {
			t.Fatalf("FromDays(%d) = %v, whose Days() is %d", n, d, d.Days())
		}
		next := prev.Day == DaysIn(prev.Year, prev.Month)
		if next && !(d.Day == 1 && (d.Month == prev.Month+1 || d.Month == 1 && prev.Month == 12 && d.Year == prev.Year+1)) ||
			!next && (d.Day != prev.Day+1 || d.Month != prev.Month || d.Year != prev.Year) {
			t.Fatalf("%v follows %v", d, prev)
		}
		prev = d
	}
}
