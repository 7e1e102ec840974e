package post

import (
	"fmt"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/sections"
)

// Front is the front matter a team's template may carry. The fields bbbkit writes itself (date,
// slug, translationKey, bbbkitGenerated) are refused: they are not the team's to set here.
type Front struct {
	// Title is the post's title; it may hold figures: 'Transparenzbericht {{ figure "year" }}'.
	Title string `yaml:"title"`
	// Description is the page's summary; without it bbbkit writes one from the figures.
	Description string `yaml:"description"`
	// Draft, when false, publishes the post; bbbkit writes draft: true when the template does not say.
	Draft *bool `yaml:"draft"`
	// Extra holds the fields of a Hugo theme passed through as written.
	Extra map[string]any `yaml:"-"`

	titleLine, descLine int
}

// passThrough are the Hugo front matter fields a template may set and bbbkit copies as written.
var passThrough = []string{"tags", "categories", "authors", "author", "images", "summary", "aliases", "weight", "toc"}

// ours are front matter fields bbbkit writes, with what to do instead.
var ours = map[string]string{
	"date":            "bbbkit writes it: set it with --date",
	"slug":            "bbbkit writes it per language",
	"translationkey":  "bbbkit writes it so that Hugo links the languages",
	"bbbkitgenerated": "bbbkit writes it to notice hand edits of the page",
}

// Parse reads one template; name is used in error messages, which read "name:line: what".
func Parse(name string, lang i18n.Lang, data []byte) (*Template, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not UTF-8 text", name)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	front, body, bodyLine, err := splitFront(name, text)
	if err != nil {
		return nil, err
	}
	t := &Template{Lang: lang, Name: name}
	if front != "" {
		if t.Front, err = parseFront(name, front); err != nil {
			return nil, err
		}
	}
	// The body keeps its lines: it is parsed after as many newlines as the front matter took, so an
	// error's line is the file's.
	if t.body, err = parseText(name, strings.Repeat("\n", bodyLine-1)+body, &t.places); err != nil {
		return nil, err
	}
	if t.Front.Title != "" {
		if t.title, err = parseText(name, strings.Repeat("\n", t.Front.titleLine-1)+t.Front.Title, nil); err != nil {
			return nil, err
		}
	}
	if t.Front.Description != "" {
		if t.desc, err = parseText(name, strings.Repeat("\n", t.Front.descLine-1)+t.Front.Description, nil); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// splitFront cuts the YAML front matter between a first line "---" and the next "---" from the body;
// bodyLine is the file's line on which the body starts.
func splitFront(name, text string) (front, body string, bodyLine int, err error) {
	if !strings.HasPrefix(text, "---\n") {
		return "", text, 1, nil
	}
	lines := strings.SplitAfter(text, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\n") == "---" {
			return strings.Join(lines[1:i], ""), strings.Join(lines[i+1:], ""), i + 2, nil
		}
	}
	return "", "", 0, fmt.Errorf("%s:1: front matter not closed: end it with a line ---", name)
}

// parseFront decodes the front matter strictly; its first line is the file's line 2.
func parseFront(name, front string) (Front, error) {
	var f Front
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(front), &root); err != nil {
		return f, fmt.Errorf("%s: front matter: %s", name, shiftLines(err.Error(), 1))
	}
	if len(root.Content) == 0 {
		return f, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return f, fmt.Errorf("%s:%d: front matter: want fields such as title: …", name, doc.Line+1)
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		at := fmt.Sprintf("%s:%d", name, k.Line+1)
		switch key := k.Value; {
		case key == "title" || key == "description":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
				return f, fmt.Errorf("%s: %s: want a text", at, key)
			}
			if key == "title" {
				f.Title, f.titleLine = v.Value, v.Line+1
			} else {
				f.Description, f.descLine = v.Value, v.Line+1
			}
		case key == "draft":
			var d bool
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&d) != nil {
				return f, fmt.Errorf("%s: draft: want true or false, got %q", at, v.Value)
			}
			f.Draft = &d
		case slices.Contains(passThrough, key):
			var x any
			if err := v.Decode(&x); err != nil {
				return f, fmt.Errorf("%s: %s: %v", at, key, err)
			}
			if f.Extra == nil {
				f.Extra = map[string]any{}
			}
			if _, dup := f.Extra[key]; dup {
				return f, fmt.Errorf("%s: %s given twice", at, key)
			}
			f.Extra[key] = x
		case ours[strings.ToLower(key)] != "":
			return f, fmt.Errorf("%s: %s: %s; leave it out of the template", at, key, ours[strings.ToLower(key)])
		default:
			return f, fmt.Errorf("%s: unknown front matter field %q, want title, description, draft or one of %s", at, key, strings.Join(passThrough, ", "))
		}
	}
	return f, nil
}

