package app

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
	"github.com/outreach-project/outreach/server/public"
	"github.com/outreach-project/outreach/server/web"
)

// Build loads the content and builds the handler that serves it.
type Build func() (http.Handler, *Content, error)

// Live serves the handler built from the latest content that loaded, for "serve --dev".
// When a reload fails, the last good handler keeps serving and the pages the failing
// files make — or every page, for a problem in the site file or the UI strings — show
// the problems instead, with file, line and reason, until a reload succeeds.
type Live struct {
	build  Build
	logger *slog.Logger
	mu     sync.Mutex // one reload at a time
	state  atomic.Pointer[liveState]
}

type liveState struct {
	h        http.Handler
	locales  *locale.Registry // of the last good content
	problems []liveProblem    // of the last reload; none when it succeeded
}

// liveProblem is one problem and the pages it shows on ("" for every page).
type liveProblem struct {
	pamphlet.Problem
	pages map[string]bool
}

// NewLive builds the first handler; it must succeed, as serve without --dev must.
func NewLive(build Build, logger *slog.Logger) (*Live, error) {
	h, c, err := build()
	if err != nil {
		return nil, err
	}
	l := &Live{build: build, logger: logger}
	l.state.Store(&liveState{h: h, locales: c.Locales})
	return l, nil
}

// Reload loads the content again and swaps the handler, or keeps the last good one and
// shows what failed.
func (l *Live) Reload() {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.state.Load()
	h, c, err := l.build()
	if err == nil {
		l.state.Store(&liveState{h: h, locales: c.Locales})
		l.logger.Info("content reloaded")
		return
	}
	l.logger.Warn("content reload failed: the last good content keeps serving", slog.String("error", err.Error()))
	l.state.Store(&liveState{h: old.h, locales: old.locales, problems: problemsOf(err, old.locales)})
}

// problemsOf lists a load error's problems with the pages each shows on: a pamphlet
// file's problem shows on that pamphlet in every locale whose fallback chain reaches
// the file's locale; anything else on every page.
func problemsOf(err error, reg *locale.Registry) []liveProblem {
	var ps pamphlet.Problems
	if !errors.As(err, &ps) {
		p := pamphlet.Problem{Reason: err.Error()}
		var se *site.Error
		if errors.As(err, &se) {
			p = pamphlet.Problem{File: se.File, Line: se.Line, Reason: se.Reason}
		}
		return []liveProblem{{Problem: p}}
	}
	out := make([]liveProblem, 0, len(ps))
	for _, p := range ps {
		out = append(out, liveProblem{Problem: p, pages: pagesOf(p.File, reg)})
	}
	return out
}

func pagesOf(file string, reg *locale.Registry) map[string]bool {
	id := strings.TrimSuffix(filepath.Base(file), ".md")
	slug := filepath.Base(filepath.Dir(file))
	if _, ok := reg.Get(id); !ok {
		return nil
	}
	pages := make(map[string]bool)
	for _, l := range reg.All() {
		for _, c := range l.Chain {
			if c == id {
				pages["/"+l.ID+"/"+slug] = true
			}
		}
	}
	return pages
}

// ServeHTTP serves the current handler, or the problems that concern the page.
func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := l.state.Load()
	if shown := st.shown(r.URL.Path); len(shown) > 0 && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		_ = problemPage.Execute(w, shown)
		return
	}
	st.h.ServeHTTP(w, r)
}

// shown are the problems a page shows. Static files, health checks, metrics and the
// API are never replaced.
func (st *liveState) shown(path string) []pamphlet.Problem {
	for _, prefix := range []string{"/static/", "/api/", "/healthz", "/readyz", "/metrics"} {
		if strings.HasPrefix(path, prefix) {
			return nil
		}
	}
	var out []pamphlet.Problem
	for _, p := range st.problems {
		if p.pages == nil || p.pages[path] {
			out = append(out, p.Problem)
		}
	}
	return out
}

// problemPage is for the editor at the preview, in the language of content check's
// messages; readers never see it (it exists only with --dev).
var problemPage = template.Must(template.New("problems").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Content problem</title>
</head>
<body>
<main>
<h1>This page cannot be shown: the content has a problem</h1>
<p>Fix the file and save it; this page shows the new version when you reload it.</p>
<ul>
{{range .}}<li><code>{{.File}}{{if .Line}}:{{.Line}}{{end}}</code>: {{.Reason}}</li>
{{end}}</ul>
</main>
</body>
</html>
`))

// PublicBuild loads the content cfg names and builds the public side on it, for Live.
// Each build has a base of its own without metrics: the server's first base registered
// them, and the staff side (which serves /metrics) is not rebuilt.
func PublicBuild(cfg *config.Config, d *Data, logger *slog.Logger) Build {
	return func() (http.Handler, *Content, error) {
		c, err := LoadContent(cfg)
		if err != nil {
			return nil, nil, err
		}
		base, err := web.New(web.Deps{Site: c.Site, Locales: c.Locales, UI: c.UI, Logger: logger, BaseURL: cfg.BaseURL,
			TrustedProxies: cfg.TrustedProxies, DB: d.SQL})
		if err != nil {
			return nil, nil, err
		}
		pub, err := public.New(base, c.Pamphlets, c.Kiosks)
		if err != nil {
			return nil, nil, err
		}
		return pub, c, nil
	}
}

// CombinedWith is Combined with pub in place of the public side: Live, under --dev.
func (s *Server) CombinedWith(pub http.Handler) http.Handler {
	return combined{staff: s.Staff, public: pub}
}
