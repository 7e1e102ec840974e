package reports

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/bbbkit/bbbkit/reports/i18n"
)

// markdown renders CommonMark with GFM tables in goldmark's safe mode: raw HTML in the source is
// left out, never passed through.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<meta name="description" content="{{.Description}}">
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #222; margin: 0; }
main { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
nav { font-size: 0.9rem; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; vertical-align: top; }
</style>
</head>
<body>
<main>
{{- if .Others}}
<nav>{{range .Others}}<a href="index.{{.}}.html" hreflang="{{.}}">{{.}}</a> {{end}}</nav>
{{- end}}
<h1>{{.Title}}</h1>
<p><time datetime="{{.Date}}">{{.Date}}</time></p>
{{.Body}}</main>
</body>
</html>
`))

// preview renders body as a standalone HTML page whose images point at the charts beside it.
func preview(l i18n.Lang, fm FrontMatter, body string, langs []i18n.Lang) ([]byte, error) {
	var html bytes.Buffer
	if err := markdown.Convert([]byte(body), &html); err != nil {
		return nil, err
	}
	var others []i18n.Lang
	for _, o := range langs {
		if o != l {
			others = append(others, o)
		}
	}
	var out bytes.Buffer
	err := page.Execute(&out, struct {
		Lang                     i18n.Lang
		Title, Description, Date string
		Others                   []i18n.Lang
		Body                     template.HTML
	}{l, fm.Title, fm.Description, fm.Date, others, template.HTML(html.String())}) // safe: goldmark leaves raw HTML out
	if err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
