package public

import (
	"bytes"
	"encoding/xml"

	"github.com/labstack/echo/v4"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string         `xml:"loc"`
	Alternates []sitemapAlter `xml:"xhtml:link"`
}

type sitemapAlter struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists every locale's index and every translation, each with its alternates,
// as search engines expect for multilingual sites.
func (s *Server) sitemap(c echo.Context) error {
	return s.sendCached(c, "application/xml; charset=utf-8", "public, max-age=3600", func() ([]byte, error) {
		return s.renderSitemap(s.RequestBaseURL(c))
	})
}

func (s *Server) renderSitemap(base string) ([]byte, error) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	var indexAlts []sitemapAlter
	for _, l := range s.Locales.All() {
		indexAlts = append(indexAlts, sitemapAlter{"alternate", l.ID, base + "/" + l.ID + "/"})
	}
	for _, l := range s.Locales.All() {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + "/" + l.ID + "/", Alternates: indexAlts})
	}
	for _, p := range s.Pamphlets.All() {
		var alts []sitemapAlter
		for _, l := range s.Locales.All() {
			if _, ok := p.Translations[l.ID]; ok {
				alts = append(alts, sitemapAlter{"alternate", l.ID, base + "/" + l.ID + "/" + p.Slug})
			}
		}
		for _, a := range alts {
			set.URLs = append(set.URLs, sitemapURL{Loc: a.Href, Alternates: alts})
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(set); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
