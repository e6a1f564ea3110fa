package public

import (
	"log/slog"
	"time"

	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/search"
)

// pendingIndex is the search index, built in the background while the site already
// serves: a restart does not keep every pamphlet dark while the index is made (about a
// second on 1,000 pamphlets × 15 locales, a third of start-up). A search or a kiosk's
// search-index.js asked for before then waits for it.
type pendingIndex struct {
	done chan struct{}
	ix   *search.Index
}

// buildIndex starts indexing the catalog with build (search.New) and returns at once.
func buildIndex(cat *pamphlet.Catalog, build func(*pamphlet.Catalog) *search.Index, logger *slog.Logger) *pendingIndex {
	p := &pendingIndex{done: make(chan struct{})}
	go func() {
		start := time.Now()
		p.ix = build(cat)
		close(p.done)
		logger.Debug("search index built", slog.Duration("took", time.Since(start)))
	}()
	return p
}

// get is the index, once it is built.
func (p *pendingIndex) get() *search.Index {
	<-p.done
	return p.ix
}

// SearchReady is closed once the search index is built: until then searches wait.
func (s *Server) SearchReady() <-chan struct{} { return s.searchIx.done }
