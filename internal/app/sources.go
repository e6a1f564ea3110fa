package app

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// Sources are the folders content is read from, and how messages name them.
type Sources struct {
	Content      fs.FS
	ContentLabel string // "content" for the built-in content, else the folder as given
	Locales      fs.FS
	LocalesLabel string
}

// SourcesOf returns the folders cfg names, or the built-in ones, as LoadContent reads
// them.
func SourcesOf(cfg *config.Config) Sources {
	src := Sources{Content: outreach.Content(), ContentLabel: "content", Locales: outreach.Locales(), LocalesLabel: "locales"}
	if cfg.Content != "" {
		src.Content, src.ContentLabel = os.DirFS(cfg.Content), cfg.Content
	}
	if cfg.Locales != "" {
		src.Locales, src.LocalesLabel = os.DirFS(cfg.Locales), cfg.Locales
	}
	return src
}

// LoadSite reads the site file and resolves its locales, as LoadContent does first;
// content check uses it to go on checking past problems LoadContent stops at.
func LoadSite(cfg *config.Config) (*site.Site, *locale.Registry, error) {
	src := SourcesOf(cfg)
	s, err := loadSite(cfg, src.Content, src.ContentLabel)
	if err != nil {
		return nil, nil, err
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		return nil, nil, fmt.Errorf("site file: %w", err)
	}
	return s, reg, nil
}
