package community_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

func TestMembership(t *testing.T) {
	runScenarios(t,
		scenario{"join requires the code of conduct and an open community", testJoinRequiresTheCodeOfConductAndAnOpenCommunity},
		scenario{"join accepts the current code of conduct version", testJoinAcceptsTheCurrentCodeOfConductVersion},
		scenario{"a community always has exactly one leader", testCommunityAlwaysHasExactlyOneLeader},
		scenario{"only the leader or an admin manages members", testOnlyTheLeaderOrAnAdminManagesMembers},
		scenario{"leave ends membership and is refused to non-members", testLeaveEndsMembershipAndIsRefusedToNonMembers},
		scenario{"members directory filters and pages without gaps or repeats", testMembersDirectoryFiltersAndPagesWithoutGapsOrRepeats},
	)
}

func testJoinRequiresTheCodeOfConductAndAnOpenCommunity(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, max := f.user(t, "Léa"), f.user(t, "Max")
	open := f.create(t, lea, "Open Guild", community.Open)
	private := f.create(t, lea, "Private Guild", community.Private)

	refusals := []struct {
		name   string
		slug   string
		accept bool
		intro  string
		kind   errs.Kind
		field  string
	}{
		{"code of conduct not accepted", open.Slug, false, "", errs.Invalid, "accept_coc"},
		{"intro too long", open.Slug, true, strings.Repeat("i", 1001), errs.Invalid, "intro"},
		{"intro with control character", open.Slug, true, "hi\x1b", errs.Invalid, "intro"},
		{"private community", private.Slug, true, "", errs.NotFound, ""},
		{"no such community", "nowhere", true, "", errs.NotFound, ""},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			since := f.mark(t)
			m, err := f.com.Join(f.ctx, max, tt.slug, tt.accept, tt.intro)
			wantKind(t, err, tt.kind, tt.field)
			if m.IsMember() || f.role(t, open, max) != "" || f.role(t, private, max) != "" {
				t.Error("a refused join made a member")
			}
			f.wantLog(t, since)
		})
	}

	f.clock.Advance(3600e9)
	since := f.mark(t)
	m, err := f.com.Join(f.ctx, max, strings.ToUpper(open.Slug), true, "  Hello, I test APIs.\r\nAnd UIs. ")
	if err != nil {
		t.Fatalf("Join: %v", err)
	}
	if m.Role != community.Member || m.CoCVersion != 1 || !m.CoCAcceptedAt.Equal(f.clock.Now()) || m.Intro != "Hello, I test APIs.\nAnd UIs." {
		t.Errorf("membership = %+v", m)
	}
	f.wantLog(t, since, line{open.ID, activity.MemberJoined, max.ID, "user", max.ID})

	since = f.mark(t)
	_, err = f.com.Join(f.ctx, max, open.Slug, true, "")
	wantKind(t, err, errs.Conflict, "")
	f.wantLog(t, since)
	if got, _, _ := f.com.BySlug(f.ctx, open.Slug, max); got.Members != 2 {
		t.Errorf("members = %d, want 2", got.Members)
	}
}

// testJoinAcceptsTheCurrentCodeOfConductVersion: a newcomer accepts the
// version in force, not the first one.
func testJoinAcceptsTheCurrentCodeOfConductVersion(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, max := f.user(t, "Léa"), f.user(t, "Max")
	c := f.create(t, lea, "Open Guild", community.Open)
	if _, err := f.com.Update(f.ctx, lea, c.Slug, community.Settings{Name: c.Name, Slug: c.Slug, Domain: c.Domain, Visibility: "open", CodeOfConduct: coc + " Updated."}); err != nil {
		t.Fatal(err)
	}
	m, err := f.com.Join(f.ctx, max, c.Slug, true, "")
	if err != nil || m.CoCVersion != 2 {
		t.Fatalf("Join = %+v, %v; want version 2", m, err)
	}
	if stored, _ := f.com.Membership(f.ctx, c.ID, max.ID); stored.CoCVersion != 2 {
		t.Errorf("stored version %d, want 2", stored.CoCVersion)
	}
}

