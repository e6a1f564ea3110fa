package flowtest

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // reads the data directory's database after the run
)

// The fault proofs run the real binary. Their CI versions are short; bench/faults.sh
// runs the long ones (OUTREACH_FAULT_SECONDS).
func faultSeconds(t *testing.T, short int) time.Duration {
	t.Helper()
	if v := os.Getenv("OUTREACH_FAULT_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("OUTREACH_FAULT_SECONDS=%q: %v", v, err)
		}
		return time.Duration(n) * time.Second
	}
	return time.Duration(short) * time.Second
}

// buildBinary builds the outreach command once per test binary.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "outreach-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "outreach")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/outreach-project/outreach/cmd/outreach").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func mustBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// cli runs the binary and returns the last line of its output.
func cli(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("outreach %v: %v\n%s", args, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// serveProcess is one running outreach serve.
type serveProcess struct {
	cmd  *exec.Cmd
	base string
}

func startServe(t *testing.T, bin string, args ...string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve did not start: %v", err)
	}
	return &serveProcess{cmd: cmd, base: strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "Outreach is listening on ")), "/")}
}

func (p *serveProcess) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
}

// call sends an API request to base with a bearer token; status 0 means no answer (the
// server was down or died mid-request).
func call(base, token, method, path, body string, out any) int {
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return 0
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			return 0
		}
	}
	return res.StatusCode
}

// TestCrashLosesNothing files requests and accepts offers without pause while serve is
// killed with SIGKILL at random moments and restarted. Afterwards: every request that
// was answered 201 exists, none has two accepted interpreters, and every open request
// has a deadline in the future (deadlines that passed while serve was down fired on
// restart).
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	bin, data := mustBinary(t), filepath.Join(t.TempDir(), "data")
	cli(t, bin, "user", "add", "--data", data, "--role", "coordinator", "--email", "c@example.org", "--name", "C")
	cli(t, bin, "user", "add", "--data", data, "--role", "advocate", "--email", "a@example.org", "--name", "A")
	coord := cli(t, bin, "token", "create", "--data", data, "--email", "c@example.org")
	adv := cli(t, bin, "token", "create", "--data", data, "--email", "a@example.org")

	srv := startServe(t, bin, "--data", data)
	now := time.Now().UTC()
	var interpreters []string
	for i := range 3 {
		email := fmt.Sprintf("i%d@example.org", i)
		var in struct{ ID int64 }
		if code := call(srv.base, coord, "POST", "/api/v1/interpreters", `{"name":"I","email":"`+email+`","languages":["so"],"modalities":["phone"]}`, &in); code != 201 {
			t.Fatalf("create interpreter: %d", code)
		}
		shift := fmt.Sprintf(`{"interpreter_id":%d,"language":"so","level":"primary","starts_at":%q,"ends_at":%q}`, in.ID, now.Add(-time.Hour).Format(time.RFC3339), now.Add(3*time.Hour).Format(time.RFC3339))
		if code := call(srv.base, coord, "POST", "/api/v1/shifts", shift, nil); code != 201 {
			t.Fatalf("create shift: %d", code)
		}
		interpreters = append(interpreters, cli(t, bin, "token", "create", "--data", data, "--email", email))
	}
	if code := call(srv.base, coord, "PUT", "/api/v1/escalation-policies/so", `{"steps":[{"targets":["primary"],"timeout_seconds":15}]}`, nil); code != 200 {
		t.Fatalf("put policy: %d", code)
	}

	var base atomic.Value
	base.Store(srv.base)
	var mu sync.Mutex
	var filed []int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // an advocate filing requests
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			var r struct{ ID int64 }
			if call(base.Load().(string), adv, "POST", "/api/v1/requests", `{"language":"so","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, &r) == 201 {
				mu.Lock()
				filed = append(filed, r.ID)
				mu.Unlock()
			}
		}
	}()
	for _, tok := range interpreters { // interpreters accepting what they are offered
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var offers []struct{ ID int64 }
				if call(base.Load().(string), tok, "GET", "/api/v1/offers?status=pending", "", &offers) == 200 && len(offers) > 0 {
					call(base.Load().(string), tok, "POST", fmt.Sprintf("/api/v1/offers/%d/accept", offers[rand.IntN(len(offers))].ID), "", nil)
				}
			}
		}()
	}
	kills := 0
	for end := time.Now().Add(faultSeconds(t, 12)); time.Now().Before(end); kills++ {
		time.Sleep(time.Duration(300+rand.IntN(1700)) * time.Millisecond)
		srv.kill()
		srv = startServe(t, bin, "--data", data)
		base.Store(srv.base)
	}
	close(stop)
	wg.Wait()
	srv.kill()
	srv = startServe(t, bin, "--data", data)

	mu.Lock()
	defer mu.Unlock()
	if len(filed) == 0 || kills == 0 {
		t.Fatalf("filed %d requests across %d kills; the test proved nothing", len(filed), kills)
	}
	for _, id := range filed {
		if code := call(srv.base, adv, "GET", fmt.Sprintf("/api/v1/requests/%d", id), "", nil); code != 200 {
			t.Fatalf("request %d was answered 201 but is now %d after %d kills", id, code, kills)
		}
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "outreach.db")+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var doubled int
	if err := db.QueryRow(`SELECT count(*) FROM (SELECT request_id FROM offers WHERE status = 'accepted' GROUP BY request_id HAVING count(*) > 1)`).Scan(&doubled); err != nil {
		t.Fatal(err)
	}
	if doubled != 0 {
		t.Fatalf("%d requests have two accepted interpreters", doubled)
	}
	var accepted int
	_ = db.QueryRow(`SELECT count(*) FROM requests WHERE status = 'accepted'`).Scan(&accepted)
	// Deadlines that passed while serve was down fire on restart; then none is overdue.
	Eventually(t, 60*time.Second, "every open request's deadline in the future", func() bool {
		var overdue int
		err := db.QueryRow(`SELECT count(*) FROM requests WHERE status IN ('open', 'offered') AND (deadline_at IS NULL OR deadline_at < ?)`,
			time.Now().Add(-time.Second).UnixMilli()).Scan(&overdue)
		return err == nil && overdue == 0
	})
	t.Logf("%d requests filed, %d accepted, %d kills", len(filed), accepted, kills)
}
