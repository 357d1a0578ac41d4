package community_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

func TestCommunitySettings(t *testing.T) {
	runScenarios(t,
		scenario{"create makes the creator its leader", testCreateMakesTheCreatorItsLeader},
		scenario{"create rejects bad settings and writes nothing", testCreateRejectsBadSettingsAndWritesNothing},
		scenario{"private community looks missing to outsiders", testPrivateCommunityLooksMissingToOutsiders},
		scenario{"update bumps the code of conduct version only when its text changes", testUpdateBumpsCodeOfConductVersionOnlyWhenItsTextChanges},
		scenario{"update is refused without changing anything", testUpdateIsRefusedWithoutChangingAnything},
		scenario{"site admin updates a community they do not belong to", testSiteAdminUpdatesACommunityTheyDoNotBelongTo},
		scenario{"regenerating the request code cuts the old link off", testRegenerateRequestCodeCutsTheOldLinkOff},
		scenario{"malformed link parts are not server errors", testMalformedLinkPartsAreNotServerErrors},
	)
}

// TestDiscover has a database of its own: it lists every community there is.
func TestDiscover(t *testing.T) {
	runScenarios(t, scenario{"shows open and own private communities once each", testDiscoverShowsOpenAndOwnPrivateCommunitiesOnceEach})
}

func testCreateMakesTheCreatorItsLeader(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea := f.user(t, "Léa Martin")
	since := f.mark(t)
	c, err := f.com.Create(f.ctx, lea, community.Settings{Name: "  Testers' Guild " + f.ns + " ", Domain: "Software testing", Visibility: "open"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if c.Slug != "testers-guild-"+f.ns || c.Name != "Testers' Guild "+f.ns || c.CoCVersion != 1 || c.RequestCode == "" || c.Members != 1 || c.LeaderID != lea.ID {
		t.Errorf("created %+v", c)
	}
	if c.CodeOfConduct != community.DefaultCodeOfConduct {
		t.Errorf("empty code of conduct was not replaced by the default: %q", c.CodeOfConduct)
	}
	f.wantLog(t, since, line{c.ID, activity.CommunityCreated, lea.ID, "community", c.ID})
	m, err := f.com.Membership(f.ctx, c.ID, lea.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Role != community.Leader || m.CoCVersion != 1 || !m.CoCAcceptedAt.Equal(t0) || !m.JoinedAt.Equal(t0) {
		t.Errorf("creator's membership = %+v", m)
	}
	got, gm, err := f.com.BySlug(f.ctx, strings.ToUpper(c.Slug), lea)
	if err != nil || got.ID != c.ID || gm.Role != community.Leader || got.RequestCode != c.RequestCode || got.LeaderName != "Léa Martin" {
		t.Errorf("BySlug = %+v, %+v, %v", got, gm, err)
	}
	f.wantOneLeader(t, c, lea)
}

// testCreateRejectsBadSettingsAndWritesNothing: a refused community leaves
// no community, no membership and no activity behind.
func testCreateRejectsBadSettingsAndWritesNothing(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea := f.user(t, "Léa Martin")
	existing := f.create(t, lea, "Testers Guild", community.Open)
	ok := community.Settings{Name: "Data Analysts", Domain: "Analytics", Visibility: "open", CodeOfConduct: coc}
	with := func(change func(s *community.Settings)) community.Settings {
		s := ok
		change(&s)
		return s
	}
	tests := []struct {
		name  string
		in    community.Settings
		field string
	}{
		{"duplicate slug", with(func(s *community.Settings) { s.Slug = existing.Slug }), "slug"},
		{"duplicate slug in another case", with(func(s *community.Settings) { s.Slug = strings.ToUpper(existing.Slug) }), "slug"},
		{"duplicate slug made from the name", with(func(s *community.Settings) { s.Name = "Testers, Guild! " + f.ns }), "slug"},
		{"reserved slug new", with(func(s *community.Settings) { s.Slug = "new" }), "slug"},
		{"reserved slug admin from the name", with(func(s *community.Settings) { s.Name = "Admin" }), "slug"},
		{"reserved slug api", with(func(s *community.Settings) { s.Slug = "API" }), "slug"},
		{"reserved slug login", with(func(s *community.Settings) { s.Slug = "login" }), "slug"},
		{"reserved slug join", with(func(s *community.Settings) { s.Slug = "join" }), "slug"},
		{"slug with a space", with(func(s *community.Settings) { s.Slug = "data analysts" }), "slug"},
		{"slug starting with a hyphen", with(func(s *community.Settings) { s.Slug = "-data" }), "slug"},
		{"slug of 49 characters", with(func(s *community.Settings) { s.Slug = strings.Repeat("d", 49) }), "slug"},
		{"name with no Latin letter gives no slug", with(func(s *community.Settings) { s.Name = "データ分析" }), "slug"},
		{"visibility missing", with(func(s *community.Settings) { s.Visibility = "" }), "visibility"},
		{"visibility public", with(func(s *community.Settings) { s.Visibility = "public" }), "visibility"},
		{"visibility in capitals", with(func(s *community.Settings) { s.Visibility = "OPEN" }), "visibility"},
		{"name of 2 characters", with(func(s *community.Settings) { s.Name = "QA"; s.Slug = "qa" }), "name"},
		{"name of 81 characters", with(func(s *community.Settings) { s.Name = strings.Repeat("n", 81); s.Slug = "long" }), "name"},
		{"name with a control character", with(func(s *community.Settings) { s.Name = "Data\x00Analysts" }), "name"},
		{"name with invalid UTF-8", with(func(s *community.Settings) { s.Name = "Data \xff Analysts"; s.Slug = "data" }), "name"},
		{"domain too short", with(func(s *community.Settings) { s.Domain = "QA" }), "domain"},
		{"domain too long", with(func(s *community.Settings) { s.Domain = strings.Repeat("d", 201) }), "domain"},
		{"purpose too long", with(func(s *community.Settings) { s.Purpose = strings.Repeat("p", 4001) }), "purpose"},
		{"code of conduct too short", with(func(s *community.Settings) { s.CodeOfConduct = "Be nice." }), "code_of_conduct"},
		{"code of conduct too long", with(func(s *community.Settings) { s.CodeOfConduct = strings.Repeat("c", 20001) }), "code_of_conduct"},
	}
	counts := func() string {
		return fmt.Sprint(f.count(t, `SELECT COUNT(*) FROM communities`), f.count(t, `SELECT COUNT(*) FROM memberships`), f.count(t, `SELECT COUNT(*) FROM activity`))
	}
	before := counts()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := f.com.Create(f.ctx, lea, tt.in)
			wantKind(t, err, errs.Invalid, tt.field)
			if c.ID != 0 {
				t.Errorf("refused Create returned community %d", c.ID)
			}
			if after := counts(); after != before {
				t.Errorf("communities, memberships, activity: %s → %s", before, after)
			}
		})
	}
	// The bounds themselves pass.
	edges := with(func(s *community.Settings) {
		s.Name, s.Slug, s.Domain, s.Purpose = strings.Repeat("é", 80), strings.Repeat("d", 48), strings.Repeat("d", 200), strings.Repeat("p", 4000)
		s.Visibility, s.CodeOfConduct = "private", strings.Repeat("c", 20)
	})
	if _, err := f.com.Create(f.ctx, lea, edges); err != nil {
		t.Errorf("Create at the bounds: %v", err)
	}
}

