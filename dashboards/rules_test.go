package dashboards

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const (
	rulesFile     = "alerts.yml"
	rulesTestFile = "alerts_test.yml"
)

// ruleFile is the part of a Prometheus rules file the tests look at; decoding is strict, so a
// misspelt key fails here before promtool sees it.
type ruleFile struct {
	Groups []struct {
		Name     string `yaml:"name"`
		Interval string `yaml:"interval"`
		Rules    []rule `yaml:"rules"`
	} `yaml:"groups"`
}

type rule struct {
	Alert       string            `yaml:"alert"`
	Record      string            `yaml:"record"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

// ruleTestFile is the part of a promtool test file the tests look at.
type ruleTestFile struct {
	Tests []struct {
		AlertRuleTest []struct {
			Alertname string           `yaml:"alertname"`
			ExpAlerts []map[string]any `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	} `yaml:"tests"`
}

func decodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
}

func loadRules(t *testing.T) []rule { return loadRuleFile(t, rulesFile) }

// loadRuleFile decodes a rule file strictly and returns its rules of every group.
func loadRuleFile(t *testing.T, path string) []rule {
	t.Helper()
	var rf ruleFile
	decodeStrict(t, path, &rf)
	var rules []rule
	for _, g := range rf.Groups {
		rules = append(rules, g.Rules...)
	}
	if len(rules) == 0 {
		t.Fatalf("%s has no rules", path)
	}
	return rules
}

// promtool returns the path of promtool, skipping the test when it is missing, or failing it when
// CI=true.
func promtool(t *testing.T) string {
	t.Helper()
	return requireTool(t, "promtool")
}

func runPromtool(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(promtool(t), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestPromtoolCheckRules(t *testing.T) {
	t.Parallel()
	runPromtool(t, ".", "check", "rules", rulesFile)
}

func TestPromtoolTestRules(t *testing.T) {
	t.Parallel()
	runPromtool(t, ".", "test", "rules", rulesTestFile)
}

// TestAlertsAreExplained holds every alert to what a tired admin needs: a severity that routes, a
// summary, and a description that says what to do first.
func TestAlertsAreExplained(t *testing.T) {
	for _, r := range loadRules(t) {
		if r.Alert == "" {
			continue
		}
		if s := r.Labels["severity"]; s != "critical" && s != "warning" {
			t.Errorf("%s: severity %q, want critical or warning", r.Alert, s)
		}
		if r.For == "" && !strings.HasPrefix(strings.TrimSpace(r.Expr), "absent(") {
			t.Errorf("%s: no for: one bad scrape would page someone", r.Alert)
		}
		if len(r.Annotations["summary"]) < 20 {
			t.Errorf("%s: summary %q is missing or too short", r.Alert, r.Annotations["summary"])
		}
		if d := r.Annotations["description"]; len(d) < 150 || !strings.Contains(d, "First:") {
			t.Errorf("%s: description must explain the alert and say what to do First:, got %q", r.Alert, d)
		}
		for k := range r.Annotations {
			if k != "summary" && k != "description" && k != "runbook_url" {
				t.Errorf("%s: unexpected annotation %q", r.Alert, k)
			}
		}
	}
}

// TestEveryAlertIsTested requires, for every alert, a promtool case where it fires and one where
// it must not.
func TestEveryAlertIsTested(t *testing.T) {
	var tf ruleTestFile // decoded leniently: promtool's test files have many keys this test ignores
	data, err := os.ReadFile(rulesTestFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &tf); err != nil {
		t.Fatalf("decode %s: %v", rulesTestFile, err)
	}
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, test := range tf.Tests {
		for _, c := range test.AlertRuleTest {
			if len(c.ExpAlerts) > 0 {
				fires[c.Alertname] = true
			} else {
				silent[c.Alertname] = true
			}
		}
	}
	var alerts []string
	for _, r := range loadRules(t) {
		if r.Alert != "" {
			alerts = append(alerts, r.Alert)
			if !fires[r.Alert] {
				t.Errorf("%s: no test case in %s where it fires", r.Alert, rulesTestFile)
			}
			if !silent[r.Alert] {
				t.Errorf("%s: no test case in %s where it stays silent", r.Alert, rulesTestFile)
			}
		}
	}
	for name := range fires {
		if !slices.Contains(alerts, name) {
			t.Errorf("%s tests alert %s, which %s does not define", rulesTestFile, name, rulesFile)
		}
	}
}

// TestRulesFileIsSelfContained makes sure the test file loads the rules next to it.
func TestRulesFileIsSelfContained(t *testing.T) {
	var tf struct {
		RuleFiles []string `yaml:"rule_files"`
	}
	data, err := os.ReadFile(rulesTestFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &tf); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tf.RuleFiles, []string{rulesFile}) {
		t.Errorf("%s: rule_files = %q, want [%s]", rulesTestFile, tf.RuleFiles, filepath.Base(rulesFile))
	}
}
