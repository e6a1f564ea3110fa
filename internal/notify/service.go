package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Store is what delivery needs from storage. Methods return apperr NotFound for a
// missing row.
type Store interface {
	// LoadNotification reads a notification with its recipient and request facts.
	LoadNotification(ctx context.Context, id int64) (*Envelope, error)
	// ClaimDelivery records an attempt on a channel at a time, unless the message already
	// went out on it (a retried job must not send it again) or the user has had
	// perMinute messages, sent or being sent, in the minute before (0: no limit). The
	// check and the claim are one transaction, so concurrent deliveries to one person
	// cannot together pass the limit.
	ClaimDelivery(ctx context.Context, notificationID int64, channel string, userID int64, at time.Time, perMinute int) (Claim, error)
	MarkSent(ctx context.Context, notificationID int64, channel string, at time.Time) error
	MarkFailed(ctx context.Context, notificationID int64, channel string) error
	// ScheduleDelivery makes a durable job to try the notification's channel index at.
	ScheduleDelivery(ctx context.Context, notificationID int64, channel int, at time.Time) error
}

// Claim is what a claim on a delivery found.
type Claim int

// What ClaimDelivery returns.
const (
	// Claimed: this try may send.
	Claimed Claim = iota
	// AlreadySent: the channel delivered the message before; nothing to do.
	AlreadySent
	// RateLimited: the recipient has had enough messages this minute; try later.
	RateLimited
)

// ErrSnooze asks the job runner to try again after a delay without counting a failure.
type ErrSnooze struct{ After time.Duration }

func (e ErrSnooze) Error() string { return fmt.Sprintf("notify: snooze %v", e.After) }

// SnoozeFor tells the job runner how long to wait.
func (e ErrSnooze) SnoozeFor() time.Duration { return e.After }

// Deps is what the delivery service is built on.
type Deps struct {
	Store    Store
	Composer *Composer
	// Channels in the order a person is tried: the first that reaches them first.
	Channels []Channel
	Now      func() time.Time
	// Logger is told of failed tries; nil discards.
	Logger *slog.Logger
	// Unreachable is told when no channel reached the interpreter of an offer, so that
	// escalation moves on at once; nil is fine.
	Unreachable func(ctx context.Context, offerID int64) error
	// RatePerMinute bounds messages to one person per minute; more wait (0: no bound).
	RatePerMinute int
	// Observe is told each try's channel and result ("sent", "retry", "failed"); nil is
	// fine.
	Observe func(channel, result string)
}

// Service delivers notifications.
type Service struct {
	store         Store
	composer      *Composer
	channels      []Channel
	now           func() time.Time
	logger        *slog.Logger
	onUnreachable func(ctx context.Context, offerID int64) error
	ratePerMinute int
	observe       func(channel, result string)
}

// NewService builds the service; a store, a composer and a clock are required.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Composer == nil || d.Now == nil {
		return nil, errors.New("notify: a store, a composer and a clock are required")
	}
	s := &Service{store: d.Store, composer: d.Composer, channels: d.Channels, now: d.Now, logger: d.Logger,
		onUnreachable: d.Unreachable, ratePerMinute: d.RatePerMinute, observe: d.Observe}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.observe == nil {
		s.observe = func(string, string) {}
	}
	return s, nil
}

// Close releases what the channels keep open between messages (SMTP connections).
func (s *Service) Close() error {
	var errs []error
	for _, c := range s.channels {
		if closer, ok := c.(io.Closer); ok {
			errs = append(errs, closer.Close())
		}
	}
	return errors.Join(errs...)
}

// ChannelCount is how many channels the service can send on.
func (s *Service) ChannelCount() int { return len(s.channels) }

// FailoverAfter is how long a channel may keep failing before the next one is tried.
const FailoverAfter = 30 * time.Second

// reaching returns the channels that reach r, in order.
func (s *Service) reaching(r Recipient) []Channel {
	var out []Channel
	for _, c := range s.channels {
		if c.Reaches(r) {
			out = append(out, c)
		}
	}
	return out
}

// Deliver tries notification id on the recipient's channel index. firstTry is when this
// channel was first tried. A returned error makes the job retry with backoff.
func (s *Service) Deliver(ctx context.Context, id int64, index int, firstTry time.Time) error {
	env, err := s.store.LoadNotification(ctx, id)
	if err != nil {
		return err
	}
	chans := s.reaching(env.To)
	switch {
	case len(chans) == 0:
		return nil // no channel reaches them: the in-app feed is their channel
	case index >= len(chans):
		return s.unreachable(ctx, env) // every channel was tried and failed
	}
	ch := chans[index]
	now := s.now()
	claim, err := s.store.ClaimDelivery(ctx, id, ch.Name(), env.To.UserID, now, s.ratePerMinute)
	switch {
	case err != nil:
		return err
	case claim == AlreadySent:
		return nil
	case claim == RateLimited:
		return ErrSnooze{After: rateLimitedWait()}
	}
	sendErr := ch.Send(ctx, s.composer.Compose(env, ch.Name()), env.To)
	if sendErr == nil {
		s.observe(ch.Name(), "sent")
		return s.store.MarkSent(ctx, id, ch.Name(), s.now())
	}
	// Only the kind and ids: a channel's error never carries the message.
	s.logger.Warn("delivery failed", slog.Int64("notification", id), slog.String("channel", ch.Name()),
		slog.Bool("permanent", IsPermanent(sendErr)), slog.String("error", sendErr.Error()))
	if IsPermanent(sendErr) || now.Sub(firstTry) >= FailoverAfter {
		s.observe(ch.Name(), "failed")
		if err := s.store.MarkFailed(ctx, id, ch.Name()); err != nil {
			return err
		}
		return s.store.ScheduleDelivery(ctx, id, index+1, s.now())
	}
	s.observe(ch.Name(), "retry")
	return sendErr
}

// rateLimitedWait is how long a message over its recipient's rate limit waits before it
// is tried again: 5 to 60 s, at random, so that a person sent hundreds of messages at
// once (every request in a language offered to its one interpreter on call) does not
// have all of them retried together every few seconds, each retry a read and a write.
func rateLimitedWait() time.Duration {
	return 5*time.Second + rand.N(55*time.Second)
}

func (s *Service) unreachable(ctx context.Context, env *Envelope) error {
	s.logger.Warn("recipient unreachable", slog.Int64("notification", env.ID), slog.String("kind", env.Kind))
	if env.OfferID == 0 || env.Kind != "offer" || s.onUnreachable == nil {
		return nil
	}
	if err := s.onUnreachable(ctx, env.OfferID); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Event is one notification as a live update: its kind and ids only, never content.
type Event struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	RequestID int64     `json:"request_id"`
	OfferID   int64     `json:"offer_id,omitempty"`
	At        time.Time `json:"at"`
}
