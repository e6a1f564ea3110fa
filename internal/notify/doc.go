// Package notify owns the messages the system owes people: composing them in the
// recipient's language (never with a confidential request's details), and delivering
// them through durable jobs over each person's channels in order — a signed webhook for
// SMS, voice or push gateways, then SMTP email — with an idempotency key per message and
// channel, retries with backoff, a per-recipient rate limit and failover to the next
// channel after a hard failure or 30 seconds without success.
//
// It imports the SMTP library and net/http for its channels, and the domain packages; it
// never imports Echo, database/sql or a driver: storage comes in through Store.
package notify
