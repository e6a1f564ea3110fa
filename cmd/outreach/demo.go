package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
)

const demoDescription = `Seed an empty data directory (or database) with a made-up data set to try the whole
flow on one machine: an admin, a coordinator and an advocate; two interpreters in each
of 18 languages with rotations around the clock, every day of the week; escalation
policies; and a few months of past requests for the reports and the board. It prints
every account's email and a random password (shown once). Running it again on the same
data changes nothing.`

// demoAdminEmail marks a seeded database: demo finds it and stops.
const demoAdminEmail = "admin@example.org"

// demoStaff are the staff accounts demo makes.
var demoStaff = []struct {
	role  auth.Role
	name  string
	email string
}{
	{auth.Admin, "Grace Okafor", demoAdminEmail},
	{auth.Coordinator, "Daniel Moreau", "coordinator@example.org"},
	{auth.Advocate, "Priya Natarajan", "advocate@example.org"},
}

// demoPerson is a made-up interpreter.
type demoPerson struct{ name, email, gender string }

// demoLanguages are the interpreting languages demo staffs, common in Toronto: two
// interpreters each, the first on call days as primary, the second nights.
var demoLanguages = []struct {
	tags   []string // what the interpreters speak; the first has the rotation
	people [2]demoPerson
}{
	{[]string{"ar"}, [2]demoPerson{{"Amira Haddad", "amira.haddad", "female"}, {"Yusuf Khalil", "yusuf.khalil", "male"}}},
	{[]string{"fa"}, [2]demoPerson{{"Shirin Rahimi", "shirin.rahimi", "female"}, {"Dariush Karimi", "dariush.karimi", "male"}}},
	{[]string{"fa-AF"}, [2]demoPerson{{"Mariam Ahmadi", "mariam.ahmadi", "female"}, {"Farid Noori", "farid.noori", "male"}}},
	{[]string{"zh-Hans"}, [2]demoPerson{{"Li Wen", "li.wen", "female"}, {"Zhang Hui", "zhang.hui", "male"}}},
	{[]string{"yue", "zh-Hant"}, [2]demoPerson{{"Chan Mei Ling", "chan.meiling", "female"}, {"Wong Ka Fai", "wong.kafai", "male"}}},
	{[]string{"es"}, [2]demoPerson{{"Lucía Fernández", "lucia.fernandez", "female"}, {"Mateo Rojas", "mateo.rojas", "male"}}},
	{[]string{"pt"}, [2]demoPerson{{"Ana Souza", "ana.souza", "female"}, {"Tiago Ferreira", "tiago.ferreira", "male"}}},
	{[]string{"pa"}, [2]demoPerson{{"Harpreet Kaur", "harpreet.kaur", "female"}, {"Gurdeep Sandhu", "gurdeep.sandhu", "male"}}},
	{[]string{"ta"}, [2]demoPerson{{"Kavitha Raman", "kavitha.raman", "female"}, {"Senthil Kumar", "senthil.kumar", "male"}}},
	{[]string{"so"}, [2]demoPerson{{"Hodan Warsame", "hodan.warsame", "female"}, {"Abdi Farah", "abdi.farah", "male"}}},
	{[]string{"tl"}, [2]demoPerson{{"Maria Santos", "maria.santos", "female"}, {"Jose Dela Cruz", "jose.delacruz", "male"}}},
	{[]string{"uk"}, [2]demoPerson{{"Olena Kovalenko", "olena.kovalenko", "female"}, {"Andriy Shevchuk", "andriy.shevchuk", "male"}}},
	{[]string{"ur"}, [2]demoPerson{{"Ayesha Siddiqui", "ayesha.siddiqui", "female"}, {"Imran Qureshi", "imran.qureshi", "male"}}},
	{[]string{"ti"}, [2]demoPerson{{"Selam Tesfaye", "selam.tesfaye", "female"}, {"Yonas Gebremedhin", "yonas.gebremedhin", "male"}}},
	{[]string{"am"}, [2]demoPerson{{"Tigist Alemu", "tigist.alemu", "female"}, {"Dawit Bekele", "dawit.bekele", "male"}}},
	{[]string{"ko"}, [2]demoPerson{{"Park Ji-woo", "park.jiwoo", "female"}, {"Kim Min-jun", "kim.minjun", "male"}}},
	{[]string{"vi"}, [2]demoPerson{{"Nguyen Thi Lan", "nguyen.lan", "female"}, {"Tran Van Minh", "tran.minh", "male"}}},
	{[]string{"ru"}, [2]demoPerson{{"Natalia Ivanova", "natalia.ivanova", "female"}, {"Sergei Petrov", "sergei.petrov", "male"}}},
}