// testPrivateCommunityLooksMissingToOutsiders: the answer for a private
// community is word for word the answer for a slug that does not exist.
func testPrivateCommunityLooksMissingToOutsiders(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, core, mem, sponsor := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.user(t, "Sam")
	outsider := f.user(t, "Otto")
	support := f.user(t, "Sue")
	if err := f.acc.SetRoles(f.ctx, support.ID, false, true); err != nil {
		t.Fatal(err)
	}
	support.IsSupport = true
	c := f.create(t, lea, "Secret Guild", community.Private)
	f.add(t, lea, c, core, community.Core)
	f.add(t, lea, c, mem, community.Member)
	f.add(t, lea, c, sponsor, community.Sponsor)

	_, _, missingErr := f.com.BySlug(f.ctx, "no-such-guild", outsider)
	wantKind(t, missingErr, errs.NotFound, "")
	wantK, wantF, wantM := errs.Public(missingErr)
	for name, viewer := range map[string]account.User{"outsider": outsider, "anonymous": {}, "support team": support} {
		t.Run(name, func(t *testing.T) {
			got, m, err := f.com.BySlug(f.ctx, c.Slug, viewer)
			k, fl, msg := errs.Public(err)
			if k != wantK || fl != wantF || msg != wantM {
				t.Errorf("BySlug(private) = (%v, %q, %q); missing slug = (%v, %q, %q)", k, fl, msg, wantK, wantF, wantM)
			}
			if got.ID != 0 || got.Name != "" || m.IsMember() {
				t.Errorf("BySlug leaked %+v, %+v", got, m)
			}
			_, _, err = f.com.Members(f.ctx, viewer, c.Slug, community.MemberFilter{})
			if k, _, msg := errs.Public(err); k != wantK || msg != wantM {
				t.Errorf("Members(private) = %v %q, want the missing answer", k, msg)
			}
		})
	}
	for _, tt := range []struct {
		who         account.User
		role        community.Role
		seesLinkKey bool
	}{{lea, community.Leader, true}, {core, community.Core, true}, {mem, community.Member, false}, {sponsor, community.Sponsor, false}} {
		got, m, err := f.com.BySlug(f.ctx, strings.ToUpper(c.Slug), tt.who)
		if err != nil || got.ID != c.ID || m.Role != tt.role {
			t.Errorf("%s: BySlug = %d, %v, %v", tt.who.Name, got.ID, m.Role, err)
		}
		if (got.RequestCode != "") != tt.seesLinkKey {
			t.Errorf("%s (%s) sees request code %q", tt.who.Name, tt.role, got.RequestCode)
		}
	}
}

