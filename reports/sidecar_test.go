package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/facts"
)

// TestSidecarMatchesSchema checks figures.json of the golden build against figures.schema.json with
// the parts of JSON Schema the schema uses (type, required, properties, additionalProperties, items,
// $ref, const, enum, minimum, minItems, maxItems, pattern).
func TestSidecarMatchesSchema(t *testing.T) {
	out := buildGolden(t)
	var doc, schema any
	for path, v := range map[string]*any{filepath.Join(out, SidecarFile): &doc, "figures.schema.json": &schema} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	root := schema.(map[string]any)
	for _, e := range validate(root, root, doc, "$") {
		t.Error(e)
	}
	if s := fmt.Sprint(doc); strings.Contains(s, canaryNode) {
		t.Error("figures.json names a node")
	}
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

func validate(root, s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		def := root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")]
		return validate(root, def.(map[string]any), v, at)
	}
	var errs []string
	if ty, ok := s["type"]; ok {
		want := []string{}
		switch x := ty.(type) {
		case string:
			want = append(want, x)
		case []any:
			for _, w := range x {
				want = append(want, w.(string))
			}
		}
		if got := jsonType(v); !slices.Contains(want, got) {
			return []string{fmt.Sprintf("%s: %s, want %v", at, got, want)}
		}
	}
	if c, ok := s["const"]; ok && c != v {
		errs = append(errs, fmt.Sprintf("%s: %v, want %v", at, v, c))
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, e))
	}
	if m, ok := s["minimum"].(float64); ok {
		if n, isNum := v.(float64); isNum && n < m {
			errs = append(errs, fmt.Sprintf("%s: %v below %v", at, n, m))
		}
	}
	if p, ok := s["pattern"].(string); ok {
		if str, isStr := v.(string); isStr && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", at, str, p))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range s["required"].([]any) {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: lacks %s", at, r))
			}
		}
		for k, val := range x {
			ps, ok := props[k]
			if !ok {
				if s["additionalProperties"] == false {
					errs = append(errs, fmt.Sprintf("%s: %s not in the schema", at, k))
				}
				continue
			}
			errs = append(errs, validate(root, ps.(map[string]any), val, at+"."+k)...)
		}
	case []any:
		if n, ok := s["minItems"].(float64); ok && float64(len(x)) < n {
			errs = append(errs, fmt.Sprintf("%s: %d items, want at least %v", at, len(x), n))
		}
		if n, ok := s["maxItems"].(float64); ok && float64(len(x)) > n {
			errs = append(errs, fmt.Sprintf("%s: %d items, want at most %v", at, len(x), n))
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				errs = append(errs, validate(root, items, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

// TestSidecarOneDirection: a history that counted only what was sent has null received bytes in
// figures.json, the year's and every month's, never 0; outcomes given as aliases count canonical.
func TestSidecarOneDirection(t *testing.T) {
	f, err := facts.Parse("f.yml", []byte("year: 2024\nservice: Call\ntraffic_qualifier: over\nlaw_enforcement_requests:\n  - date: 2024-05\n    authority: LKA\n    requested: x\n    outcome: abgelehnt\n"))
	if err != nil {
		t.Fatal(err)
	}
	one := time.Date(2024, 7, 1, 10, 0, 0, 0, f.Location)
	h := tempHistory(t, history.Sample{Time: one, Endpoints: 3, HasMeetings: true, TransmitBytes: 5e9},
		history.Sample{Time: one.Add(time.Minute), Endpoints: 4, HasMeetings: true, TransmitBytes: 6e9})
	pages, err := Make(Options{History: h, Facts: f, Date: one})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Transmit *uint64 `json:"transmit_bytes"`
		Receive  *uint64 `json:"receive_bytes"`
		Traffic  *string `json:"traffic_qualifier"`
		Months   []struct {
			Transmit *uint64 `json:"transmit_bytes"`
			Receive  *uint64 `json:"receive_bytes"`
		} `json:"months"`
		Requests struct {
			Rejected int `json:"rejected"`
		} `json:"requests"`
	}
	if err := json.Unmarshal(pages[0].Sidecar, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Transmit == nil || *doc.Transmit != 11e9 || doc.Receive != nil || doc.Traffic == nil || *doc.Traffic != "over" {
		t.Errorf("year: transmit %v receive %v qualifier %v", doc.Transmit, doc.Receive, doc.Traffic)
	}
	if m := doc.Months[6]; m.Transmit == nil || m.Receive != nil {
		t.Errorf("July: transmit %v receive %v", m.Transmit, m.Receive)
	}
	if doc.Requests.Rejected != 1 {
		t.Errorf("abgelehnt not counted as rejected: %s", pages[0].Sidecar)
	}
	for _, p := range pages {
		if strings.Contains(string(p.Markdown), " 0\u00a0TB") {
			t.Errorf("%s: 0 TB:\n%s", p.Lang, p.Markdown)
		}
	}
}
