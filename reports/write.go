package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// Write puts the pages into the page bundle dir: index.LANG.md, index.LANG.html and the charts. Each
// file is written atomically (a temporary file in dir, synced, then renamed), so a crash leaves the
// old file or the new one, never half of one.
func Write(dir string, pages []Page) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	for _, p := range pages {
		for _, c := range p.Charts {
			var svg bytes.Buffer
			if err := c.SVG(&svg); err != nil {
				return fmt.Errorf("draw %s: %w", c.File, err)
			}
			if err := writeFile(dir, c.File, svg.Bytes()); err != nil {
				return err
			}
		}
		if err := writeFile(dir, "index."+string(p.Lang)+".md", p.Markdown); err != nil {
			return err
		}
		if err := writeFile(dir, "index."+string(p.Lang)+".html", p.HTML); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// Build makes the report and writes it into dir.
func Build(opts Options, dir string) error {
	pages, err := Make(opts)
	if err != nil {
		return err
	}
	return Write(dir, pages)
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
