// Package flowtest runs the whole program in the test process — real SQLite, River jobs,
// the HTTP server, a real SMTP server (go-smtp) and a webhook receiver — to test what
// leaves the system: messages, webhooks, live events and logs.
package flowtest
