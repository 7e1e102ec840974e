package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestImportPrometheusAuthFromFile: credentials for a long-term store come from the files a
// --prometheus.config names, and reach the server; credentials in the URL are refused.
func TestImportPrometheusAuthFromFile(t *testing.T) {
	const user, password, tenant = "report", "CANARYpassw0rd", "bbb-tenant"
	var authorised atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != user || p != password || r.Header.Get("X-Scope-OrgID") != tenant {
			http.Error(w, `{"status":"error","errorType":"unauthorized","error":"no"}`, http.StatusUnauthorized)
			return
		}
		authorised.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[]}}`))
	}))
	defer srv.Close()

	dir := t.TempDir()
	pwFile := filepath.Join(dir, "password")
	os.WriteFile(pwFile, []byte(password+"\n"), 0o600)
	cfg := filepath.Join(dir, "prom.yml")
	os.WriteFile(cfg, []byte("basic_auth:\n  username: "+user+"\n  password_file: "+pwFile+"\nhttp_headers:\n  X-Scope-OrgID:\n    values: ["+tenant+"]\n"), 0o600)
	db := filepath.Join(dir, "h.db")
	args := []string{"import", "--history", db, "--prometheus", srv.URL, "--from", "2025-01-01", "--to", "2025-01-02"}

	out, _ := runT(t, append(args, "--prometheus.config", cfg)...)
	if authorised.Load() == 0 {
		t.Fatalf("no query reached the server with the credentials from the file; output:\n%s", out)
	}
	if strings.Contains(out, password) {
		t.Errorf("the password came out:\n%s", out)
	}

	bad := filepath.Join(dir, "bad.yml")
	os.WriteFile(bad, []byte("basic_auth:\n  username: x\n  pasword_file: y\n"), 0o600)
	if _, err := runT(t, append(args, "--prometheus.config", bad)...); err == nil || !strings.Contains(err.Error(), "pasword_file") {
		t.Errorf("unknown key in the config: error %v, want one naming it", err)
	}

	withUser := strings.Replace(srv.URL, "http://", "http://"+user+":"+password+"@", 1)
	_, err := runT(t, "import", "--history", db, "--prometheus", withUser, "--from", "2025-01-01", "--to", "2025-01-02")
	if err == nil || !strings.Contains(err.Error(), "holds credentials") || strings.Contains(err.Error(), password) {
		t.Errorf("credentials in the URL: error %v, want a refusal that does not repeat them", err)
	}
}
