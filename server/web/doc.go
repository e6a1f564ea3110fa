// Package web is what the public side (server/public) and the staff side (server/staff)
// share: the layout and error page, locale negotiation, content-hashed static files,
// request logging, metrics, security headers and the one place application errors
// become HTTP responses. It knows no routes of either side and imports neither.
package web
