package notify_test

import (
	"time"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/notify"
	"github.com/outreach-project/outreach/internal/site"
)

func mustLocales() *locale.Registry {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		panic(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		panic(err)
	}
	return reg
}

func mustUI() *i18n.Catalog {
	ui, err := i18n.Load(outreach.Locales(), mustLocales())
	if err != nil {
		panic(err)
	}
	return ui
}

func envelope() *notify.Envelope {
	return &notify.Envelope{ID: 1, Kind: dispatch.NotifyOffer, RequestID: 3, OfferID: 9, Role: "interpreter",
		To:      notify.Recipient{UserID: 5, Email: "i@example.org", Phone: "+14165550100", Locale: "fr"},
		Request: notify.RequestFacts{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now, StartsAt: time.Now(), DurationMinutes: 30, Confidential: true}}
}
