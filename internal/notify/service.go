package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Store is what delivery needs from storage. Methods return apperr NotFound for a
// missing row.
type Store interface {
	// LoadNotification reads a notification with its recipient and request facts.
	LoadNotification(ctx context.Context, id int64) (*Envelope, error)
	// ClaimDelivery records an attempt on a channel; sent is true when the message
	// already went out on it (a retried job must not send it again).
	ClaimDelivery(ctx context.Context, notificationID int64, channel string, userID int64, at time.Time) (sent bool, err error)
	MarkSent(ctx context.Context, notificationID int64, channel string, at time.Time) error
	MarkFailed(ctx context.Context, notificationID int64, channel string) error
	// SentSince counts messages sent to a user since a time, for the rate limit.
	SentSince(ctx context.Context, userID int64, since time.Time) (int, error)
	// ScheduleDelivery makes a durable job to try the notification's channel index at.
	ScheduleDelivery(ctx context.Context, notificationID int64, channel int, at time.Time) error
}

// ErrSnooze asks the job runner to try again after a delay without counting a failure.
type ErrSnooze struct{ After time.Duration }

func (e ErrSnooze) Error() string { return fmt.Sprintf("notify: snooze %v", e.After) }

// SnoozeFor tells the job runner how long to wait.
func (e ErrSnooze) SnoozeFor() time.Duration { return e.After }

// Service delivers notifications.
type Service struct {
	Store    Store
	Composer *Composer
	// Channels in the order a person is tried: the first that reaches them first.
	Channels []Channel
	Now      func() time.Time
	Logger   *slog.Logger
	// Unreachable is told when no channel reached the interpreter of an offer, so that
	// escalation moves on at once.
	Unreachable func(ctx context.Context, offerID int64) error
	// RatePerMinute bounds messages to one person per minute; more wait.
	RatePerMinute int
	// Observe is told each try's channel and result ("sent", "retry", "failed"); nil is
	// fine.
	Observe func(channel, result string)
}

func (s *Service) observe(channel, result string) {
	if s.Observe != nil {
		s.Observe(channel, result)
	}
}

// FailoverAfter is how long a channel may keep failing before the next one is tried.
const FailoverAfter = 30 * time.Second

// channels returns the channels that reach r, in order.
func (s *Service) channels(r Recipient) []Channel {
	var out []Channel
	for _, c := range s.Channels {
		if c.Reaches(r) {
			out = append(out, c)
		}
	}
	return out
}

// Deliver tries notification id on the recipient's channel index. firstTry is when this
// channel was first tried. A returned error makes the job retry with backoff.
func (s *Service) Deliver(ctx context.Context, id int64, index int, firstTry time.Time) error {
	env, err := s.Store.LoadNotification(ctx, id)
	if err != nil {
		return err
	}
	chans := s.channels(env.To)
	switch {
	case len(chans) == 0:
		return nil // no channel reaches them: the in-app feed is their channel
	case index >= len(chans):
		return s.unreachable(ctx, env) // every channel was tried and failed
	}
	ch := chans[index]
	now := s.Now()
	if s.RatePerMinute > 0 {
		n, err := s.Store.SentSince(ctx, env.To.UserID, now.Add(-time.Minute))
		if err != nil {
			return err
		}
		if n >= s.RatePerMinute {
			return ErrSnooze{After: 5 * time.Second}
		}
	}
	sent, err := s.Store.ClaimDelivery(ctx, id, ch.Name(), env.To.UserID, now)
	if err != nil || sent {
		return err
	}
	sendErr := ch.Send(ctx, s.Composer.Compose(env, ch.Name()), env.To)
	if sendErr == nil {
		s.observe(ch.Name(), "sent")
		return s.Store.MarkSent(ctx, id, ch.Name(), s.Now())
	}
	// Only the kind and ids: a channel's error never carries the message.
	s.Logger.Warn("delivery failed", slog.Int64("notification", id), slog.String("channel", ch.Name()),
		slog.Bool("permanent", IsPermanent(sendErr)), slog.String("error", sendErr.Error()))
	if IsPermanent(sendErr) || now.Sub(firstTry) >= FailoverAfter {
		s.observe(ch.Name(), "failed")
		if err := s.Store.MarkFailed(ctx, id, ch.Name()); err != nil {
			return err
		}
		return s.Store.ScheduleDelivery(ctx, id, index+1, s.Now())
	}
	s.observe(ch.Name(), "retry")
	return sendErr
}

func (s *Service) unreachable(ctx context.Context, env *Envelope) error {
	s.Logger.Warn("recipient unreachable", slog.Int64("notification", env.ID), slog.String("kind", env.Kind))
	if env.OfferID == 0 || env.Kind != "offer" || s.Unreachable == nil {
		return nil
	}
	if err := s.Unreachable(ctx, env.OfferID); err != nil && !errors.Is(err, context.Canceled) {
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
