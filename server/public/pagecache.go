package public

import (
	"sync"

	"github.com/outreach-project/outreach/server/web"
)

// pageCache keeps rendered pages: content is loaded once and never changes while the
// process runs, so a page is a pure function of its base URL, locale and path. The
// cache is bounded: once full (only a flood of made-up Host headers can fill it) pages
// are rendered per request as before.
//
// A page is kept compressed (gzip and Brotli) as well, made when it is first rendered,
// so a request never compresses anything.
type pageCache struct {
	mu      sync.RWMutex
	pages   map[string]*web.Encoded
	maxSize int
}

func newPageCache(maxSize int) *pageCache {
	return &pageCache{pages: make(map[string]*web.Encoded), maxSize: maxSize}
}

// getBytes looks a page up by a key held in a buffer (the map lookup does not copy it).
func (pc *pageCache) getBytes(key []byte) (*web.Encoded, bool) {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	p, ok := pc.pages[string(key)]
	return p, ok
}

func (pc *pageCache) put(key, contentType, cacheControl string, body []byte) *web.Encoded {
	p := web.NewEncoded(contentType, cacheControl, body)
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.pages) < pc.maxSize {
		pc.pages[key] = p
	}
	return p
}
