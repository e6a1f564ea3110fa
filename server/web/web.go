package web

import (
	"fmt"
	"log/slog"
	"net"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// Deps is what both sides share, built once by the command.
type Deps struct {
	Site    *site.Site
	Locales *locale.Registry
	UI      *i18n.Catalog
	Logger  *slog.Logger
	// BaseURL is the public URL for absolute links ("https://outreach.example.org");
	// empty means the request's own scheme and host.
	BaseURL string
	// TrustedProxies are the reverse proxies whose forwarded headers are believed.
	TrustedProxies []*net.IPNet
	// Metrics is the registry /metrics serves (nil: no /metrics); DB answers /readyz.
	Metrics *prometheus.Registry
	DB      Pinger
}

// Base is what both sides' handlers are built on: the error page, negotiation, static
// files, request logging and metrics. One Base serves both sides, so that the metrics
// are registered once.
type Base struct {
	Deps
	assets   map[string]*Asset // by file name
	byPath   map[string]*Asset // by hashed path
	errViews *Views
	metrics  *httpMetrics
	// localeCookies are RememberLocale's Set-Cookie lines by locale, [plain, Secure].
	localeCookies map[string][2][]string
}

// New parses the error page; the static files are hashed and compressed the first time
// a Base is built (or PrepareStatic is called) and shared by every Base after.
func New(d Deps) (*Base, error) {
	assets, err := staticAssets()
	if err != nil {
		return nil, fmt.Errorf("web: load static files: %w", err)
	}
	errViews, err := ParseViews(d.UI, d.Site, d.Locales, ViewSet{LayoutFS: Templates, Layout: "templates/layout.html",
		PagesFS: Templates, Prefix: "templates/", Pages: []string{"error"}})
	if err != nil {
		return nil, err
	}
	b := &Base{Deps: d, assets: assets, byPath: make(map[string]*Asset), errViews: errViews, localeCookies: newLocaleCookies(d.Locales)}
	for _, a := range assets {
		b.byPath[a.Path] = a
	}
	if d.Metrics != nil {
		b.metrics = newHTTPMetrics(d.Metrics)
	}
	return b, nil
}

// maxBody bounds request bodies.
const maxBody = "64K"

// NewEcho is an Echo with what every side needs: client addresses from the connection
// (or a trusted proxy), the one error handler, request logging and metrics, panic
// recovery, security headers and a body limit; then the side's own middleware.
func (s *Base) NewEcho(more ...echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// Client addresses come from the connection: forwarded headers are trusted only once
	// a reverse proxy is configured, never by default (they are the client's to forge).
	e.IPExtractor = echo.ExtractIPDirect()
	if len(s.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range s.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	}
	e.HTTPErrorHandler = s.HandleError
	e.Use(s.standard)
	e.Use(more...)
	return e
}

// limitBody is Echo's body limit, built once (building it parses maxBody).
var limitBody = middleware.BodyLimit(maxBody)

// isAPI says whether a path belongs to the JSON API, whose errors are JSON.
func (s *Base) isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }
