package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrate applies the application's migrations (goose, from fsys) and then River's.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, fsys fs.FS, driver riverdriver.Driver[*sql.Tx]) error {
	p, err := goose.NewProvider(dialect, db, fsys)
	if err != nil {
		return fmt.Errorf("%s: migrations: %w", dialect, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("%s: migrate: %w", dialect, err)
	}
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("%s: job migrations: %w", dialect, err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("%s: migrate jobs: %w", dialect, err)
	}
	return nil
}
