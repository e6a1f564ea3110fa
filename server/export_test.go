package server_test

import (
	"os"
	"path/filepath"
)

func templateFiles() (map[string]string, error) {
	paths, err := filepath.Glob("templates/*.html")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out[p] = string(b)
	}
	return out, nil
}