func testUpdateBumpsCodeOfConductVersionOnlyWhenItsTextChanges(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea := f.user(t, "Léa")
	c := f.create(t, lea, "Testers Guild", community.Open)
	oldSlug := c.Slug
	base := community.Settings{Name: c.Name, Slug: c.Slug, Domain: c.Domain, Purpose: c.Purpose, Visibility: "open", CodeOfConduct: coc}
	steps := []struct {
		name        string
		change      func(s *community.Settings)
		wantVersion int
		wantChanged string
	}{
		{"nothing changed", func(*community.Settings) {}, 1, `[]`},
		{"name and purpose changed", func(s *community.Settings) { s.Name, s.Purpose = "Testing Guild", "Better tests" }, 1, `["name","purpose"]`},
		{"surrounding whitespace and CRLF only", func(s *community.Settings) { s.CodeOfConduct = "\r\n  " + coc + "  \r\n" }, 1, `[]`},
		{"code of conduct changed", func(s *community.Settings) { s.CodeOfConduct = coc + "\r\nNo selling." }, 2, `["code_of_conduct"]`},
		{"same new text again", func(s *community.Settings) { s.CodeOfConduct = coc + "\nNo selling." }, 2, `[]`},
		{"changed again", func(s *community.Settings) { s.CodeOfConduct = "A completely new code of conduct." }, 3, `["code_of_conduct"]`},
		{"slug and visibility changed", func(s *community.Settings) { s.Slug, s.Visibility = "testing-guild-"+f.ns, "private" }, 3, `["slug","visibility"]`},
	}
	cur := base
	for _, st := range steps {
		f.clock.Advance(time.Minute)
		st.change(&cur)
		since := f.mark(t)
		got, err := f.com.Update(f.ctx, lea, c.Slug, cur)
		if err != nil {
			t.Fatalf("%s: Update: %v", st.name, err)
		}
		c = got
		if got.CoCVersion != st.wantVersion {
			t.Errorf("%s: coc_version %d, want %d", st.name, got.CoCVersion, st.wantVersion)
		}
		if !got.UpdatedAt.Equal(f.clock.Now()) {
			t.Errorf("%s: updated_at %v, want %v", st.name, got.UpdatedAt, f.clock.Now())
		}
		f.wantLog(t, since, line{c.ID, activity.CommunityUpdated, lea.ID, "community", c.ID})
		if d := f.detail(t); d != `{"changed":`+st.wantChanged+`}` {
			t.Errorf("%s: detail %s, want changed %s", st.name, d, st.wantChanged)
		}
	}
	if _, _, err := f.com.BySlug(f.ctx, oldSlug, lea); !errs.Is(err, errs.NotFound) {
		t.Errorf("old slug still answers: %v", err)
	}
	// A member who accepted version 1 keeps that record.
	if m, _ := f.com.Membership(f.ctx, c.ID, lea.ID); m.CoCVersion != 1 {
		t.Errorf("leader's accepted version changed to %d", m.CoCVersion)
	}
}

