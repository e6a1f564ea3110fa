// Package site owns the deployment's facts: the service's name and city, its phone
// numbers, its time zone and the list of locales it serves, read from one TOML file
// (site.toml) so that a number is changed in one place.
//
// It imports only the standard library and a TOML decoder: never Echo, database/sql
// or a driver.
package site
