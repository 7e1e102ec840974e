package collectors

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// nativeDigest renders what a source's families come to as sorted lines, family, type, labels and
// value, for comparing two readings.
func nativeDigest(fams map[string]*nativeFamily) string {
	var lines []string
	for name, f := range fams {
		for _, s := range f.samples {
			ls := make([]string, 0, len(s.labels))
			for _, l := range s.labels {
				ls = append(ls, l.name+"="+l.value)
			}
			sort.Strings(ls)
			lines = append(lines, fmt.Sprintf("%s %d {%s} %v", name, f.typ, strings.Join(ls, ","), math.Float64bits(s.value+0))) // -0 sums to 0
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// referenceNative reads in with client_golang's text parser and keeps what the native collector
// keeps; ok is false when that parser refuses the input.
func referenceNative(in []byte) (map[string]*nativeFamily, bool) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(in))
	if err != nil {
		return nil, false
	}
	out := map[string]*nativeFamily{}
	for name, mf := range mfs {
		if !nativeFamilies[name] {
			continue
		}
		f := &nativeFamily{}
		switch mf.GetType() {
		case dto.MetricType_COUNTER:
			f.typ = nativeCounter
		case dto.MetricType_GAUGE:
			f.typ = nativeGauge
		case dto.MetricType_UNTYPED:
		default:
			continue
		}
		for _, m := range mf.GetMetric() {
			s := nativeSample{value: m.GetGauge().GetValue() + m.GetCounter().GetValue() + m.GetUntyped().GetValue()}
			for _, lp := range m.GetLabel() {
				if nativeLabels[lp.GetName()][lp.GetValue()] {
					s.labels = append(s.labels, nativeLabel{lp.GetName(), lp.GetValue()})
				}
			}
			f.samples = append(f.samples, s)
		}
		if len(f.samples) > 0 {
			out[name] = f
		}
	}
	return out, true
}

func nativeSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "native", "*.prom"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "\n", "mcs_rooms 1\n", "mcs_rooms{} 1 1700000000000\n", `mediasoup_workers{pool="sh\"ared",pool2="x"} 2` + "\n",
		"# TYPE mcs_rooms summary\nmcs_rooms{quantile=\"0.5\"} 1\nmcs_rooms_sum 2\nmcs_rooms_count 3\n",
		"mcs_users NaN\nmcs_rooms +Inf\n", "mcs_users{kind=\"audio\" , } 1\n", "mcs_users{kind=audio} 1\n",
		"# TYPE mcs_users gauge\n# HELP mcs_users x\nmcs_users 3\n", "mcs_users 1 2 3\n", "{\"mcs_users\"} 1\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzParseNativeText checks our reader of the text format against client_golang's: whatever that
// one accepts, ours keeps the same samples with the same vocabulary labels. Ours never panics, and
// its errors never repeat the input.
func FuzzParseNativeText(f *testing.F) {
	nativeSeeds(f)
	f.Fuzz(checkNativeText)
}

// TestParseNativeTextMutations runs the fuzz check on seeded random edits of the stand-ins, so
// that the comparison with client_golang covers more than the seeds without a fuzzing run.
func TestParseNativeTextMutations(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "native", "*.prom"))
	rng := rand.New(rand.NewPCG(8, 13))
	const alphabet = "{}\",=# \n\t\\_azAZ09.:+-eNaInf"
	for i := 0; i < 3000; i++ {
		in, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(in))
			switch rng.IntN(3) {
			case 0:
				in[at] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				in = append(in[:at], in[min(len(in), at+1+rng.IntN(8)):]...)
			default:
				in = append(in[:at], append([]byte{alphabet[rng.IntN(len(alphabet))]}, in[at:]...)...)
			}
			if len(in) == 0 {
				break
			}
		}
		checkNativeText(t, in)
	}
}

func checkNativeText(t *testing.T, in []byte) {
	{
		got, err := parseNativeText(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, errNativeSyntax) {
				t.Fatalf("error without errNativeSyntax: %v", err)
			}
			msg := err.Error()
			for name := range nativeLabels { // the vocabulary's names are ours to name
				msg = strings.ReplaceAll(msg, "label "+name+":", "label:")
			}
			for _, w := range strings.Fields(string(in)) {
				if len(w) >= 8 && strings.Contains(msg, w) && !strings.Contains(errNativeSyntax.Error(), w) {
					t.Fatalf("error %q repeats the input %q", err, w)
				}
			}
		}
		want, ok := referenceNative(in)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("client_golang accepts, we refuse: %v\n%s", err, in)
		}
		if g, w := nativeDigest(got), nativeDigest(want); g != w {
			t.Fatalf("samples:\n%s\nclient_golang:\n%s\ninput:\n%s", g, w, in)
		}
	}
}

// TestParseNativeTextErrors: malformed lines are refused, naming the line only.
func TestParseNativeTextErrors(t *testing.T) {
	for in, want := range map[string]string{
		"mcs_rooms\n":                        "line 1: want a value",
		"ok 1\nmcs_rooms one\n":              "line 2: value",
		"mcs_rooms{kind=\"audio\" 1\n":       "line 1: label kind: want , or }",
		"x{secretLabel=\"v\"} 1\n":           "",
		"x{secret-label=\"v\"} 1\n":          "line 1: label (not in the vocabulary): want =\"value\"",
		"mcs_rooms{kind=\"unterminated} 1\n": "line 1: label kind: unterminated value",
		"# TYPE mcs_rooms gaugy\n":           "line 1: unknown type",
		"mcs_rooms 1 soon\n":                 "line 1: timestamp",
		"=1\n":                               "line 1: no metric name",
	} {
		_, err := parseNativeText(strings.NewReader(in))
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", in, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, errNativeSyntax)):
			t.Errorf("%q: error %v, want %q…", in, err, want)
		}
	}
	long := "mcs_rooms{kind=\"" + strings.Repeat("a", maxNativeLine) + "\"} 1\n"
	if _, err := parseNativeText(strings.NewReader(long)); err == nil || !strings.Contains(err.Error(), "line 1: longer than") {
		t.Errorf("a long line: %v", err)
	}
}
