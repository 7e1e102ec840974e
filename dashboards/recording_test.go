package dashboards

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const (
	recordingFile     = "recording.yml"
	recordingTestFile = "recording_test.yml"
)

// recordingTestFile is the part of recording_test.yml these tests look at.
type recordingTests struct {
	Tests []struct {
		PromQLExprTest []struct {
			Expr string `yaml:"expr"`
		} `yaml:"promql_expr_test"`
	} `yaml:"tests"`
}

func loadRecordingRules(t *testing.T) []rule { return loadRuleFile(t, recordingFile) }

func TestPromtoolCheckRecordingRules(t *testing.T) {
	t.Parallel()
	runPromtool(t, ".", "check", "rules", recordingFile)
}

func TestPromtoolTestRecordingRules(t *testing.T) {
	t.Parallel()
	runPromtool(t, ".", "test", "rules", recordingTestFile)
}

// recordName is level:metric:operation with the level "cluster" and a bbb_ metric, so that one
// federation match ({__name__=~"cluster:.*"}) takes all of them and nothing else.
var recordName = regexp.MustCompile(`^cluster:bbb_[a-z_]+:[a-z0-9]+$`)

// TestRecordingRulesAreAggregates holds every rule to the cluster view: a recording rule (no
// alerts here), named for federation, that drops the instance label, and tested by name.
func TestRecordingRulesAreAggregates(t *testing.T) {
	var tf recordingTests // decoded leniently: promtool's test files have many keys this test ignores
	data, err := os.ReadFile(recordingTestFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &tf); err != nil {
		t.Fatalf("decode %s: %v", recordingTestFile, err)
	}
	var tested []string
	for _, tc := range tf.Tests {
		for _, e := range tc.PromQLExprTest {
			tested = append(tested, strings.TrimSpace(e.Expr))
		}
	}
	for _, r := range loadRecordingRules(t) {
		if r.Alert != "" {
			t.Errorf("%s: alert %s belongs in %s", recordingFile, r.Alert, rulesFile)
			continue
		}
		if !recordName.MatchString(r.Record) {
			t.Errorf("%s: %q is not cluster:bbb_…:operation", recordingFile, r.Record)
		}
		if !strings.Contains(r.Expr, "without (instance") {
			t.Errorf("%s: %s does not aggregate the instance away: %s", recordingFile, r.Record, r.Expr)
		}
		if !slices.Contains(tested, r.Record) {
			t.Errorf("%s: %s has no promql_expr_test in %s", recordingFile, r.Record, recordingTestFile)
		}
	}
}
