package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEndToEnd builds the real binary, starts "outreach serve" on a free port with a new
// data directory, reads a pamphlet, and stops it with SIGTERM.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "outreach")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("read listening line: %v", err)
	}
	base := strings.TrimSpace(strings.TrimPrefix(line, "Outreach is listening on "))
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("listening line %q, want a URL", line)
	}
	if st, err := os.Stat(data); err != nil || !st.IsDir() {
		t.Fatalf("data directory not created: %v", err)
	}
	for path, want := range map[string]string{"healthz": "ok", "ar/victim-services": `<html lang="ar" dir="rtl">`} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Fatalf("GET %s: Status=%v, want 200 with %q", path, res.StatusCode, want)
		}
	}
	// A live event stream must not hold the shutdown open.
	lastLine(t, bin, "user", "add", "--data", data, "--role", "advocate", "--email", "a@example.org", "--name", "A")
	token := lastLine(t, bin, "token", "create", "--data", data, "--email", "a@example.org")
	req, _ := http.NewRequest(http.MethodGet, base+"api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("event stream: %v %v", stream, err)
	}
	defer stream.Body.Close()
	stopped := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v, want a clean exit", err)
		}
		if took := time.Since(stopped); took > 5*time.Second {
			t.Fatalf("shutdown took %v with a stream open, want well under the 10 s grace", took)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
}
