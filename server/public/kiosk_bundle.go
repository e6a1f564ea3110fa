package public

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/server/web"
)

// kioskBundle is every file of one kiosk: what the server serves, what the service
// worker precaches and what export writes.
type kioskBundle struct {
	files   map[string]*kioskFile // by URL path
	version string                // hash of every file but the service worker
}

type kioskFile struct {
	contentType string
	body        []byte
	once        sync.Once
	enc         *web.Encoded
}

func (b *kioskBundle) add(p, contentType string, body []byte) {
	b.files[p] = &kioskFile{contentType: contentType, body: body}
}

// encoded is the file compressed, once, when it is first served (an export never is).
func (f *kioskFile) encoded() *web.Encoded {
	f.once.Do(func() { f.enc = web.NewEncoded(f.contentType, "no-cache", f.body) })
	return f.enc
}

// paths are the bundle's URL paths, sorted.
func (b *kioskBundle) paths() []string {
	out := make([]string, 0, len(b.files))
	for p := range b.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// hash is the bundle's content hash: any change to a page, a QR code, the styles or
// the script gives the service worker a new cache.
func (b *kioskBundle) hash() string {
	h := sha256.New()
	for _, p := range b.paths() {
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b.files[p].body))
		h.Write(b.files[p].body)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

const htmlType = "text/html; charset=utf-8"

// kioskAssets are the static files a kiosk page uses.
var kioskAssets = []string{"kiosk.css", "kiosk.js", "kiosk-search.js"}

// build renders every file of kiosk ks for the public site at base, in link mode mode.
func (k *kioskSite) build(ks *kiosk.Kiosk, base string, mode linkMode) (*kioskBundle, error) {
	r := &kioskRender{s: k.s, ks: ks, base: base, mode: mode}
	b := &kioskBundle{files: make(map[string]*kioskFile)}
	for _, name := range kioskAssets {
		a := k.s.mustAsset(name)
		b.add(a.Path, a.ContentType, a.Body)
	}
	if err := k.addPage(b, k.s.Locales.Default(), r.attractPath(), "attract", r.attract()); err != nil {
		return nil, err
	}
	for _, l := range ks.Languages {
		if err := k.addLocale(b, r, l); err != nil {
			return nil, err
		}
	}
	b.version = b.hash()
	sw, err := k.serviceWorker(b, r)
	if err != nil {
		return nil, err
	}
	b.add(r.swPath(), "text/javascript; charset=utf-8", sw)
	return b, nil
}

// addLocale adds a locale's topics, language grid, search screen and index, pamphlets
// and QR codes.
func (k *kioskSite) addLocale(b *kioskBundle, r *kioskRender, l *locale.Locale) error {
	if err := k.addPage(b, l, r.topicsPath(l), "topics", r.topics(l)); err != nil {
		return err
	}
	if err := k.addPage(b, l, r.searchPath(l), "search", r.search(l, "", "")); err != nil {
		return err
	}
	index, err := k.searchIndex(l)
	if err != nil {
		return err
	}
	b.add(r.searchIndexPath(l), "text/javascript; charset=utf-8", index)
	if err := k.addPage(b, l, r.gridPath(l), "languages", r.grid(l)); err != nil {
		return err
	}
	for _, p := range k.s.Pamphlets.All() {
		t, ok := p.Resolve(l.Chain)
		if !ok {
			continue
		}
		if err := k.addPage(b, l, r.pamphletPath(l, p.Slug), "pamphlet", r.pamphlet(l, p, t)); err != nil {
			return err
		}
		code, err := kiosk.NewQR(r.publicURL(l, p.Slug))
		if err != nil {
			return err
		}
		b.add(r.qrPath(l, p.Slug), "image/svg+xml", code.SVG(k.s.UI.For(l.ID).T("KioskQRLabel")))
	}
	return nil
}

func (k *kioskSite) addPage(b *kioskBundle, l *locale.Locale, p, name string, data any) error {
	body, err := k.views.Render(l.ID, name, data)
	if err != nil {
		return err
	}
	b.add(p, htmlType, body)
	return nil
}

// swConfig is what the service worker script is told: its cache's name (the bundle's
// hash), what to precache, and the page to show for a page it does not have.
type swConfig struct {
	Cache  string   `json:"cache"`
	Prefix string   `json:"prefix"`
	Home   string   `json:"home"`
	URLs   []string `json:"urls"`
}

// serviceWorker is static/kiosk-sw.js with the kiosk's precache list before it. Its
// links are relative to its own URL, as the bundle's are, so that the same worker
// serves from the server and from a folder on any web server.
func (k *kioskSite) serviceWorker(b *kioskBundle, r *kioskRender) ([]byte, error) {
	self := r.swPath()
	cfg := swConfig{Prefix: "outreach-kiosk-" + r.ks.Key + "-", Home: r.mode.href(self, r.attractPath())}
	cfg.Cache = cfg.Prefix + b.version
	for _, p := range b.paths() {
		cfg.URLs = append(cfg.URLs, r.mode.href(self, p))
	}
	js, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("server: kiosk service worker: %w", err)
	}
	out := append([]byte("const KIOSK = "), js...)
	out = append(out, ";\n"...)
	return append(out, k.s.mustAsset("kiosk-sw.js").Body...), nil
}
