package public

import (
	"sync"

	"github.com/outreach-project/outreach/server/web"
)

// pageCache keeps rendered pages: content is loaded once and never changes while the
// process runs, so a page is a pure function of its base URL, locale and path. The
// cache is bounded: once full (only a flood of made-up Host headers can fill it) pages
// are rendered per request as before.
type pageCache struct {
	mu      sync.RWMutex
	pages   map[string]*cachedPage
	maxSize int
}

type cachedPage struct {
	body []byte
	etag string
}

func newPageCache(maxSize int) *pageCache {
	return &pageCache{pages: make(map[string]*cachedPage), maxSize: maxSize}
}

func (pc *pageCache) get(key string) (*cachedPage, bool) {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	p, ok := pc.pages[key]
	return p, ok
}

func (pc *pageCache) put(key string, body []byte) *cachedPage {
	p := &cachedPage{body: body, etag: web.ETag(body)}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.pages) < pc.maxSize {
		pc.pages[key] = p
	}
	return p
}
