package auth_test

import (
	"context"
	"testing"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
)

type fakeLister []auth.Listing

func (f fakeLister) ListUsers(context.Context) ([]auth.Listing, error) { return f, nil }

func TestDirectoryListIsForAdmins(t *testing.T) {
	d := auth.Directory{Users: fakeLister{{ID: 1, Email: "a@example.org"}}}
	tests := []struct {
		name  string
		actor *auth.User
		want  apperr.Code // "" for allowed
	}{
		{"not signed in", nil, apperr.Unauthorized},
		{"inactive admin", &auth.User{ID: 9, Role: auth.Admin}, apperr.Unauthorized},
		{"advocate", &auth.User{ID: 9, Role: auth.Advocate, Active: true}, apperr.Forbidden},
		{"interpreter", &auth.User{ID: 9, Role: auth.Interpreter, Active: true}, apperr.Forbidden},
		{"coordinator", &auth.User{ID: 9, Role: auth.Coordinator, Active: true}, apperr.Forbidden},
		{"admin", &auth.User{ID: 9, Role: auth.Admin, Active: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := d.List(context.Background(), tt.actor)
			if tt.want == "" {
				if err != nil || len(got) != 1 {
					t.Fatalf("List=%v, %v, want one listing", got, err)
				}
				return
			}
			if apperr.CodeOf(err) != tt.want || got != nil {
				t.Fatalf("List=%v, err=%v, want %v", got, err, tt.want)
			}
		})
	}
}
