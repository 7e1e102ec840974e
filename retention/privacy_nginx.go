package retention

import (
	"strings"
)

// Where BBB's nginx configuration lives: the main file, the site BBB's
// packages install, and the location snippets it includes.
const (
	nginxConf = "/etc/nginx/nginx.conf"
	nginxSite = "/etc/nginx/sites-enabled/bigbluebutton"
)

var nginxSnippets = []string{"/usr/share/bigbluebutton/nginx/*.nginx", "/etc/bigbluebutton/nginx/*.nginx"}

// nginxDirective is one simple directive of an nginx configuration file.
type nginxDirective struct {
	name string
	args []string
}

// nginxDirectives splits an nginx configuration into its directives
// (comments dropped, quotes honoured, blocks flattened).
func nginxDirectives(data []byte) []nginxDirective {
	var out []nginxDirective
	var words []string
	var word strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	end := func() {
		flush()
		if len(words) > 0 {
			out = append(out, nginxDirective{name: words[0], args: words[1:]})
		}
		words = nil
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '#' && !inWord:
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			inWord = true
			for i++; i < len(data) && data[i] != c; i++ {
				if data[i] == '\\' && i+1 < len(data) {
					i++
				}
				word.WriteByte(data[i])
			}
		case c == ';', c == '{', c == '}':
			end()
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
		default:
			inWord = true
			word.WriteByte(c)
		}
	}
	end()
	return out
}

// addressVars are the nginx variables that hold a client's address.
var addressVars = []string{"remote_addr", "x_forwarded_for", "x_real_ip", "http_forwarded", "realip_remote_addr"}

// checkNginxAccessLog: BBB's nginx site logs every request with the
// client's address unless access_log is off. BBB's privacy guide says
// "access_log /dev/null;"; a log_format without the address, or a FIFO a
// scrubber reads (docs/scrubbing.md), keeps no address either.
func checkNginxAccessLog(h *hostFiles, _ *Config) []PrivacyFinding {
	site, ok := h.read(nginxSite)
	if !ok {
		return nil
	}
	type file struct {
		path string
		dirs []nginxDirective
	}
	main, _ := h.read(nginxConf)
	files := []file{{nginxSite, nginxDirectives(site)}}
	for _, g := range nginxSnippets {
		for _, p := range h.glob(g) {
			if b, ok := h.read(p); ok {
				files = append(files, file{p, nginxDirectives(b)})
			}
		}
	}
	mainDirs := nginxDirectives(main)
	formats := map[string]string{"combined": "$remote_addr - $remote_user [$time_local] ..."}
	collect := func(dirs []nginxDirective) {
		for _, d := range dirs {
			if d.name == "log_format" && len(d.args) >= 2 {
				formats[d.args[0]] = strings.Join(d.args[1:], " ")
			}
		}
	}
	collect(mainDirs)
	for _, p := range h.glob("/etc/nginx/conf.d/*.conf") {
		if b, ok := h.read(p); ok {
			collect(nginxDirectives(b))
		}
	}
	for _, f := range files {
		collect(f.dirs)
	}
	var out []PrivacyFinding
	judge := func(path string, d nginxDirective) {
		if found, bad := h.nginxLogsAddresses(d, formats); bad {
			out = append(out, PrivacyFinding{File: path, Found: found,
				Change: "access_log /dev/null; (BBB's privacy guide), or a log_format without $remote_addr, or a FIFO that bbbkit-janitor scrub reads"})
		}
	}
	siteLogs := false
	for _, f := range files {
		for _, d := range f.dirs {
			if d.name == "access_log" {
				siteLogs = true
				judge(f.path, d)
			}
		}
	}
	if siteLogs {
		return out
	}
	// The site inherits the http block's access_log, or nginx's default.
	mainLogs := false
	for _, d := range mainDirs {
		if d.name == "access_log" {
			mainLogs = true
			judge(nginxConf, d)
		}
	}
	if !mainLogs {
		out = append(out, PrivacyFinding{File: nginxSite,
			Found:  "no access_log here or in " + nginxConf + ": nginx's default writes every request with the client address to logs/access.log",
			Change: "access_log /dev/null; in the server block (BBB's privacy guide)"})
	}
	return out
}

// nginxLogsAddresses says whether an access_log directive writes client
// addresses, and describes it.
func (h *hostFiles) nginxLogsAddresses(d nginxDirective, formats map[string]string) (string, bool) {
	if len(d.args) == 0 {
		return "", false
	}
	path := d.args[0]
	if path == "off" || path == "/dev/null" {
		return "", false
	}
	format := "combined"
	if len(d.args) > 1 && !strings.Contains(d.args[1], "=") && d.args[1] != "gzip" {
		format = d.args[1]
	}
	body, known := formats[format]
	if known && !hasAddressVar(body) {
		return "", false
	}
	if !strings.Contains(path, "$") && !strings.HasPrefix(path, "syslog:") && h.fifo(path) {
		return "", false // a FIFO: scrubbed at write time
	}
	desc := "access_log " + path + " (format " + format
	if known {
		desc += ", with the client address)"
	} else {
		desc += ", not defined where the janitor looks)"
	}
	return desc, true
}

func hasAddressVar(format string) bool {
	for _, v := range addressVars {
		if strings.Contains(format, v) {
			return true
		}
	}
	return false
}
