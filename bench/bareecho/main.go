// Command bareecho is the yardstick for serving: Echo with no middleware at all, answering
// one path with bytes held in memory — gzip-compressed ones when the request's
// Accept-Encoding mentions gzip, as nginx's gzip_static does. bench/serve.sh runs it
// beside outreach serve and nginx. With -headers it also sends the header lines of a
// file (as curl -D writes them; its status line, Date, Content-Length, Content-Type
// and Content-Encoding are left out), so that the cost of outreach's own header block
// can be told apart from its middleware's; it then also sends Content-Length, as
// outreach does, so that the bytes on the wire are the same. -redirect-headers does the
// same for the redirect from /. -timeouts sets the read, write and idle timeouts
// outreach serve's HTTP server sets, which cost a deadline or two a request. -heap
// holds that many MB live, so that its heap is the size of outreach's.
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
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8082", "listen address")
	path := flag.String("path", "/", "the path answered")
	file := flag.String("file", "", "the body")
	ctype := flag.String("type", "text/html; charset=utf-8", "Content-Type")
	redirect := flag.String("redirect", "", "also answer / with a 302 to this path")
	headerFile := flag.String("headers", "", "also send the header lines in this file, and Content-Length")
	redirectHeaderFile := flag.String("redirect-headers", "", "also send the header lines in this file with the redirect")
	timeouts := flag.Bool("timeouts", false, "set the read, write and idle timeouts outreach serve sets")
	heapMB := flag.Int("heap", 0, "hold this many MB of live memory, in small objects with pointers")
	flag.Parse()
	live = holdLive(*heapMB)
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	extra, redirectExtra := readHeaders(*headerFile), readHeaders(*redirectHeaderFile)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(body)
	_ = zw.Close()
	gz := buf.Bytes()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	bodyLength, gzLength := []string{strconv.Itoa(len(body))}, []string{strconv.Itoa(len(gz))}
	e.GET(*path, func(c echo.Context) error {
		h := c.Response().Header()
		for k, v := range extra {
			h[k] = v
		}
		if strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
			c.Response().Header().Set("Content-Encoding", "gzip")
			if extra != nil {
				h["Content-Length"] = gzLength
			}
			return c.Blob(http.StatusOK, *ctype, gz)
		}
		if extra != nil {
			h["Content-Length"] = bodyLength
		}
		return c.Blob(http.StatusOK, *ctype, body)
	})
	if *redirect != "" {
		e.GET("/", func(c echo.Context) error {
			h := c.Response().Header()
			for k, v := range redirectExtra {
				h[k] = v
			}
			return c.Redirect(http.StatusFound, *redirect)
		})
	}
	if *timeouts {
		e.Server.ReadHeaderTimeout, e.Server.ReadTimeout = 10*time.Second, 30*time.Second
		e.Server.WriteTimeout, e.Server.IdleTimeout = 60*time.Second, 120*time.Second
	}
	log.Fatal(e.Start(*addr))
}

// readHeaders reads header lines as curl -D writes them, leaving out the status line and
// what the handler sets itself (Date, Content-Length, Content-Type, Content-Encoding,
// Location); nil for no file.
func readHeaders(file string) http.Header {
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	h := http.Header{}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		switch k = http.CanonicalHeaderKey(strings.TrimSpace(k)); {
		case !ok, k == "Date", k == "Content-Length", k == "Content-Type", k == "Content-Encoding", k == "Location":
		default:
			h[k] = append(h[k], strings.TrimSpace(v))
		}
	}
	return h
}

// live is what -heap holds, so that the collector finds it live.
var live *node

// node is 64 bytes with a pointer, like the many small objects an application's content
// and strings are made of.
type node struct {
	next *node
	_    [56]byte
}

// holdLive allocates mb MB of nodes, linked, and returns the first. With it the bare
// handler's heap is the size of a real application's, and so is the memory each
// request's allocations pass through between two collections: whether that alone makes
// the same code slower is what -heap is for.
func holdLive(mb int) *node {
	var first *node
	for range mb << 20 / 64 {
		first = &node{next: first}
	}
	return first
}
