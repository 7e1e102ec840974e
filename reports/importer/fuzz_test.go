package importer

import (
	"context"
	"strings"
	"testing"
)

// FuzzImportCSV feeds arbitrary files to the CSV import: it never panics, every error names the
// file, and what it writes stays inside the node vocabulary.
func FuzzImportCSV(f *testing.F) {
	f.Add("time,node,endpoints,transmit_bytes,receive_bytes\n2025-01-01T00:00:00Z,a,1,2,3\n")
	f.Add("node,time,receive_bytes,endpoints,transmit_bytes\nb,2025-03-30T02:30:00+02:00,0,0,18446744073709551615\n")
	f.Add("time,node,endpoints,transmit_bytes,receive_bytes\n\"2025-01-01T00:00:00Z\",\"a\"\"b\",1,2,3\n")
	f.Add("time,node,endpoints,transmit_bytes,receive_bytes\n2025-01-01T00:00:00Z,a,,2,3\n2025-01-01T00:01:00Z,a, ,2,3\n")
	f.Add("\ufefftime,node,endpoints,transmit_bytes,receive_bytes\r\n2025-01-01T00:00:00Z,a,4294967296,2,3\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		m := newMem()
		_, err := ImportCSV(context.Background(), m, strings.NewReader(in), "f.csv", 3)
		if err != nil && !strings.HasPrefix(err.Error(), "f.csv") {
			t.Fatalf("error without the file name: %v", err)
		}
		for node := range m.samples {
			if checkNode(node) != nil {
				t.Fatalf("wrote node %q", node)
			}
		}
	})
}