func testUpdateIsRefusedWithoutChangingAnything(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, core, mem, outsider := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.user(t, "Otto")
	c := f.create(t, lea, "Testers Guild", community.Open)
	other := f.create(t, lea, "Data Guild", community.Open)
	f.add(t, lea, c, core, community.Core)
	f.add(t, lea, c, mem, community.Member)
	good := community.Settings{Name: "Renamed Guild", Slug: c.Slug, Domain: c.Domain, Visibility: "open", CodeOfConduct: coc + " More."}
	bad := good
	bad.Slug = other.Slug
	tests := []struct {
		name  string
		actor account.User
		in    community.Settings
		kind  errs.Kind
	}{
		{"core group", core, good, errs.Forbidden},
		{"member", mem, good, errs.Forbidden},
		{"outsider", outsider, good, errs.Forbidden},
		{"leader, slug taken", lea, bad, errs.Invalid},
		{"leader, reserved slug", lea, community.Settings{Name: "X Guild", Slug: "admin", Domain: "Testing", Visibility: "open", CodeOfConduct: coc}, errs.Invalid},
		{"leader, bad visibility", lea, community.Settings{Name: "X Guild", Slug: c.Slug, Domain: "Testing", Visibility: "hidden", CodeOfConduct: coc}, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			since := f.mark(t)
			_, err := f.com.Update(f.ctx, tt.actor, c.Slug, tt.in)
			wantKind(t, err, tt.kind, "")
			f.wantLog(t, since)
			got, _, err := f.com.BySlug(f.ctx, c.Slug, lea)
			if err != nil || got.Name != c.Name || got.CoCVersion != 1 {
				t.Errorf("community after a refused update: %+v, %v", got, err)
			}
		})
	}
}

// testSiteAdminUpdatesACommunityTheyDoNotBelongTo, including making it
// private: the change is made, so it must not be reported as a failure.
func testSiteAdminUpdatesACommunityTheyDoNotBelongTo(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, root := f.user(t, "Léa"), f.admin(t, "Root")
	c := f.create(t, lea, "Testers Guild", community.Open)
	in := community.Settings{Name: "Testers Guild", Slug: c.Slug, Domain: "Quality", Visibility: "open", CodeOfConduct: coc}
	since := f.mark(t)
	got, err := f.com.Update(f.ctx, root, c.Slug, in)
	if err != nil || got.Domain != "Quality" {
		t.Fatalf("admin Update = %+v, %v", got, err)
	}
	f.wantLog(t, since, line{c.ID, activity.CommunityUpdated, root.ID, "community", c.ID})

	in.Visibility = "private"
	since = f.mark(t)
	got, err = f.com.Update(f.ctx, root, c.Slug, in)
	stored, _, _ := f.com.BySlug(f.ctx, c.Slug, lea)
	if err != nil {
		t.Errorf("admin making the community private: error %q although the change was stored (visibility now %q)", err, stored.Visibility)
	} else if got.Visibility != community.Private {
		t.Errorf("admin Update returned visibility %q", got.Visibility)
	}
	f.wantLog(t, since, line{c.ID, activity.CommunityUpdated, root.ID, "community", c.ID})
}

func testRegenerateRequestCodeCutsTheOldLinkOff(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, core, mem := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max")
	c := f.create(t, lea, "Secret Guild", community.Private)
	f.add(t, lea, c, core, community.Core)
	f.add(t, lea, c, mem, community.Member)
	_, err := f.com.RegenerateRequestCode(f.ctx, mem, c.Slug)
	wantKind(t, err, errs.Forbidden, "")
	if _, err := f.com.ByRequestCode(f.ctx, c.RequestCode); err != nil {
		t.Fatalf("a member's refused attempt changed the link: %v", err)
	}
	code, err := f.com.RegenerateRequestCode(f.ctx, core, c.Slug)
	if err != nil || code == "" || code == c.RequestCode {
		t.Fatalf("RegenerateRequestCode = %q, %v", code, err)
	}
	_, err = f.com.ByRequestCode(f.ctx, c.RequestCode)
	wantKind(t, err, errs.NotFound, "")
	got, err := f.com.ByRequestCode(f.ctx, code)
	if err != nil || got.ID != c.ID || got.RequestCode != "" {
		t.Errorf("ByRequestCode(new) = %+v, %v; want the community without its code", got, err)
	}
}

