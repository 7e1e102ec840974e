package facts

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Text is a free text of the team's, written once for both languages or once per language:
//
//	requested: IP address and join time of a user name
//	requested:
//	  de: IP-Adresse und Beitrittszeit eines Nutzernamens
//	  en: IP address and join time of a user name
//
// Per language, both de and en are required, so that neither report is left with the other's words.
type Text struct {
	DE, EN string
}

// In is the text in language lang ("de" or "en").
func (t Text) In(lang string) string {
	if lang == "de" {
		return t.DE
	}
	return t.EN
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return strings.TrimSpace(t.DE) == "" && strings.TrimSpace(t.EN) == "" }

// UnmarshalYAML reads a string, or a mapping with exactly the keys de and en, each a string. Errors
// read like the strict decoder's, "line N: …", so that Parse names the file and line.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		var s string
		if err := n.Decode(&s); err != nil {
			return err
		}
		t.DE, t.EN = s, s
		return nil
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value != "de" && k.Value != "en" {
				return fmt.Errorf("yaml: line %d: unknown language %q, want de and en", k.Line, k.Value)
			}
			if first, ok := seen[k.Value]; ok {
				return fmt.Errorf("yaml: line %d: %s given twice (first at line %d)", k.Line, k.Value, first)
			}
			seen[k.Value] = k.Line
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("yaml: line %d: %s: want a text", v.Line, k.Value)
			}
			if k.Value == "de" {
				t.DE = v.Value
			} else {
				t.EN = v.Value
			}
		}
		for _, l := range []string{"de", "en"} {
			if _, ok := seen[l]; !ok {
				return fmt.Errorf("yaml: line %d: %s missing: give the text in de and en, or one text for both", n.Line, l)
			}
		}
		return nil
	}
	return fmt.Errorf("yaml: line %d: want a text, or de and en texts", n.Line)
}

// ReplyKeywords are the words reply_time takes in place of a text, each written in the page's
// language ("few_days": "wenige Tage später", "a few days later"): a plain text would read the same
// in both pages.
var ReplyKeywords = []string{"same_day", "next_day", "few_days", "a_week", "weeks"}

// ReplyTime is when the team answered a request: one of ReplyKeywords, or the team's own text (one
// for both languages, or per language).
type ReplyTime struct {
	// Keyword is one of ReplyKeywords; empty when the team gave a text.
	Keyword string
	// Text is the team's text when Keyword is empty.
	Text
}

// IsZero reports whether neither a keyword nor a text was given.
func (r ReplyTime) IsZero() bool { return r.Keyword == "" && r.Text.IsZero() }

// UnmarshalYAML reads a keyword of ReplyKeywords, or a text as Text does.
func (r *ReplyTime) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		for _, k := range ReplyKeywords {
			if strings.TrimSpace(n.Value) == k {
				*r = ReplyTime{Keyword: k}
				return nil
			}
		}
	}
	return r.Text.UnmarshalYAML(n)
}
