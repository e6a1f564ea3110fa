package public

import (
	"embed"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/search"
	"github.com/outreach-project/outreach/server/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the public pages, each parsed with the shared layout.
var pageNames = []string{"index", "pamphlet", "search", "notfound"}

// Server serves the public side: pamphlets, the index, the sitemap, the kiosks and
// static files. It holds no accounts and knows nothing of interpreter requests.
type Server struct {
	*web.Base
	Pamphlets *pamphlet.Catalog
	e         *echo.Echo
	views     *web.Views
	pages     *pageCache
	searchIx  *pendingIndex
	homes     map[string][]string // a locale's id -> the Location header of "/" for it
}

// New builds the public side on base for the pamphlets; kiosks are a deployment's
// kiosks.toml, or nil for the built-in ones. Templates are parsed here, once.
func New(base *web.Base, pamphlets *pamphlet.Catalog, kiosks *kiosk.Config) (*Server, error) {
	return newServer(base, pamphlets, kiosks, search.New)
}

// newServer is New with the function that builds the search index.
func newServer(base *web.Base, pamphlets *pamphlet.Catalog, kiosks *kiosk.Config, index func(*pamphlet.Catalog) *search.Index) (*Server, error) {
	v, err := web.ParseViews(base.UI, base.Site, base.Locales, web.ViewSet{LayoutFS: web.Templates, Layout: "templates/layout.html",
		PagesFS: templateFS, Prefix: "templates/", Pages: pageNames})
	if err != nil {
		return nil, err
	}
	s := &Server{Base: base, Pamphlets: pamphlets, views: v,
		pages: newPageCache(4 * len(base.Locales.All()) * (len(pamphlets.All()) + 1))}
	// No compression middleware: every response worth compressing is compressed once
	// when it is made (web.Encoded) and never per request.
	s.homes = make(map[string][]string)
	for _, l := range base.Locales.All() {
		s.homes[l.ID] = []string{"/" + l.ID + "/"}
	}
	s.e = base.NewEcho()
	s.e.HTTPErrorHandler = s.handleError
	if kiosks == nil {
		kiosks = s.builtInKiosks()
	}
	if err := s.routes(kiosks); err != nil {
		return nil, err
	}
	// Started last, so that a server that fails to build leaves no indexing behind.
	s.searchIx = buildIndex(pamphlets, index, base.Logger)
	return s, nil
}

func (s *Server) routes(kiosks *kiosk.Config) error {
	get := func(path string, h echo.HandlerFunc) {
		s.e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	s.OpsRoutes(s.e, false)
	get("/sitemap.xml", s.sitemap)
	get("/robots.txt", s.robots)
	get("/static/:file", s.Static)
	k, err := newKioskSite(s, kiosks)
	if err != nil {
		return fmt.Errorf("public: kiosks: %w", err)
	}
	get("/kiosk", k.serve)
	get("/kiosk/*", k.serve)
	get("/", s.home)
	get("/:locale", s.localeOrSlug)
	get("/:locale/", s.index)
	get("/:locale/search", s.search)
	get("/:locale/:slug", s.pamphlet)
	return nil
}

// ServeHTTP makes the public side an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// robots allows every crawler and names the sitemap.
func (s *Server) robots(c echo.Context) error {
	return s.sendCached(c, "text/plain; charset=utf-8", "public, max-age=86400", func() ([]byte, error) {
		return []byte("User-agent: *\nAllow: /\nSitemap: " + s.RequestBaseURL(c) + "/sitemap.xml\n"), nil
	})
}

// mustAsset is a static file the kiosk needs; the embedded files always have it.
func (s *Server) mustAsset(name string) *web.Asset {
	a, ok := s.Asset(name)
	if !ok {
		s.Logger.Error("missing static file", slog.String("file", name))
		return &web.Asset{}
	}
	return a
}
