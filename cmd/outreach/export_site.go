package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/andybalholm/brotli"

	"github.com/outreach-project/outreach/server/public"
)

// Brotli qualities: the best is what precompression is for, and about fifty times
// slower than the fast one, whose files are about an eighth larger.
const (
	brotliBest = brotli.BestCompression
	brotliFast = 5
)

// exportSite writes the static copy of the public site to dir, each file with its
// gzip and Brotli copies, compressed on every core.
func exportSite(srv *public.Server, dir string, brotliLevel int, stdout io.Writer) error {
	files, err := srv.StaticSite()
	if err != nil {
		return err
	}
	copies := make([][2][]byte, len(files))
	errs := make([]error, len(files))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, f := range files {
		if !compressible[path.Ext(f.Path)] {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			copies[i][0], copies[i][1], errs[i] = precompress(f.Body, brotliLevel)
		}()
	}
	wg.Wait()
	out := make([]outFile, 0, 3*len(files))
	for i, f := range files {
		out = append(out, outFile{f.Path, f.Body})
		if errs[i] != nil {
			return fmt.Errorf("export: compress %s: %w", f.Path, errs[i])
		}
		if copies[i][0] != nil {
			out = append(out, outFile{f.Path + ".gz", copies[i][0]}, outFile{f.Path + ".br", copies[i][1]})
		}
	}
	if err := writeExport(dir, siteMarker, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote the site to %s: %d pages and files, each with .gz and .br copies.\nOpen %s, or copy the folder to a static web host.\n",
		dir, len(files), filepath.Join(dir, "index.html"))
	return nil
}

// compressible are the kinds of file worth compressing; images in SVG are text too.
var compressible = map[string]bool{".html": true, ".css": true, ".js": true, ".xml": true, ".txt": true, ".svg": true, ".json": true}

// precompress returns body compressed with gzip at its best level and with Brotli at
// brotliLevel, with no time or name in the gzip header: the same body gives the same
// bytes.
func precompress(body []byte, brotliLevel int) (gz, br []byte, err error) {
	var g bytes.Buffer
	zw, err := gzip.NewWriterLevel(&g, gzip.BestCompression)
	if err != nil {
		return nil, nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, brotliLevel)
	if _, err := bw.Write(body); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	return g.Bytes(), b.Bytes(), nil
}
