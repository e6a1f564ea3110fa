package browsertest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// DecodeQR reads the QR code in img with ZXing's Go port.
func DecodeQR(tb testing.TB, img image.Image) string {
	tb.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		tb.Fatalf("decode QR code: %v", err)
	}
	return res.GetText()
}

// DecodeQRPNG reads the QR code in a PNG, such as a browser's screenshot.
func DecodeQRPNG(tb testing.TB, data []byte) string {
	tb.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("decode PNG: %v", err)
	}
	return DecodeQR(tb, img)
}

var (
	viewBox = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	runPath = regexp.MustCompile(`M(\d+),(\d+)h(\d+)v1h-(\d+)z`)
)

// RasteriseQRSVG draws a QR code SVG as the kiosk writes it — a viewBox, a white
// square and a path of "Mx,yhNv1h-Nz" runs of dark modules — at scale pixels a module.
func RasteriseQRSVG(tb testing.TB, svg []byte, scale int) image.Image {
	tb.Helper()
	vb := viewBox.FindSubmatch(svg)
	if vb == nil {
		tb.Fatalf("no viewBox in SVG %.200q", svg)
	}
	n, _ := strconv.Atoi(string(vb[1]))
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	runs := runPath.FindAllSubmatch(svg, -1)
	if len(runs) == 0 {
		tb.Fatalf("no dark modules in SVG %.200q", svg)
	}
	for _, r := range runs {
		x, _ := strconv.Atoi(string(r[1]))
		y, _ := strconv.Atoi(string(r[2]))
		w, _ := strconv.Atoi(string(r[3]))
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+w)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	return img
}
