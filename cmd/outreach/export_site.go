package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path"
	"path/filepath"

	"github.com/andybalholm/brotli"

	"github.com/outreach-project/outreach/server/public"
)

// exportSite writes the static copy of the public site to dir, each file with its
// gzip and Brotli copies.
func exportSite(srv *public.Server, dir string, stdout io.Writer) error {
	files, err := srv.StaticSite()
	if err != nil {
		return err
	}
	out := make([]outFile, 0, 3*len(files))
	for _, f := range files {
		out = append(out, outFile{f.Path, f.Body})
		if !compressible[path.Ext(f.Path)] {
			continue
		}
		gz, br, err := precompress(f.Body)
		if err != nil {
			return fmt.Errorf("export: compress %s: %w", f.Path, err)
		}
		out = append(out, outFile{f.Path + ".gz", gz}, outFile{f.Path + ".br", br})
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

// precompress returns body compressed with gzip and with Brotli, each at its best
// level, with no time or name in the gzip header: the same body gives the same bytes.
func precompress(body []byte) (gz, br []byte, err error) {
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
	bw := brotli.NewWriterLevel(&b, brotli.BestCompression)
	if _, err := bw.Write(body); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	return g.Bytes(), b.Bytes(), nil
}
