package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyDir copies the files of src into a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestServeDev edits a pamphlet under a running "serve --dev": the change shows without
// a restart, a broken file shows its problem on its own pages while the rest keeps
// serving, and the fix shows again.
func TestServeDev(t *testing.T) {
	content := copyDir(t, "../../internal/search/testdata/content")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--dev", "--content", content, "--addr", "127.0.0.1:0", "--data", t.TempDir()}, pw, io.Discard, func(string) string { return "" })
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	lines := bufio.NewScanner(pr)
	base := ""
	for base == "" && lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "Outreach is listening on "); ok {
			base = strings.TrimSuffix(rest, "/")
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" {
		t.Fatalf("serve --dev printed no listening line")
	}
	frFile := filepath.Join(content, "safety", "fr.md")
	original, err := os.ReadFile(frFile)
	if err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(frFile, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, base+"/fr/safety", 200, "Sécurité dans la rue")

	write(strings.Replace(string(original), "Sécurité dans la rue", "Sécurité en ville", 1))
	waitFor(t, base+"/fr/safety", 200, "Sécurité en ville")

	write(strings.Replace(string(original), "Marchez dans", "Marchez {{phone.nope}} dans", 1))
	waitFor(t, base+"/fr/safety", 500, filepath.Join(content, "safety", "fr.md")+":12</code>: unknown placeholder {{phone.nope}}")
	waitFor(t, base+"/en/safety", 200, "Street safety")
	waitFor(t, base+"/fr/fraud", 200, "Fraudes et arnaques")

	write(string(original))
	waitFor(t, base+"/fr/safety", 200, "Sécurité dans la rue")
}

// waitFor polls url until it answers status with want in the body. The deadline only
// keeps a broken reload from hanging the test.
func waitFor(t *testing.T, url string, status int, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == status && strings.Contains(string(body), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s=%d, want %d with %q; body:\n%.2000s", url, res.StatusCode, status, want, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
