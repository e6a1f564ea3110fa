package server

import "github.com/labstack/echo/v4"

// kioskRoutes registers the library kiosk's routes (/kiosk…).
func (s *Server) kioskRoutes(get func(string, echo.HandlerFunc)) {}
