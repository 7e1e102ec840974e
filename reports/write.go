package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write puts the pages into the page bundle dir: index.LANG.md and the charts. The bundle is replaced
// whole: every chart is drawn first, the files are written into a new directory beside dir (with any
// other files the team keeps in the bundle, such as photos), and that directory then takes dir's
// place. A build that fails, or a crash, leaves the old bundle as it was.
func Write(dir string, pages []Page) error {
	files, err := draw(pages, false)
	if err != nil {
		return err
	}
	return replaceDir(dir, files)
}

// WritePreviews puts the standalone HTML previews index.LANG.html with their charts into dir, which
// must lie outside Hugo's content directory: Hugo would publish them as pages' resources.
func WritePreviews(dir string, pages []Page) error {
	files, err := draw(pages, true)
	if err != nil {
		return err
	}
	return replaceDir(dir, files)
}

// draw renders every file of the pages: the Markdown, or with previews the HTML, and the charts.
func draw(pages []Page, previews bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, p := range pages {
		for _, c := range p.Charts {
			var svg bytes.Buffer
			if err := c.SVG(&svg); err != nil {
				return nil, fmt.Errorf("draw %s: %w", c.File, err)
			}
			files[c.File] = svg.Bytes()
		}
		if previews {
			files["index."+string(p.Lang)+".html"] = p.HTML
		} else {
			files["index."+string(p.Lang)+".md"] = p.Markdown
			if p.Sidecar != nil {
				files[SidecarFile] = p.Sidecar
			}
		}
	}
	return files, nil
}

// replaceDir writes files into a new directory that then takes dir's place.
func replaceDir(dir string, files map[string][]byte) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	stage, err := os.MkdirTemp(parent, "."+base+".new-*")
	if err != nil {
		return fmt.Errorf("create the new bundle beside %s: %w", dir, err)
	}
	defer os.RemoveAll(stage) // gone after the rename; left only when something failed
	if err := os.Chmod(stage, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", stage, err)
	}
	for name, data := range files {
		if err := writeFile(stage, name, data); err != nil {
			return err
		}
	}
	if err := keepOthers(dir, stage, files); err != nil {
		return err
	}
	if err := syncDir(stage); err != nil {
		return err
	}
	return swap(dir, stage)
}

// keepOthers copies the files of the old bundle that the build does not write into the new one.
func keepOthers(dir, stage string, written map[string][]byte) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		if _, ours := written[e.Name()]; ours || !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") || formerlyOurs(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("keep %s: %w", filepath.Join(dir, e.Name()), err)
		}
		if err := writeFile(stage, e.Name(), data); err != nil {
			return err
		}
	}
	return nil
}

// swap puts stage in dir's place: the old bundle is moved aside, the new one renamed in, the old one
// removed.
func swap(dir, stage string) error {
	old := stage + ".old"
	if err := os.Rename(dir, old); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	if err := os.Rename(stage, dir); err != nil {
		os.Rename(old, dir) // put the old bundle back
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	os.RemoveAll(old)
	return syncDir(filepath.Dir(dir))
}

// Build makes the report and writes it into dir.
func Build(opts Options, dir string) error {
	pages, err := Make(opts)
	if err != nil {
		return err
	}
	if !opts.Overwrite {
		if err := checkHandEdits(dir, pages); err != nil {
			return err
		}
	}
	if err := Write(dir, pages); err != nil {
		return err
	}
	if opts.PreviewDir != "" {
		return WritePreviews(opts.PreviewDir, pages)
	}
	return nil
}

func writeFile(dir, name string, data []byte) (err error) {
	path := filepath.Join(dir, name)
	// A crash in an earlier run may have left a temporary file of ours behind.
	stale, _ := filepath.Glob(filepath.Join(dir, "."+name+".*.tmp"))
	for _, s := range stale {
		os.Remove(s)
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// formerlyOurs matches what earlier versions wrote into the bundle: previews and charts named
// NAME-LANG.svg. They are not carried over.
func formerlyOurs(name string) bool {
	for _, pat := range []string{"index.*.html", "endpoints-*.svg", "traffic-*.svg"} {
		if ok, _ := filepath.Match(pat, name); ok {
			return true
		}
	}
	return false
}
