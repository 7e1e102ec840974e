package bbbapi

import "testing"

func TestDecodeReferences(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                       "plain",
		"Tom &amp; Jerry &lt;3 &gt;":  "Tom & Jerry <3 >",
		"&quot;&apos;":                `"'`,
		"&#53;&#x35;&#X35;":           "55&#X35;", // only a lower-case x starts a hexadecimal reference
		"&#x1F600;":                   "\U0001F600",
		"&#0;&#xD800;&#x110000;&#65":  "&#0;&#xD800;&#x110000;&#65", // not characters, or unterminated
		"&nbsp; &unknown; & &;":       "&nbsp; &unknown; & &;",      // no DTD: kept as written
		"&amp;amp;":                   "&amp;",
		"a&#x26;b&#38;c":              "a&b&c",
		"&#99999999999999999999;":     "&#99999999999999999999;",
		"&#xffffffffffffffffffff;x":   "&#xffffffffffffffffffff;x",
		"trailing &":                  "trailing &",
		"&toolongnameforanentity;end": "&toolongnameforanentity;end",
	} {
		if got := string(decodeReferences(nil, []byte(in))); got != want {
			t.Errorf("decodeReferences(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeNewlines(t *testing.T) {
	for in, want := range map[string]string{"a\r\nb": "a\nb", "a\rb": "a\nb", "a\r\r\nb\r": "a\n\nb\n", "a\n": "a\n"} {
		if got := string(normalizeNewlines([]byte(in))); got != want {
			t.Errorf("normalizeNewlines(%q) = %q, want %q", in, got, want)
		}
	}
}
