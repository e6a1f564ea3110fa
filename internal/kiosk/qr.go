package kiosk

import (
	"bytes"
	"fmt"
	"html"
	"image/color"

	"github.com/boombuler/barcode/qr"
)

// quietZone is the light border a QR reader needs around the code, in modules.
const quietZone = 4

// QR is a QR code's module matrix. The encoding is github.com/boombuler/barcode's; the
// drawing is ours, so that the SVG and the test's raster come from the same modules.
type QR struct {
	content string
	size    int    // modules a side, without the quiet zone
	dark    []bool // row-major
}

// NewQR encodes content (a URL) at error-correction level M, which survives a scuffed
// print-out or a glare spot on the kiosk's screen.
func NewQR(content string) (*QR, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("kiosk: encode QR code: %w", err)
	}
	b := code.Bounds()
	q := &QR{content: content, size: b.Dx(), dark: make([]bool, b.Dx()*b.Dy())}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			q.dark[y*q.size+x] = isDark(code.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return q, nil
}

func isDark(c color.Color) bool {
	return color.GrayModel.Convert(c).(color.Gray).Y < 128
}

// Content is the encoded text.
func (q *QR) Content() string { return q.content }

// Size is the number of modules a side, without the quiet zone.
func (q *QR) Size() int { return q.size }

// Dark says whether the module at column x, row y is dark.
func (q *QR) Dark(x, y int) bool {
	return x >= 0 && y >= 0 && x < q.size && y < q.size && q.dark[y*q.size+x]
}

// SVG draws the code with its quiet zone: one path of horizontal runs of dark modules
// on a white square, scaled to any size without blur. title is its accessible name.
func (q *QR) SVG(title string) []byte {
	n := q.size + 2*quietZone
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges" role="img">`, n, n, 8*n, 8*n)
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, html.EscapeString(title), n, n)
	for y := 0; y < q.size; y++ {
		for x := 0; x < q.size; {
			if !q.Dark(x, y) {
				x++
				continue
			}
			run := 1
			for q.Dark(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d,%dh%dv1h-%dz", x+quietZone, y+quietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes()
}
