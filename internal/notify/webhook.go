package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Webhook posts messages as JSON to an SMS, voice or push gateway, signed with
// HMAC-SHA256 so the gateway can tell they are ours.
type Webhook struct {
	url    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

// SignatureHeader carries "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
const SignatureHeader = "X-Outreach-Signature"

// NewWebhook configures the gateway webhook.
func NewWebhook(rawURL string, secret []byte) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("--webhook-url: want an http(s) URL")
	}
	if len(bytes.TrimSpace(secret)) < 16 {
		return nil, errors.New("--webhook-secret-file: the secret must be at least 16 bytes")
	}
	return &Webhook{url: rawURL, secret: bytes.TrimSpace(secret), client: &http.Client{Timeout: 10 * time.Second}, now: time.Now}, nil
}

// Name is "webhook".
func (w *Webhook) Name() string { return "webhook" }

// Reaches reports whether the recipient has a phone number for the gateway.
func (w *Webhook) Reaches(r Recipient) bool { return r.Phone != "" }

// WebhookPayload is the JSON body of a webhook call.
type WebhookPayload struct {
	ID        string `json:"id"` // idempotency key: drop a repeat
	Kind      string `json:"kind"`
	To        string `json:"to"` // phone number
	Locale    string `json:"locale"`
	Text      string `json:"text"`
	Link      string `json:"link"`
	RequestID int64  `json:"request_id"`
	OfferID   int64  `json:"offer_id,omitempty"`
}

// Send posts one message. 2xx is success; 4xx but 408 and 429 is a hard failure;
// anything else is retried.
func (w *Webhook) Send(ctx context.Context, m *Message, r Recipient) error {
	body, err := json.Marshal(WebhookPayload{ID: m.Key, Kind: m.Kind, To: r.Phone, Locale: m.Locale, Text: m.Text, Link: m.Link, RequestID: m.RequestID, OfferID: m.OfferID})
	if err != nil {
		return Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.Key)
	req.Header.Set(SignatureHeader, Sign(w.secret, w.now(), body))
	res, err := w.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: post: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return nil
	case res.StatusCode == http.StatusRequestTimeout || res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return fmt.Errorf("webhook: status %d", res.StatusCode)
	}
	return Permanent(fmt.Errorf("webhook: status %d", res.StatusCode))
}

// Sign returns the signature header value for body at t.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a signature header as a receiver would: the HMAC must match and the
// timestamp be within tolerance of now (against replays).
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("webhook: malformed signature header")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return errors.New("webhook: signature timestamp out of tolerance")
	}
	want, err := hex.DecodeString(sig)
	if err != nil {
		return errors.New("webhook: malformed signature")
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	if !hmac.Equal(want, mac.Sum(nil)) {
		return errors.New("webhook: signature mismatch")
	}
	return nil
}
