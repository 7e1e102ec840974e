package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
)

var monthNames = map[Lang][12]string{
	DE: {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

var monthAbbr = map[Lang][]string{
	DE: {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
	EN: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// MonthName is the month's full name, e.g. "März" or "March".
func MonthName(l Lang, m time.Month) string { return monthNames[l][m-1] }

// MonthAbbrs are the twelve month abbreviations for chart axes.
func MonthAbbrs(l Lang) []string { return monthAbbr[l] }

func seps(l Lang) (thousands, decimal string) {
	if l == DE {
		return ".", ","
	}
	return ",", "."
}

// Int formats n with thousands separators: 1.117 or 1,117.
func Int(l Lang, n int64) string {
	th, _ := seps(l)
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Decimal formats v with the given number of decimals and the language's separators: 1.234,5 or 1,234.5.
func Decimal(l Lang, v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(v*p) / p
	whole := int64(math.Trunc(r))
	s := Int(l, whole)
	if whole == 0 && r < 0 {
		s = "-0"
	}
	if decimals == 0 {
		return s
	}
	_, dec := seps(l)
	frac := strconv.FormatFloat(math.Abs(r-float64(whole)), 'f', decimals, 64)
	return s + dec + frac[strings.IndexByte(frac, '.')+1:]
}

// Date formats a day in full: 16.12.2020 or 16 December 2020.
func Date(l Lang, t time.Time) string {
	if l == DE {
		return t.Format("2.1.2006")
	}
	return strconv.Itoa(t.Day()) + " " + MonthName(l, t.Month()) + " " + strconv.Itoa(t.Year())
}

// DayMonth formats a day without its year: 16.12. or 16 December.
func DayMonth(l Lang, t time.Time) string {
	if l == DE {
		return t.Format("2.1.")
	}
	return strconv.Itoa(t.Day()) + " " + MonthName(l, t.Month())
}

// Clock formats a time of day: 14:05 in both languages.
func Clock(t time.Time) string { return t.Format("15:04") }

// Euro formats whole euros: 8.800 € or €8,800.
func Euro(l Lang, n int64) string {
	if l == DE {
		return Int(l, n) + "\u00a0€"
	}
	if n < 0 {
		return "-€" + Int(l, -n)
	}
	return "€" + Int(l, n)
}

// TB formats terabytes (10^12 bytes) the way a hoster's bill reads: whole from 10 TB on (93 TB),
// otherwise two significant digits (9,3 TB, 0,82 TB, 0,046 TB), at most three decimals; an amount
// that is not zero never reads as zero: below half a gigabyte it is "< 0,001 TB". The digits are
// chosen after rounding, so 9.96 TB reads 10 TB, not 10.0 TB.
func TB(l Lang, tb float64) string {
	const unit = "\u00a0TB"
	switch {
	case tb == 0 || math.IsNaN(tb) || math.IsInf(tb, 0):
		return Decimal(l, tb, 0) + unit
	case math.Abs(tb) < 0.0005:
		return "<\u00a0" + Decimal(l, math.Copysign(0.001, tb), 3) + unit
	}
	return Decimal(l, tb, tbDecimals(tb)) + unit
}

// tbDecimals is the number of decimals TB shows for a non-zero tb: two significant digits below
// 10 TB, at most three; rounding may carry into the next power of ten.
func tbDecimals(tb float64) int {
	r := math.Abs(tb)
	if r >= 10 {
		return 0
	}
	d := max(1-int(math.Floor(math.Log10(r))), 1)
	p := math.Pow(10, float64(d))
	r = math.Round(r*p) / p
	if r >= 10 {
		return 0
	}
	return min(max(1-int(math.Floor(math.Log10(r))), 1), 3)
}

// Decimals is the fewest decimals (at most six) that show v exactly, for axis ticks: 2 → 0,
// 0.5 → 1, 0.25 → 2.
func Decimals(v float64) int {
	for d := 0; d < 6; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(math.Round(v*p)/p-v) <= 1e-9*math.Max(1, math.Abs(v)) {
			return d
		}
	}
	return 6
}

// Percent formats a share, whole: 87 % (German puts a space before the sign) or 87%. A share
// strictly between 0 and 1 or between 99 and 100 does not round to 0 or 100, which would claim
// "none" or "all": it reads 1 % or 99 %.
func Percent(l Lang, pct float64) string {
	switch {
	case pct > 0 && pct < 1:
		pct = 1
	case pct > 99 && pct < 100:
		pct = 99
	}
	s := Decimal(l, pct, 0)
	if l == DE {
		return s + "\u00a0%"
	}
	return s + "%"
}

// List joins items the way a sentence does: "a, b und c" or "a, b and c".
func List(l Lang, items []string) string {
	and := " and "
	if l == DE {
		and = " und "
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + and + items[len(items)-1]
}
