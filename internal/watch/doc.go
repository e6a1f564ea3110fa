// Package watch tells its caller when files under some folders change, once per burst
// of changes: an editor's save is often a write, a rename and a chmod. It is used by
// "outreach serve --dev" only; without --dev nothing is watched.
//
// It imports the standard library and fsnotify; never Echo, net/http or a database.
package watch
