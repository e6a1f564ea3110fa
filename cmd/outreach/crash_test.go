package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// binary builds the outreach command once per test.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "outreach")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lastLine runs the binary and returns the last line of its output.
func lastLine(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("outreach %v: %v\n%s", args, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// startServe runs serve and returns its base URL and the command.
func startServe(t *testing.T, bin string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	var logs bytes.Buffer // written by exec's copying goroutine; read after Wait
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() { // "signal: killed" unless it stopped on its own
			t.Logf("serve %v: %v; its log:\n%s", args, cmd.ProcessState, lastBytes(logs.Bytes(), 4096))
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve did not start: %v", err)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "Outreach is listening on ")), cmd
}

// lastBytes is at most the last n bytes of b.
func lastBytes(b []byte, n int) []byte { return b[max(0, len(b)-n):] }

type client struct {
	t     *testing.T
	base  string
	token string
}

func (c client) do(method, path, body string, out any) int {
	c.t.Helper()
	req, _ := http.NewRequest(method, strings.TrimSuffix(c.base, "/")+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, data)
		}
	}
	return res.StatusCode
}

type requestView struct {
	ID         int64      `json:"id"`
	Status     string     `json:"status"`
	DeadlineAt *time.Time `json:"deadline_at"`
	Events     []struct {
		At   time.Time `json:"at"`
		To   string    `json:"to"`
		Note string    `json:"note"`
	} `json:"events"`
}

// TestCrashKeepsDeadlines kills serve with SIGKILL while two escalation deadlines are
// pending; after a restart each fires exactly once, within a second of its time.
func TestCrashKeepsDeadlines(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for about 20 s; skipped with -short")
	}
	bin := binary(t)
	data := filepath.Join(t.TempDir(), "data")
	lastLine(t, bin, "user", "add", "--data", data, "--role", "coordinator", "--email", "c@example.org", "--name", "C")
	lastLine(t, bin, "user", "add", "--data", data, "--role", "advocate", "--email", "a@example.org", "--name", "A")
	coord := lastLine(t, bin, "token", "create", "--data", data, "--email", "c@example.org")
	adv := lastLine(t, bin, "token", "create", "--data", data, "--email", "a@example.org")

	base, cmd := startServe(t, bin, "--data", data)
	c, a := client{t, base, coord}, client{t, base, adv}
	if code := c.do("POST", "/api/v1/interpreters", `{"name":"I","email":"i@example.org","languages":["so"],"modalities":["phone"]}`, nil); code != 201 {
		t.Fatalf("create interpreter: %d", code)
	}
	now := time.Now().UTC()
	shift := fmt.Sprintf(`{"interpreter_id":1,"language":"so","level":"primary","starts_at":%q,"ends_at":%q}`, now.Add(-time.Hour).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339))
	if code := c.do("POST", "/api/v1/shifts", shift, nil); code != 201 {
		t.Fatalf("create shift: %d", code)
	}
	if code := c.do("PUT", "/api/v1/escalation-policies/so", `{"steps":[{"targets":["primary"],"timeout_seconds":15}]}`, nil); code != 200 {
		t.Fatalf("put policy: %d", code)
	}
	var reqs []requestView
	for range 2 {
		var r requestView
		if code := a.do("POST", "/api/v1/requests", `{"language":"so","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, &r); code != 201 || r.Status != "offered" {
			t.Fatalf("create request: %d %+v", code, r)
		}
		reqs = append(reqs, r)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	time.Sleep(time.Second)

	base, _ = startServe(t, bin, "--data", data)
	a.base = base
	for _, r := range reqs {
		deadline := *r.DeadlineAt
		var got requestView
		for time.Until(deadline) > -10*time.Second {
			if a.do("GET", fmt.Sprintf("/api/v1/requests/%d", r.ID), "", &got); got.Status == "fallback" {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		fired := 0
		for _, e := range got.Events {
			if e.To == "fallback" {
				fired++
				if late := e.At.Sub(deadline); late < 0 || late > time.Second {
					t.Fatalf("request %d: deadline fired %v after its time, want within 1 s", r.ID, late)
				}
			}
		}
		if got.Status != "fallback" || fired != 1 {
			t.Fatalf("request %d after restart: status %s, fired %d times; want fallback once", r.ID, got.Status, fired)
		}
	}
}
