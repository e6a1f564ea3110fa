package staff

import (
	"strings"

	"github.com/outreach-project/outreach/internal/auth"
)

// navLink is one entry of the staff pages' navigation.
type navLink struct {
	Href, Key string
	Current   bool
}

// navItems are the staff pages each role works with, in the order they are shown.
var navItems = []struct {
	href, key string
	roles     []auth.Role
}{
	{"/staff/requests/new", "NavNewRequest", []auth.Role{auth.Advocate, auth.Coordinator, auth.Admin}},
	{"/staff/", "NavMyRequests", []auth.Role{auth.Advocate, auth.Coordinator, auth.Admin}},
	{"/staff/offers", "NavOffers", []auth.Role{auth.Interpreter}},
	{"/staff/board", "CoordNavBoard", []auth.Role{auth.Coordinator, auth.Admin}},
	{"/staff/interpreters", "CoordNavInterpreters", []auth.Role{auth.Coordinator, auth.Admin}},
	{"/staff/rotations", "CoordNavRotations", []auth.Role{auth.Coordinator, auth.Admin}},
	{"/staff/policies", "CoordNavPolicies", []auth.Role{auth.Coordinator, auth.Admin}},
	{"/staff/audit", "CoordNavAudit", []auth.Role{auth.Coordinator, auth.Admin}},
}

// navFor is the navigation for u on the page at path.
func navFor(u *auth.User, path string) []navLink {
	if u == nil {
		return nil
	}
	var out []navLink
	for _, it := range navItems {
		if u.Is(it.roles...) {
			out = append(out, navLink{Href: it.href, Key: it.key, Current: path == it.href || it.href != "/staff/" && strings.HasPrefix(path, it.href+"/")})
		}
	}
	return out
}
