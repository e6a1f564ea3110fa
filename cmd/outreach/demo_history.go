package main

import (
	"context"
	"fmt"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
)

// demoOutcome is what happens to a past request.
type demoOutcome int

const (
	acceptedByPrimary demoOutcome = iota
	acceptedBySecondary
	handedToFallback
	cancelledByAdvocate
)

// demoNotes are made-up notes an advocate might write; no real case.
var demoNotes = []string{
	"Victim is at the hospital with a support worker; call the nurses' station first.",
	"Prefers to speak with a woman. Children present.",
	"Statement at the division; about an hour.",
	"Follow-up call about a court date.",
	"",
}

// addHistory files past requests through the dispatch service on a clock set in the
// past: about ten a month for the last five months and this month so far. Each is
// accepted by the on-call primary, accepted by the secondary after the primary's time
// runs out, handed to the fallback line, or cancelled.
func (d *demoSeed) addHistory(ctx context.Context) error {
	var at time.Time
	past, err := dispatch.NewService(dispatch.Deps{Store: d.data.Store, Now: func() time.Time { return at }, Location: d.data.Dispatch.Location(),
		FallbackLine: d.data.Dispatch.FallbackLine()})
	if err != nil {
		return err
	}
	rnd := demoRand()
	loc := d.data.Dispatch.Location()
	thisMonth := dispatch.MonthOf(d.now, loc)
	for back := 5; back >= 0; back-- {
		start := thisMonth.Add(-back).Start(loc)
		for n := 0; n < 10; n++ {
			at = start.Add(time.Duration(rnd.IntN(28*24*60)) * time.Minute)
			if !at.Before(d.now.Add(-3 * time.Hour)) {
				continue // this month's requests stop a few hours ago
			}
			lang := demoLanguages[rnd.IntN(len(demoLanguages))].tags[0]
			if rnd.IntN(2) == 0 {
				lang = []string{"ar", "fa", "zh-Hans", "es", "pa", "ta"}[rnd.IntN(6)] // the busiest languages
			}
			outcome := []demoOutcome{acceptedByPrimary, acceptedByPrimary, acceptedByPrimary, acceptedByPrimary, acceptedByPrimary,
				acceptedBySecondary, acceptedBySecondary, handedToFallback, cancelledByAdvocate, cancelledByAdvocate}[rnd.IntN(10)]
			caseType := []dispatch.CaseType{dispatch.General, dispatch.General, dispatch.General, dispatch.DomesticViolence,
				dispatch.SexualViolence, dispatch.OtherCase}[rnd.IntN(6)]
			in := dispatch.RequestInput{Language: lang, Modality: []dispatch.Modality{dispatch.Phone, dispatch.Phone, dispatch.Video}[rnd.IntN(3)],
				Urgency: dispatch.Now, DurationMinutes: []int{30, 45, 60, 90}[rnd.IntN(4)], CaseType: caseType, Notes: demoNotes[rnd.IntN(len(demoNotes))]}
			wait := time.Duration(15+rnd.IntN(70)) * time.Second
			if err := d.pastRequest(ctx, past, &at, in, outcome, wait); err != nil {
				return fmt.Errorf("past request at %s: %w", at.Format(time.RFC3339), err)
			}
		}
	}
	return nil
}

// pastRequest files one request at *at and plays its outcome, moving *at on.
func (d *demoSeed) pastRequest(ctx context.Context, svc *dispatch.Service, at *time.Time, in dispatch.RequestInput, outcome demoOutcome, wait time.Duration) error {
	advocate := d.staff[auth.Advocate]
	r, err := svc.CreateRequest(ctx, advocate, in)
	if err != nil {
		return err
	}
	switch outcome {
	case cancelledByAdvocate:
		*at = at.Add(wait)
		_, err = svc.Cancel(ctx, advocate, r.ID)
		return err
	case handedToFallback:
		return d.expireAll(ctx, svc, at, r.ID)
	case acceptedBySecondary:
		if err := d.expire(ctx, svc, at, r.ID); err != nil {
			return err
		}
	}
	*at = at.Add(wait)
	accepted, err := d.acceptPending(ctx, svc, in.Language, r.ID)
	if err != nil || !accepted {
		return err // nobody was offered it: it went to the fallback line already
	}
	*at = at.Add(time.Duration(in.DurationMinutes) * time.Minute)
	_, err = svc.Complete(ctx, advocate, r.ID)
	return err
}

// expire lets the current escalation step's time run out.
func (d *demoSeed) expire(ctx context.Context, svc *dispatch.Service, at *time.Time, id int64) error {
	v, err := svc.Request(ctx, d.staff[auth.Advocate], id)
	if err != nil || v.Status.Closed() || v.DeadlineAt == nil {
		return err
	}
	*at = v.DeadlineAt.Add(time.Second)
	return svc.Deadline(ctx, id, v.Step)
}

// expireAll lets every step's time run out, until the request goes to the fallback line.
func (d *demoSeed) expireAll(ctx context.Context, svc *dispatch.Service, at *time.Time, id int64) error {
	for range 10 {
		if err := d.expire(ctx, svc, at, id); err != nil {
			return err
		}
	}
	return nil
}

// acceptPending accepts the request as the first of its language's interpreters who has
// a pending offer for it; false if none has.
func (d *demoSeed) acceptPending(ctx context.Context, svc *dispatch.Service, lang string, id int64) (bool, error) {
	for _, i := range d.byLanguage[lang] {
		u := d.users[i.ID]
		offers, err := svc.Offers(ctx, u, dispatch.OfferPending)
		if err != nil {
			return false, err
		}
		for _, o := range offers {
			if o.RequestID == id {
				_, err := svc.Accept(ctx, u, o.ID)
				return err == nil, err
			}
		}
	}
	return false, nil
}

// addUpcoming books an interpreter for tomorrow morning, so that the board and the
// interpreter's assignments show something ahead.
func (d *demoSeed) addUpcoming(ctx context.Context) error {
	loc := d.data.Dispatch.Location()
	t := d.now.In(loc).AddDate(0, 0, 1)
	starts := time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, loc)
	r, err := d.data.Dispatch.CreateRequest(ctx, d.staff[auth.Advocate], dispatch.RequestInput{Language: "es", Modality: dispatch.InPerson,
		Urgency: dispatch.Scheduled, StartsAt: &starts, DurationMinutes: 60, CaseType: dispatch.General,
		Location: "Victim Services office, 40 College Street, room 210 (made up)", Notes: "Witness statement with a detective."})
	if err != nil {
		return err
	}
	_, err = d.acceptPending(ctx, d.data.Dispatch, "es", r.ID)
	return err
}
