// Command bareecho is the yardstick for serving: Echo with no middleware at all, answering
// one path with bytes held in memory — gzip-compressed ones when the request's
// Accept-Encoding mentions gzip, as nginx's gzip_static does. bench/serve.sh runs it
// beside outreach serve and nginx.
//
//	bareecho -addr 127.0.0.1:8082 -path /ar/victim-services -file page.html -redirect /en/
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/labstack/echo/v4"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8082", "listen address")
	path := flag.String("path", "/", "the path answered")
	file := flag.String("file", "", "the body")
	ctype := flag.String("type", "text/html; charset=utf-8", "Content-Type")
	redirect := flag.String("redirect", "", "also answer / with a 302 to this path")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(body)
	_ = zw.Close()
	gz := buf.Bytes()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET(*path, func(c echo.Context) error {
		if strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
			c.Response().Header().Set("Content-Encoding", "gzip")
			return c.Blob(http.StatusOK, *ctype, gz)
		}
		return c.Blob(http.StatusOK, *ctype, body)
	})
	if *redirect != "" {
		e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusFound, *redirect) })
	}
	log.Fatal(e.Start(*addr))
}
