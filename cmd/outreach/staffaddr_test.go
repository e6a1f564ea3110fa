package main

import (
	"bufio"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// TestStaffListener serves the workflow on its own address: each listener answers only
// its own side's routes.
func TestStaffListener(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	cmd := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--staff-addr", "127.0.0.1:0", "--data", t.TempDir())
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	r := bufio.NewReader(stdout)
	publicLine, _ := r.ReadString('\n')
	staffLine, _ := r.ReadString('\n')
	public := strings.TrimSpace(strings.TrimPrefix(publicLine, "Outreach is listening on "))
	staff := strings.TrimSpace(strings.TrimPrefix(staffLine, "Staff pages and API on "))
	if !strings.HasPrefix(staff, "http://127.0.0.1:") || staff == public {
		t.Fatalf("listening lines %q %q", publicLine, staffLine)
	}
	tests := []struct {
		base, path string
		want       int
	}{
		{public, "en/", 200},
		{public, "kiosk", 303},
		{public, "api/v1/me", 404},
		{public, "staff/login", 404},
		{public, "metrics", 404},
		{public, "healthz", 200},
		{staff, "api/v1/me", 401},
		{staff, "staff/login", 200},
		{staff, "metrics", 200},
		{staff, "healthz", 200},
		{staff, "en/", 404},
		{staff, "kiosk", 404},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		res, err := client.Get(tt.base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.want && !(tt.want == 303 && res.StatusCode/100 == 3) {
			t.Fatalf("GET %s%s: %d, want %d", tt.base, tt.path, res.StatusCode, tt.want)
		}
	}
}