// shiftLines adds n to the line number in a YAML error ("yaml: line 3: …").
func shiftLines(msg string, n int) string {
	var line int
	var rest string
	if _, err := fmt.Sscanf(msg, "yaml: line %d:", &line); err == nil {
		rest = msg[strings.Index(msg, ":")+1:]
		rest = rest[strings.Index(rest, ":")+1:]
		return fmt.Sprintf("line %d:%s", line+n, rest)
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

// shortcodes writes Hugo's shortcode delimiters ({{< … >}}, {{% … %}}) as text/template string
// actions, so that a template passes a shortcode of the team's theme to Hugo as written.
var shortcodes = strings.NewReplacer("{{<", `{{"{{<"}}`, ">}}", `{{">}}"}}`, "{{%", `{{"{{%"}}`, "%}}", `{{"%}}"}}`)

// parseText parses a template text with the placeholder functions and checks every placeholder's
// name; places, when not nil, collects the sections, charts and tables it places.
func parseText(name, text string, places *[]string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(stubs()).Parse(shortcodes.Replace(text))
	if err != nil {
		return nil, parseError(err)
	}
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if err := check(tt.Tree, tt.Tree.Root, places); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func parseError(err error) error {
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "template: "))
}

// check walks the parse tree: every placeholder names a known part with a quoted name, and the
// template reads no data fields (it has none).
func check(tree *parse.Tree, n parse.Node, places *[]string) error {
	fail := func(n parse.Node, format string, a ...any) error {
		loc, _ := tree.ErrorContext(n)
		return fmt.Errorf("%s: %s", loc, fmt.Sprintf(format, a...))
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := check(tree, c, places); err != nil {
				return err
			}
		}
	case *parse.ActionNode:
		return check(tree, n.Pipe, places)
	case *parse.IfNode:
		return checkBranch(tree, &n.BranchNode, places)
	case *parse.RangeNode:
		return checkBranch(tree, &n.BranchNode, places)
	case *parse.WithNode:
		return checkBranch(tree, &n.BranchNode, places)
	case *parse.TemplateNode:
		return check(tree, n.Pipe, places)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			if err := check(tree, c, places); err != nil {
				return err
			}
		}
	case *parse.CommandNode:
		for i, a := range n.Args {
			if id, ok := a.(*parse.IdentifierNode); ok && i == 0 && slices.Contains(funcNames, id.Ident) {
				if err := checkCall(n, id.Ident, fail, places); err != nil {
					return err
				}
				continue
			}
			if err := check(tree, a, places); err != nil {
				return err
			}
		}
	case *parse.FieldNode, *parse.DotNode, *parse.ChainNode:
		return fail(n, "%s: a template has no data fields; place parts with section, chart, table and figure", n)
	}
	return nil
}

func checkBranch(tree *parse.Tree, b *parse.BranchNode, places *[]string) error {
	for _, n := range []parse.Node{b.Pipe, b.List, b.ElseList} {
		if l, ok := n.(*parse.ListNode); ok && l == nil {
			continue
		}
		if err := check(tree, n, places); err != nil {
			return err
		}
	}
	return nil
}

// checkCall checks one placeholder call: one quoted name from its closed set.
func checkCall(n *parse.CommandNode, fn string, fail func(parse.Node, string, ...any) error, places *[]string) error {
	if len(n.Args) != 2 {
		return fail(n, "%s wants one quoted name, as in {{ %s %q }}", fn, fn, example(fn))
	}
	s, ok := n.Args[1].(*parse.StringNode)
	if !ok {
		return fail(n, "%s wants one quoted name, as in {{ %s %q }}", fn, fn, example(fn))
	}
	var known []string
	switch fn {
	case "section", "text":
		known = sections.SectionIDs()
	case "chart":
		known = sections.Names(sections.ChartParts)
	case "table":
		known = sections.Names(sections.TableParts)
	case "figure", "has":
		known = sections.Names(sections.FigureParts)
	case "over", "about", "almost":
		known = sections.Names(sections.RoundableParts)
	}
	if !slices.Contains(known, s.Text) {
		return fail(n, "%s: unknown name %q, want one of %s", fn, s.Text, strings.Join(known, ", "))
	}
	if places != nil && (fn == "section" || fn == "text" || fn == "chart" || fn == "table") {
		kind := fn
		if kind == "text" {
			kind = "section" // the same section, with the team's heading
		}
		if p := kind + " " + s.Quoted; !slices.Contains(*places, p) {
			*places = append(*places, p)
		}
	}
	return nil
}

func example(fn string) string {
	switch fn {
	case "section", "text":
		return "peak"
	case "chart", "table":
		return "participants"
	}
	return "peak.participants"
}
