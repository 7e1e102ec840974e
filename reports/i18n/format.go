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

// TB formats terabytes (10^12 bytes): whole above 10, one decimal above 1, two below; 93 TB, 9,3 TB.
func TB(l Lang, tb float64) string {
	d := 0
	switch {
	case tb == 0:
	case tb < 1:
		d = 2
	case tb < 10:
		d = 1
	}
	return Decimal(l, tb, d) + "\u00a0TB"
}

// Percent formats a share: 87 % (German puts a space before the sign) or 87%.
func Percent(l Lang, pct float64) string {
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
