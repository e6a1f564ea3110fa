package flowtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
)

// TestStreamEndsOnDeactivation: a live event stream opened before its account was
// deactivated ends by the next heartbeat; it does not keep a departed person informed.
func TestStreamEndsOnDeactivation(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	adv := sys.User("adv", auth.Advocate, "en")
	sys.User("admin", auth.Admin, "en")
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sys.API.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+sys.Token["adv"])
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("event stream: %v %v", res, err)
	}
	ended := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, res.Body); ended <- err }()
	sys.MustCall("admin", "POST", fmt.Sprintf("/api/v1/users/%d/deactivate", adv.ID), "", 200)
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("stream ended with %v, want the server to close it", err)
		}
	case <-ctx.Done():
		t.Fatalf("the stream of a deactivated account is still open after 40 s")
	}
}
