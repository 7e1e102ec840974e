package i18n

import "math"

// Rounding says which way a rounded figure went, so that its qualifier stays true.
type Rounding int

// The ways to round a figure for the text.
const (
	// Nearest rounds to the nearest shown digit: "circa"/"about".
	Nearest Rounding = iota
	// Down rounds towards zero: the true figure is more, "über"/"over".
	Down
	// Up rounds away from zero: the true figure is less, "fast"/"almost".
	Up
)

// TBRounded formats tb like TB with the same digits, rounded the way r says and preceded by the
// qualifier that is then true: "über 93 TB" only when the true figure is more than 93 TB, "fast
// 94 TB" only when it is less than 94 TB, "circa 93 TB" for the nearest. A figure that the digits
// show exactly, or a zero, is written without a qualifier: "over" must never claim more than there is.
func TBRounded(l Lang, tb float64, r Rounding) string {
	if tb <= 0 || math.IsNaN(tb) || math.IsInf(tb, 0) || tb < 0.0005 {
		return TB(l, tb)
	}
	d := tbDecimals(tb)
	p := math.Pow(10, float64(d))
	q := RoundingWord(r)
	var v float64
	switch r {
	case Down:
		v = math.Floor(tb*p) / p
	case Up:
		v = math.Ceil(tb*p) / p
	default:
		v = math.Round(tb*p) / p
	}
	if v == 0 {
		// Rounding down below the first digit would read zero: keep the nearest.
		v, q = math.Round(tb*p)/p, RoundingWord(Nearest)
	}
	s := Decimal(l, v, d) + "\u00a0TB"
	if math.Abs(v-tb) <= 1e-12*tb {
		return s
	}
	return T(l, q) + " " + s
}

// IntRounded formats a count rounded the way r says (see RoundInt), preceded by the qualifier that
// is then true: 1.117 → über 1.100, 6.042 → über 6.000, 9.987 → fast 10.000; a count the digits
// show exactly is written as it is.
func IntRounded(l Lang, n int64, r Rounding) string {
	v := RoundInt(n, r)
	if v == n {
		return Int(l, n)
	}
	return T(l, RoundingWord(r)) + " " + Int(l, v)
}

// RoundingWord is the message key of the qualifier that is true of a figure rounded the way r says.
func RoundingWord(r Rounding) string {
	switch r {
	case Down:
		return "qualifier.over"
	case Up:
		return "qualifier.almost"
	}
	return "qualifier.about"
}

// RoundInt rounds n the way r says to two significant digits below 10,000 and three from there
// (15.538 → 15.500 down); below 100 it is n.
func RoundInt(n int64, r Rounding) int64 {
	if n < 100 {
		return n
	}
	digits := 2
	if n >= 10_000 {
		digits = 3
	}
	step := int64(math.Pow(10, math.Floor(math.Log10(float64(n)))-float64(digits)+1))
	switch r {
	case Down:
		return n / step * step
	case Up:
		return (n + step - 1) / step * step
	}
	return (n + step/2) / step * step
}
