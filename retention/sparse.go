package retention

import (
	"io"
	"os"
)

// holeBlock is the shortest run of NUL bytes a rewrite leaves as a hole.
const holeBlock = 4096

// holeWriter writes to a new file, leaving runs of NUL bytes as holes. A
// log truncated under a writer that does not append (copytruncate) starts
// with a hole as long as the file was: rewritten byte for byte, it would
// take that much disk. Its content reads the same.
type holeWriter struct {
	f    *os.File
	size int64 // bytes written or skipped
	hole bool  // the file ends in a skipped run, not written yet
}

func (h *holeWriter) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		z := n
		for z < len(p) && p[z] == 0 {
			z++
		}
		if z-n >= holeBlock {
			if _, err := h.f.Seek(int64(z-n), io.SeekCurrent); err != nil {
				return n, err
			}
			h.size += int64(z - n)
			h.hole = true
			n = z
			continue
		}
		// Write up to the next run long enough to skip.
		end := z
		for end < len(p) {
			if p[end] != 0 {
				end++
				continue
			}
			r := end
			for r < len(p) && p[r] == 0 && r-end < holeBlock {
				r++
			}
			if r-end >= holeBlock {
				break
			}
			end = r
		}
		w, err := h.f.Write(p[n:end])
		h.size += int64(w)
		n += w
		if err != nil {
			return n, err
		}
		h.hole = false
	}
	return n, nil
}

// finish gives the file its full length when it ends in a hole.
func (h *holeWriter) finish() error {
	if h.hole {
		return h.f.Truncate(h.size)
	}
	return nil
}
