package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/outreach-project/outreach/internal/store/sqlstore"
)

// registerAuditHead exposes the audit log's newest sequence number as a gauge: it only
// ever grows, so a fall means events were deleted.
func registerAuditHead(reg *prometheus.Registry, audits sqlstore.Audits) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "outreach_audit_head_seq",
		Help: "Sequence number of the newest audit event; it never falls unless events were deleted."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h, err := audits.Head(ctx)
		if err != nil {
			return -1
		}
		return float64(h.Seq)
	}))
}

// headLog logs the audit head (sequence and hash, nothing else) at most once a day, so
// that a copy of it lives in the log collector, apart from the database.
type headLog struct {
	audits sqlstore.Audits
	logger *slog.Logger
	mu     sync.Mutex
	last   time.Time
}

func (h *headLog) maybeLog(ctx context.Context, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.last.IsZero() && now.Sub(h.last) < 24*time.Hour {
		return
	}
	head, err := h.audits.Head(ctx)
	if err != nil {
		h.logger.Warn("audit head", slog.String("error", err.Error()))
		return
	}
	h.last = now
	h.logger.Info("audit head", slog.String("head", head.String()))
}