// testDiscoverShowsOpenAndOwnPrivateCommunitiesOnceEach follows the cursor
// at several page sizes: every visible community exactly once, in slug
// order, and never someone else's private community.
func testDiscoverShowsOpenAndOwnPrivateCommunitiesOnceEach(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, viewer := f.user(t, "Léa"), f.user(t, "Vic")
	var openSlugs, publicSlugs, mineSlugs, hiddenSlugs []string
	for i := range 23 {
		name := fmt.Sprintf("Guild %02d", i)
		switch i % 3 {
		case 0, 1:
			c := f.create(t, lea, name, community.Open)
			openSlugs = append(openSlugs, c.Slug)
			publicSlugs = append(publicSlugs, c.Slug)
			if i%5 == 0 {
				f.add(t, lea, c, viewer, community.Member)
				mineSlugs = append(mineSlugs, c.Slug)
			}
		case 2:
			c := f.create(t, lea, name, community.Private)
			if i%4 == 0 {
				f.add(t, lea, c, viewer, community.Member)
				mineSlugs = append(mineSlugs, c.Slug)
				openSlugs = append(openSlugs, c.Slug) // visible to the viewer
			} else {
				hiddenSlugs = append(hiddenSlugs, c.Slug)
			}
		}
	}
	// A leader's own private community with a hyphenated slug sorts
	// among the others.
	own := f.create(t, viewer, "Guild 0 Vic", community.Private)
	openSlugs = append(openSlugs, own.Slug)
	mineSlugs = append(mineSlugs, own.Slug)
	visible := slices.Clone(openSlugs)
	slices.Sort(visible)
	slices.Sort(mineSlugs)

	walk := func(t *testing.T, viewer account.User, query string, limit int) []string {
		t.Helper()
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > 30 {
				t.Fatal("the cursor does not end")
			}
			page, next, err := f.com.Discover(f.ctx, viewer, community.Filter{Query: query, After: after, Limit: limit})
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			if len(page) > limit {
				t.Fatalf("page of %d, limit %d", len(page), limit)
			}
			for _, c := range page {
				if c.RequestCode != "" {
					t.Errorf("%s: request code listed", c.Slug)
				}
				got = append(got, c.Slug)
			}
			if next == "" {
				return got
			}
			after = next
		}
	}
	for _, limit := range []int{1, 2, 5, 7, 100} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			if got := walk(t, viewer, "", limit); !slices.Equal(got, visible) {
				t.Errorf("visited %v\nwant    %v", got, visible)
			}
		})
	}
	slices.Sort(publicSlugs)
	if got := walk(t, account.User{}, "", 4); !slices.Equal(got, publicSlugs) {
		t.Errorf("anonymous visitor sees %v\nwant %v", got, publicSlugs)
	}
	for _, s := range walk(t, viewer, "", 100) {
		if slices.Contains(hiddenSlugs, s) {
			t.Errorf("another private community %s is listed", s)
		}
	}
	if got := walk(t, viewer, "VIC", 3); !slices.Equal(got, []string{own.Slug}) {
		t.Errorf("query VIC found %v", got)
	}
	mine, err := f.com.Mine(f.ctx, viewer.ID)
	if err != nil {
		t.Fatal(err)
	}
	var mineGot []string
	for _, c := range mine {
		mineGot = append(mineGot, c.Slug)
	}
	if !slices.Equal(mineGot, mineSlugs) {
		t.Errorf("Mine = %v, want %v", mineGot, mineSlugs)
	}
	all, _, err := f.com.All(f.ctx, community.Filter{Limit: 100})
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	if len(all) != 24 {
		t.Errorf("All lists %d communities, want 24", len(all))
	}
}

// testMalformedLinkPartsAreNotServerErrors: join codes, slugs and cursors
// come from the address bar, where %FF and %00 decode to bytes that are not
// text. They must be "not found" (or an empty page), never a 500.
func testMalformedLinkPartsAreNotServerErrors(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea := f.user(t, "Léa")
	c := f.create(t, lea, "Testers Guild", community.Private)
	for _, bad := range []string{"", strings.Repeat("x", 65), "\xff\xfe", c.RequestCode + " ", "abc\x00"} {
		t.Run(fmt.Sprintf("join code %q", bad), func(t *testing.T) {
			_, err := f.com.ByRequestCode(f.ctx, bad)
			wantKind(t, err, errs.NotFound, "")
		})
		t.Run(fmt.Sprintf("slug %q", bad), func(t *testing.T) {
			_, _, err := f.com.BySlug(f.ctx, bad, lea)
			wantKind(t, err, errs.NotFound, "")
		})
	}
	for _, after := range []string{"\xff", "zzz", "testers-guild\x00"} {
		t.Run(fmt.Sprintf("cursor %q", after), func(t *testing.T) {
			if _, _, err := f.com.Discover(f.ctx, lea, community.Filter{After: after}); err != nil {
				t.Errorf("Discover(after %q): %v", after, err)
			}
		})
	}
}