// demoAccount is one account to print.
type demoAccount struct{ role, name, languages, onCall, email, password string }

// demoSeed is one run of demo on an opened data set.
type demoSeed struct {
	data     *app.Data
	content  *app.Content
	now      time.Time
	staff    map[auth.Role]*auth.User
	accounts []demoAccount
	// byLanguage holds each rotation language's two interpreters and their users.
	byLanguage map[string][2]*dispatch.Interpreter
	users      map[int64]*auth.User // interpreter id -> user
}

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, err := dataFlags("demo", demoDescription, args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	content, err := app.LoadContent(cfg)
	if err != nil {
		return err
	}
	data, err := app.OpenData(ctx, cfg, content, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer data.Close()
	where := cfg.Data
	if data.Path == "" {
		where = "the PostgreSQL database"
	}
	if _, err := data.Auth.UserByEmail(ctx, auth.Operator(), demoAdminEmail); err == nil {
		fmt.Fprintf(stdout, "%s is already seeded (%s exists); nothing changed.\n", where, demoAdminEmail)
		return nil
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return err
	}
	if users, err := data.Accounts.ListUsers(ctx); err != nil {
		return err
	} else if len(users) > 0 {
		return fmt.Errorf("%s already has %d accounts: demo seeds only an empty one (use --data with a new directory)", where, len(users))
	}
	fmt.Fprintf(stdout, "Seeding %s (this takes up to a minute)…\n", where)
	d := &demoSeed{data: data, content: content, now: time.Now(), staff: map[auth.Role]*auth.User{},
		byLanguage: map[string][2]*dispatch.Interpreter{}, users: map[int64]*auth.User{}}
	for _, step := range []func(context.Context) error{d.addStaff, d.addInterpreters, d.addPolicies, d.addHistory, d.addUpcoming} {
		if err := step(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	d.print(stdout, where)
	return nil
}

func (d *demoSeed) addStaff(ctx context.Context) error {
	for _, s := range demoStaff {
		password := auth.NewPassword()
		u, err := d.data.Auth.DemoOnlyAddUserWithKnownPassword(ctx, auth.Operator(), auth.UserInput{Email: s.email, Name: s.name, Role: s.role}, password)
		if err != nil {
			return fmt.Errorf("add %s: %w", s.email, err)
		}
		d.staff[s.role] = u
		d.accounts = append(d.accounts, demoAccount{role: string(s.role), name: s.name, email: s.email, password: password})
	}
	return nil
}

// addInterpreters adds the interpreters (vetted for confidential requests) and their
// weekly rotations: the first is primary 08:00-20:00 and secondary overnight, the
// second the other way round, every day, in the site's time zone.
func (d *demoSeed) addInterpreters(ctx context.Context) error {
	coordinator := d.staff[auth.Coordinator]
	vetted, _ := dispatch.ParseDate(d.now.AddDate(0, -6, 0).Format("2006-01-02"))
	for _, lang := range demoLanguages {
		var pair [2]*dispatch.Interpreter
		for n, p := range lang.people {
			in := dispatch.InterpreterInput{Name: p.name, Email: p.email + "@example.org", Languages: lang.tags, Gender: p.gender,
				Modalities: []dispatch.Modality{dispatch.Phone, dispatch.Video, dispatch.InPerson}, BackgroundCheckOn: &vetted, DVTrainingOn: &vetted}
			if l, ok := d.content.Locales.MatchTag(lang.tags[len(lang.tags)-1]); ok {
				in.PreferredLocale = l.ID
			}
			i, err := d.data.Dispatch.CreateInterpreter(ctx, coordinator, in)
			if err != nil {
				return fmt.Errorf("add %s: %w", in.Email, err)
			}
			password := auth.NewPassword()
			if err := d.data.Auth.DemoOnlySetKnownPassword(ctx, auth.Operator(), i.UserID, password); err != nil {
				return err
			}
			pair[n] = i
			d.users[i.ID] = &auth.User{ID: i.UserID, Email: i.Email, Name: i.Name, Role: auth.Interpreter, Active: true}
			d.accounts = append(d.accounts, demoAccount{role: string(auth.Interpreter), name: p.name, languages: strings.Join(lang.tags, ", "),
				onCall: d.onCallNow(n), email: in.Email, password: password})
		}
		d.byLanguage[lang.tags[0]] = pair
		for _, r := range []schedule.Rotation{
			demoRotation(lang.tags[0], schedule.Primary, pair[0].ID, pair[1].ID),
			demoRotation(lang.tags[0], schedule.Secondary, pair[1].ID, pair[0].ID),
		} {
			if err := d.data.Dispatch.PutRotation(ctx, coordinator, r); err != nil {
				return fmt.Errorf("rotation %s %s: %w", r.Language, r.Level, err)
			}
		}
	}
	return nil
}

// demoRotation puts day on call 08:00-20:00 and night 20:00-08:00, every day.
func demoRotation(lang string, level schedule.Level, day, night int64) schedule.Rotation {
	r := schedule.Rotation{Language: lang, Level: level}
	for w := time.Sunday; w <= time.Saturday; w++ {
		r.Slots = append(r.Slots, schedule.NewSlot(w, "08:00", "20:00", day), schedule.NewSlot(w, "20:00", "08:00", night))
	}
	return r
}

// addPolicies sets the default escalation policy and a quicker one for Arabic.
func (d *demoSeed) addPolicies(ctx context.Context) error {
	step := func(timeout int, targets ...dispatch.Target) dispatch.Step {
		return dispatch.Step{Targets: targets, TimeoutSeconds: timeout}
	}
	for _, p := range []*dispatch.Policy{
		{Language: dispatch.DefaultPolicyLanguage, Steps: []dispatch.Step{step(120, dispatch.TargetPrimary), step(120, dispatch.TargetSecondary),
			step(180, dispatch.TargetAllQualified), step(300, dispatch.TargetCoordinator)}},
		{Language: "ar", Steps: []dispatch.Step{step(90, dispatch.TargetPrimary), step(90, dispatch.TargetSecondary, dispatch.TargetCoordinator),
			step(180, dispatch.TargetAllQualified)}},
	} {
		if err := d.data.Dispatch.PutPolicy(ctx, d.staff[auth.Coordinator], p); err != nil {
			return fmt.Errorf("policy %s: %w", p.Language, err)
		}
	}
	return nil
}

func (d *demoSeed) print(w io.Writer, where string) {
	fmt.Fprintf(w, "Seeded %s with made-up data.\n\nAccounts (passwords are random and shown only now):\n\n", where)
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tNAME\tLANGUAGES\tON CALL NOW\tEMAIL\tPASSWORD")
	for _, a := range d.accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.role, a.name, a.languages, a.onCall, a.email, a.password)
	}
	tw.Flush()
	fmt.Fprint(w, `
Next: start the server with the same flags (go run ./cmd/outreach serve) and open
http://127.0.0.1:8080/staff/ — sign in as the advocate in one browser window and as
the primary interpreter on call now for the language you request in another
(a private window keeps the two sessions apart).
`)
}

// onCallNow says at which level the n-th interpreter of a language (0 or 1) is on call
// now, by demoRotation.
func (d *demoSeed) onCallNow(n int) string {
	day := d.now.In(d.data.Dispatch.Location()).Hour() >= 8 && d.now.In(d.data.Dispatch.Location()).Hour() < 20
	if day == (n == 0) {
		return string(schedule.Primary)
	}
	return string(schedule.Secondary)
}

// demoRand makes the history the same on every run.
func demoRand() *rand.Rand { return rand.New(rand.NewPCG(2026, 11)) }
