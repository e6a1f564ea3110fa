// Package server is the HTTP interface and the only package that imports Echo: routes,
// middleware, templates and static files. Handlers parse the request, call the domain
// packages and render; the one error handler (errors.go) maps application error codes to
// HTTP statuses.
package server