// testCommunityAlwaysHasExactlyOneLeader walks leadership through a hand
// over and every way to lose a leader, checking the count after each step.
func testCommunityAlwaysHasExactlyOneLeader(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, cora, max, root := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.admin(t, "Root")
	c := f.create(t, lea, "Testers Guild", community.Open)
	f.add(t, lea, c, cora, community.Core)
	f.add(t, lea, c, max, community.Member)

	// The leader cannot leave, be removed or be demoted directly, not
	// even by an admin.
	refusals := []struct {
		name  string
		do    func() error
		kind  errs.Kind
		field string
	}{
		{"leader leaves", func() error { return f.com.Leave(f.ctx, lea, c.Slug) }, errs.Conflict, ""},
		{"leader removes self", func() error { return f.com.Remove(f.ctx, lea, c.Slug, lea.ID) }, errs.Conflict, ""},
		{"admin removes the leader", func() error { return f.com.Remove(f.ctx, root, c.Slug, lea.ID) }, errs.Conflict, ""},
		{"leader demotes self to core", func() error { return f.com.SetRole(f.ctx, lea, c.Slug, lea.ID, community.Core) }, errs.Invalid, "role"},
		{"leader demotes self to member", func() error { return f.com.SetRole(f.ctx, lea, c.Slug, lea.ID, community.Member) }, errs.Invalid, "role"},
		{"admin demotes the leader", func() error { return f.com.SetRole(f.ctx, root, c.Slug, lea.ID, community.Sponsor) }, errs.Invalid, "role"},
		{"core makes self leader", func() error { return f.com.SetRole(f.ctx, cora, c.Slug, cora.ID, community.Leader) }, errs.Forbidden, ""},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			since := f.mark(t)
			wantKind(t, tt.do(), tt.kind, tt.field)
			f.wantLog(t, since)
			f.wantOneLeader(t, c, lea)
		})
	}

	// Hand over: the old leader joins the core group.
	since := f.mark(t)
	if err := f.com.SetRole(f.ctx, lea, c.Slug, max.ID, community.Leader); err != nil {
		t.Fatalf("hand over: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.LeadershipHandedOver, lea.ID, "user", max.ID})
	if d := f.detail(t); d != `{"from":"member","to":"leader"}` {
		t.Errorf("detail %s", d)
	}
	f.wantOneLeader(t, c, max)
	if r := f.role(t, c, lea); r != community.Core {
		t.Errorf("old leader is %q, want core", r)
	}
	// The old leader may now leave, and no longer manages.
	wantKind(t, f.com.SetRole(f.ctx, lea, c.Slug, cora.ID, community.Member), errs.Forbidden, "")
	since = f.mark(t)
	if err := f.com.Leave(f.ctx, lea, c.Slug); err != nil {
		t.Fatalf("old leader leaves: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.MemberLeft, lea.ID, "user", lea.ID})
	f.wantOneLeader(t, c, max)

	// An admin may hand over too.
	since = f.mark(t)
	if err := f.com.SetRole(f.ctx, root, c.Slug, cora.ID, community.Leader); err != nil {
		t.Fatalf("admin hands over: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.LeadershipHandedOver, root.ID, "user", cora.ID})
	f.wantOneLeader(t, c, cora)
	if r := f.role(t, c, max); r != community.Core {
		t.Errorf("leader replaced by an admin is %q, want core", r)
	}
	if got, _, _ := f.com.BySlug(f.ctx, c.Slug, cora); got.LeaderID != cora.ID || got.LeaderName != "Cora" {
		t.Errorf("community names leader %d %q", got.LeaderID, got.LeaderName)
	}
}

// testOnlyTheLeaderOrAnAdminManagesMembers: roles and removals by each
// kind of actor.
func testOnlyTheLeaderOrAnAdminManagesMembers(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, cora, max, sam, otto := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.user(t, "Sam"), f.user(t, "Otto")
	root := f.admin(t, "Root")
	c := f.create(t, lea, "Testers Guild", community.Open)
	f.add(t, lea, c, cora, community.Core)
	f.add(t, lea, c, max, community.Member)
	f.add(t, lea, c, sam, community.Sponsor)
	for _, actor := range []account.User{cora, max, sam, otto} {
		t.Run(actor.Name, func(t *testing.T) {
			since := f.mark(t)
			wantKind(t, f.com.SetRole(f.ctx, actor, c.Slug, max.ID, community.Core), errs.Forbidden, "")
			wantKind(t, f.com.Remove(f.ctx, actor, c.Slug, max.ID), errs.Forbidden, "")
			f.wantLog(t, since)
			if r := f.role(t, c, max); r != community.Member {
				t.Errorf("Max is %q after refused changes", r)
			}
		})
	}

	steps := []struct {
		name   string
		actor  account.User
		target account.User
		role   community.Role
		kind   errs.Kind // Internal means success
		field  string
		logged bool
	}{
		{"leader promotes a member to core", lea, max, community.Core, errs.Internal, "", true},
		{"same role again is a no-op", lea, max, community.Core, errs.Internal, "", false},
		{"admin demotes core to member", root, max, community.Member, errs.Internal, "", true},
		{"leader makes a sponsor", lea, max, community.Sponsor, errs.Internal, "", true},
		{"unknown role", lea, max, community.Role("owner"), errs.Invalid, "role", false},
		{"empty role", lea, max, community.Role(""), errs.Invalid, "role", false},
		{"target not a member", lea, otto, community.Core, errs.NotFound, "", false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := f.role(t, c, st.target)
			since := f.mark(t)
			err := f.com.SetRole(f.ctx, st.actor, c.Slug, st.target.ID, st.role)
			if st.kind == errs.Internal {
				if err != nil {
					t.Fatalf("SetRole: %v", err)
				}
				if r := f.role(t, c, st.target); r != st.role {
					t.Errorf("role %q, want %q", r, st.role)
				}
			} else {
				wantKind(t, err, st.kind, st.field)
				if r := f.role(t, c, st.target); r != before {
					t.Errorf("role %q → %q after a refusal", before, r)
				}
			}
			if st.logged {
				f.wantLog(t, since, line{c.ID, activity.MemberRoleChanged, st.actor.ID, "user", st.target.ID})
				if d := f.detail(t); d != fmt.Sprintf(`{"from":%q,"to":%q}`, before, st.role) {
					t.Errorf("detail %s", d)
				}
			} else {
				f.wantLog(t, since)
			}
		})
	}

	since := f.mark(t)
	if err := f.com.Remove(f.ctx, lea, c.Slug, max.ID); err != nil {
		t.Fatalf("leader removes: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.MemberLeft, lea.ID, "user", max.ID})
	if d := f.detail(t); d != `{"removed":true}` {
		t.Errorf("detail %s", d)
	}
	wantKind(t, f.com.Remove(f.ctx, lea, c.Slug, max.ID), errs.NotFound, "")
	since = f.mark(t)
	if err := f.com.Remove(f.ctx, root, c.Slug, sam.ID); err != nil {
		t.Fatalf("admin removes: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.MemberLeft, root.ID, "user", sam.ID})
	// Removed people may come back to an open community.
	if _, err := f.com.Join(f.ctx, max, c.Slug, true, ""); err != nil {
		t.Errorf("rejoin after removal: %v", err)
	}
}

func testLeaveEndsMembershipAndIsRefusedToNonMembers(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, max, otto := f.user(t, "Léa"), f.user(t, "Max"), f.user(t, "Otto")
	c := f.create(t, lea, "Secret Guild", community.Private)
	f.add(t, lea, c, max, community.Member)
	since := f.mark(t)
	wantKind(t, f.com.Leave(f.ctx, otto, c.Slug), errs.NotFound, "") // private: not even told it exists
	f.wantLog(t, since)
	if err := f.com.Leave(f.ctx, max, c.Slug); err != nil {
		t.Fatalf("Leave: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.MemberLeft, max.ID, "user", max.ID})
	if r := f.role(t, c, max); r != "" {
		t.Errorf("still %q after leaving", r)
	}
	_, _, err := f.com.BySlug(f.ctx, c.Slug, max)
	wantKind(t, err, errs.NotFound, "")
}

// testMembersDirectoryFiltersAndPagesWithoutGapsOrRepeats: every filter,
// followed page by page at several sizes, yields exactly the people it
// should, each once.
func testMembersDirectoryFiltersAndPagesWithoutGapsOrRepeats(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea := f.user(t, "Léa Leader")
	if _, err := f.acc.UpdateProfile(f.ctx, lea.ID, account.Profile{Name: lea.Name, Expertise: "go"}); err != nil {
		t.Fatal(err)
	}
	c := f.create(t, lea, "Testers Guild", community.Private)
	type person struct {
		u    account.User
		role community.Role
		tags []string
		text string // headline
	}
	people := []person{{u: lea, role: community.Leader, tags: []string{"go"}}}
	roles := []community.Role{community.Member, community.Member, community.Core, community.Member, community.Sponsor}
	tagSets := [][]string{{"go", "sql"}, {"playwright"}, nil, {"sql"}, {"go"}, {"accessibility", "go"}}
	for i := range 26 {
		u := f.user(t, fmt.Sprintf("Person%02d Example", i))
		p := person{u: u, role: roles[i%len(roles)], tags: tagSets[i%len(tagSets)]}
		if i%4 == 0 {
			p.text = "Exploratory testing coach"
		}
		if _, err := f.acc.UpdateProfile(f.ctx, u.ID, account.Profile{Name: u.Name, Headline: p.text, Expertise: strings.Join(p.tags, ",")}); err != nil {
			t.Fatal(err)
		}
		f.add(t, lea, c, u, p.role)
		if i%7 == 0 {
			if err := f.com.UpdateIntro(f.ctx, u, c.Slug, "I run the Exploratory Testing dojo"); err != nil {
				t.Fatal(err)
			}
			p.text = "exploratory"
		}
		people = append(people, p)
	}
	viewer := people[3].u

	tests := []struct {
		name   string
		filter community.MemberFilter
		match  func(p person) bool
	}{
		{"everyone", community.MemberFilter{}, func(person) bool { return true }},
		{"core", community.MemberFilter{Role: community.Core}, func(p person) bool { return p.role == community.Core }},
		{"leader", community.MemberFilter{Role: community.Leader}, func(p person) bool { return p.role == community.Leader }},
		{"sponsors", community.MemberFilter{Role: community.Sponsor}, func(p person) bool { return p.role == community.Sponsor }},
		{"expertise go", community.MemberFilter{Expertise: " GO "}, func(p person) bool { return slices.Contains(p.tags, "go") }},
		{"expertise and role", community.MemberFilter{Expertise: "sql", Role: community.Member}, func(p person) bool {
			return slices.Contains(p.tags, "sql") && p.role == community.Member
		}},
		{"unknown tag", community.MemberFilter{Expertise: "cobol"}, func(person) bool { return false }},
		{"query by name", community.MemberFilter{Query: "person1"}, func(p person) bool { return strings.HasPrefix(p.u.Name, "Person1") }},
		{"query by headline or intro", community.MemberFilter{Query: "EXPLORATORY"}, func(p person) bool { return p.text != "" }},
	}
	for _, tt := range tests {
		var want []int64
		for _, p := range people {
			if tt.match(p) {
				want = append(want, p.u.ID)
			}
		}
		slices.Sort(want)
		for _, limit := range []int{1, 4, 7, 200} {
			t.Run(fmt.Sprintf("%s/limit %d", tt.name, limit), func(t *testing.T) {
				var got []int64
				fl := tt.filter
				fl.Limit = limit
				for pages := 0; ; pages++ {
					if pages > 40 {
						t.Fatal("the cursor does not end")
					}
					page, next, err := f.com.Members(f.ctx, viewer, c.Slug, fl)
					if err != nil {
						t.Fatalf("Members: %v", err)
					}
					if len(page) > limit {
						t.Fatalf("page of %d, limit %d", len(page), limit)
					}
					for _, p := range page {
						got = append(got, p.UserID)
					}
					if next == 0 {
						break
					}
					fl.After = next
				}
				if !slices.Equal(got, want) {
					t.Errorf("visited %v\nwant    %v", got, want)
				}
			})
		}
	}

	page, _, err := f.com.Members(f.ctx, viewer, c.Slug, community.MemberFilter{Expertise: "accessibility", Limit: 200})
	if err != nil || len(page) == 0 {
		t.Fatalf("Members(accessibility) = %v, %v", page, err)
	}
	if got := page[0].Expertise; !slices.Equal(got, []string{"accessibility", "go"}) {
		t.Errorf("expertise shown %v", got)
	}
	_, _, err = f.com.Members(f.ctx, viewer, c.Slug, community.MemberFilter{Role: "owner"})
	wantKind(t, err, errs.Invalid, "role")
}
