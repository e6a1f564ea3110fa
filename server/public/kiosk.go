package public

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/server/web"
)

// builtInKiosks is the embedded content/kiosks.toml, or, when it does not fit the
// deployment's locales, one kiosk with every locale.
func (s *Server) builtInKiosks() *kiosk.Config {
	cfg, err := kiosk.LoadContent(outreach.Content(), "content", s.Site.Name, s.Locales)
	if err != nil {
		s.Logger.Warn("built-in kiosk file does not fit the site; using one default kiosk", slog.String("error", err.Error()))
		return kiosk.Default(s.Site.Name, s.Locales)
	}
	return cfg
}

// kioskSite serves the kiosks of one configuration. Every file of a kiosk — pages, QR
// codes, service worker — is rendered together, once per base URL, because the service
// worker's cache name is a hash of them all.
type kioskSite struct {
	s     *Server
	cfg   *kiosk.Config
	views *web.Views

	mu      sync.Mutex
	bundles map[string]*bundleEntry // by base URL and kiosk key
	indexes map[string]*indexEntry  // search index scripts, by locale
}

// maxKioskBundles bounds the rendered bundles: one a kiosk for the configured base URL,
// a few more for hosts a request names when none is configured.
const maxKioskBundles = 32

func newKioskSite(s *Server, cfg *kiosk.Config) (*kioskSite, error) {
	v, err := newKioskViews(s)
	if err != nil {
		return nil, err
	}
	return &kioskSite{s: s, cfg: cfg, views: v, bundles: make(map[string]*bundleEntry), indexes: make(map[string]*indexEntry)}, nil
}

// serve answers every /kiosk path from the kiosk's rendered bundle.
func (k *kioskSite) serve(c echo.Context) error {
	p := c.Request().URL.Path
	key, _, _ := strings.Cut(strings.TrimPrefix(p, "/kiosk/"), "/")
	if p == "/kiosk" || p == "/kiosk/" {
		return c.Redirect(http.StatusFound, kioskHome(k.cfg.Default.Key))
	}
	ks, ok := k.cfg.Get(key)
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown kiosk")
	}
	b, err := k.bundle(k.s.RequestBaseURL(c), ks)
	if err != nil {
		return err
	}
	if f, ok := b.files[p]; ok {
		if l, ok := k.searchLocale(ks, p); ok && c.QueryParam("q") != "" {
			return k.serveSearch(c, &kioskRender{s: k.s, ks: ks, base: k.s.RequestBaseURL(c), mode: serverLinks}, l, strings.TrimSpace(c.QueryParam("q")))
		}
		return f.encoded().Serve(c)
	}
	if to, ok := k.canonical(ks, p); ok {
		if raw := c.Request().URL.RawQuery; raw != "" {
			to += "?" + raw // a search keeps its words
		}
		return c.Redirect(http.StatusMovedPermanently, to)
	}
	return apperr.New(apperr.NotFound, "NotFoundBody", "no such kiosk page")
}

// canonical maps a kiosk path missing its trailing slash, or naming a locale by an alias
// or another spelling ("/kiosk/central/prs"), to the path of the page meant.
func (k *kioskSite) canonical(ks *kiosk.Kiosk, p string) (string, bool) {
	rest := strings.TrimPrefix(strings.TrimPrefix(p, "/kiosk/"+ks.Key), "/")
	if rest == "" {
		return kioskHome(ks.Key), true
	}
	segment, tail, _ := strings.Cut(rest, "/")
	l, _, ok := k.s.PathLocale(segment)
	if !ok {
		return "", false
	}
	to := "/kiosk/" + ks.Key + "/" + l.ID + "/" + tail
	return to, to != p
}

// searchLocale is the locale of the search screen at path p, if it is one.
func (k *kioskSite) searchLocale(ks *kiosk.Kiosk, p string) (*locale.Locale, bool) {
	rest, ok := strings.CutSuffix(strings.TrimPrefix(p, kioskHome(ks.Key)), "/search")
	if !ok || strings.Contains(rest, "/") {
		return nil, false
	}
	return k.s.Locales.Get(rest)
}

// bundle returns kiosk ks rendered for base, rendering it once however many requests
// ask at the same time.
func (k *kioskSite) bundle(base string, ks *kiosk.Kiosk) (*kioskBundle, error) {
	id := base + "\x00" + ks.Key
	k.mu.Lock()
	e, ok := k.bundles[id]
	if !ok {
		e = &bundleEntry{}
		if len(k.bundles) < maxKioskBundles {
			k.bundles[id] = e
		}
	}
	k.mu.Unlock()
	e.once.Do(func() { e.b, e.err = k.build(ks, base, serverLinks) })
	return e.b, e.err
}

type bundleEntry struct {
	once sync.Once
	b    *kioskBundle
	err  error
}

func kioskHome(key string) string { return "/kiosk/" + key + "/" }
