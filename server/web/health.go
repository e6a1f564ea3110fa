package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// healthz answers 200 while the process serves requests.
func (s *Base) healthz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, "ok\n")
}
