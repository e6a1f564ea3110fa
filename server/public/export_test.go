package public_test

import (
	"os"
	"path/filepath"
)

// templateFiles reads every template of both sides and the shared layout.
func templateFiles() (map[string]string, error) {
	out := make(map[string]string)
	for _, dir := range []string{"templates", "../web/templates", "../staff/templates"} {
		paths, err := filepath.Glob(filepath.Join(dir, "*.html"))
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			out[p] = string(b)
		}
	}
	return out, nil
}
