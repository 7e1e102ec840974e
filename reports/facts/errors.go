package facts

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	reSyntax  = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	reUnknown = regexp.MustCompile(`^line (\d+): field (\S+) not found in type`)
	reType    = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
	reTypeAny = regexp.MustCompile(`^line (\d+): cannot unmarshal !!(\w+) into (\S+)$`)
	reDup     = regexp.MustCompile(`^line (\d+): mapping key "(.*)" already defined at line (\d+)$`)
	reLine    = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// syntaxError turns the YAML parser's message into "name:line: message".
func syntaxError(name string, err error) error {
	if m := reSyntax.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s:%s: %s", name, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
}

// decodeError turns the strict decoder's first complaint into "name:line: field: message".
func decodeError(name string, doc *yaml.Node, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) || len(te.Errors) == 0 {
		return syntaxError(name, err)
	}
	msg := te.Errors[0]
	if m := reUnknown.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: unknown field %q", name, m[1], m[2])
	}
	if m := reDup.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s given twice (first at line %s)", name, m[1], m[2], m[3])
	}
	if m := reType.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		path, v := pathAt(doc, line)
		got := m[3]
		if v != nil && v.Kind == yaml.ScalarNode {
			got = v.Value
		}
		return fmt.Errorf("%s:%d: %s: want %s, got %q", name, line, path, want(m[4]), got)
	}
	if m := reTypeAny.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		path, _ := pathAt(doc, line)
		return fmt.Errorf("%s:%d: %s: want %s, got a %s", name, line, path, want(m[3]), kindWord(m[2]))
	}
	if m := reLine.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s", name, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// want names a Go type the way a person writing YAML thinks of it.
func want(goType string) string {
	switch strings.TrimPrefix(goType, "*") {
	case "int", "int64":
		return "a whole number"
	case "string", "facts.Outcome", "facts.AuthorityKind", "facts.DataType", "facts.Qualifier":
		return "text"
	case "bool":
		return "true or false"
	case "[]facts.Request":
		return "a list of requests"
	case "[]facts.ExpenseItem":
		return "a list of expense items"
	case "facts.Notes":
		return "a mapping with de and en"
	}
	return goType
}

func kindWord(tag string) string {
	switch tag {
	case "seq":
		return "list"
	case "map":
		return "mapping"
	}
	return tag
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// pathAt names the field whose value starts at line, e.g. "law_enforcement_requests[1].date", and
// returns that value.
func pathAt(n *yaml.Node, line int) (string, *yaml.Node) {
	p, v, _ := findPath(n, line, "")
	if p == "" {
		return "value", nil
	}
	return p, v
}

func findPath(n *yaml.Node, line int, prefix string) (string, *yaml.Node, bool) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + k.Value
			}
			if v.Kind == yaml.ScalarNode && v.Line == line {
				return p, v, true
			}
			if got, gv, ok := findPath(v, line, p); ok {
				return got, gv, true
			}
			if v.Line == line {
				return p, v, true
			}
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			p := fmt.Sprintf("%s[%d]", prefix, i)
			if got, gv, ok := findPath(v, line, p); ok {
				return got, gv, true
			}
			if v.Line == line {
				return p, v, true
			}
		}
	}
	return "", nil, false
}

// valueOf finds the value node of a top-level key; nil when absent.
func valueOf(doc *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == key {
			return doc.Content[i+1]
		}
	}
	return nil
}

// lineOf finds the line of the value at path (keys and list indices); 0 when absent.
func lineOf(n *yaml.Node, path ...any) int {
	line := n.Line
	for _, step := range path {
		switch s := step.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					n, found = n.Content[i+1], true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || s >= len(n.Content) {
				return line
			}
			n = n.Content[s]
		}
		line = n.Line
	}
	return line
}
