package community_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// TestInvitations covers both ways into a private community: invitations
// and join requests.
func TestInvitations(t *testing.T) {
	runScenarios(t,
		scenario{"invitation makes the invitee a member with the invited role, once", testInvitationMakesTheInviteeAMemberWithTheInvitedRole},
		scenario{"invitation only for the address it was sent to", testInvitationOnlyForTheAddressItWasSentTo},
		scenario{"expired invitation cannot be accepted", testExpiredInvitationCannotBeAccepted},
		scenario{"revoked invitation cannot be accepted", testRevokedInvitationCannotBeAccepted},
		scenario{"re-inviting replaces the pending invitation", testReinvitingReplacesThePendingInvitation},
		scenario{"who may invite whom", testWhoMayInviteWhom},
		scenario{"join request: request, approve, decline, once each, through the current link", testJoinRequestFlow},
		scenario{"join request to another community cannot be decided here", testJoinRequestOfAnotherCommunityCannotBeDecidedHere},
	)
}

// testInvitationMakesTheInviteeAMemberWithTheInvitedRole, once.
func testInvitationMakesTheInviteeAMemberWithTheInvitedRole(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea := f.user(t, "Léa")
	c := f.create(t, lea, "Secret Guild", community.Private)
	for _, role := range []community.Role{community.Member, community.Core, community.Sponsor} {
		t.Run(string(role), func(t *testing.T) {
			u := f.user(t, "Invitee-"+string(role))
			since := f.mark(t)
			// Addresses are compared without regard to case.
			inv, err := f.com.Invite(f.ctx, lea, c.Slug, "  "+strings.ToUpper(u.Email), role)
			if err != nil {
				t.Fatalf("Invite: %v", err)
			}
			if inv.Token == "" || inv.Email != u.Email || inv.Role != role || !inv.ExpiresAt.Equal(f.clock.Now().Add(community.InvitationTTL)) {
				t.Errorf("invitation = %+v", inv)
			}
			f.wantLog(t, since, line{c.ID, activity.MemberInvited, lea.ID, "invitation", inv.ID})
			if n := f.count(t, `SELECT COUNT(*) FROM invitations WHERE token_hash = $1`, inv.Token); n != 0 {
				t.Error("the invitation's secret is stored in clear")
			}
			shown, err := f.com.InvitationByToken(f.ctx, inv.Token)
			if err != nil || shown.ID != inv.ID || shown.CommunityName != c.Name || shown.CodeOfConduct != coc || shown.InvitedBy != "Léa" || shown.Token != "" {
				t.Errorf("InvitationByToken = %+v, %v", shown, err)
			}

			since = f.mark(t)
			_, err = f.com.AcceptInvitation(f.ctx, u, 0, inv.Token, false)
			wantKind(t, err, errs.Invalid, "accept_coc")
			f.wantLog(t, since)

			got, err := f.com.AcceptInvitation(f.ctx, u, 0, inv.Token, true)
			if err != nil || got.ID != c.ID {
				t.Fatalf("AcceptInvitation = %d, %v", got.ID, err)
			}
			f.wantLog(t, since, line{c.ID, activity.MemberJoined, u.ID, "user", u.ID})
			if (got.RequestCode != "") != (role == community.Core) {
				t.Errorf("accepting as %s returned request code %q; only the leader and core group may see the join link", role, got.RequestCode)
			}
			if r := f.role(t, c, u); r != role {
				t.Errorf("invitee is %q, want %q", r, role)
			}
			// Used once: the link is dead, for them and everyone.
			since = f.mark(t)
			_, err = f.com.AcceptInvitation(f.ctx, u, 0, inv.Token, true)
			wantKind(t, err, errs.NotFound, "")
			_, err = f.com.InvitationByToken(f.ctx, inv.Token)
			wantKind(t, err, errs.NotFound, "")
			f.wantLog(t, since)
			// Inviting a member again is refused.
			_, err = f.com.Invite(f.ctx, lea, c.Slug, u.Email, community.Member)
			wantKind(t, err, errs.Invalid, "email")
		})
	}
}

func testInvitationOnlyForTheAddressItWasSentTo(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, eve, mallory := f.user(t, "Léa"), f.user(t, "Eve"), f.user(t, "Mallory")
	c := f.create(t, lea, "Secret Guild", community.Private)
	inv, err := f.com.Invite(f.ctx, lea, c.Slug, eve.Email, community.Core)
	if err != nil {
		t.Fatal(err)
	}
	since := f.mark(t)
	_, err = f.com.AcceptInvitation(f.ctx, mallory, 0, inv.Token, true)
	wantKind(t, err, errs.Forbidden, "")
	_, err = f.com.AcceptInvitation(f.ctx, mallory, inv.ID, "", true)
	wantKind(t, err, errs.NotFound, "")
	f.wantLog(t, since)
	if r := f.role(t, c, mallory); r != "" {
		t.Fatalf("Mallory became %q with Eve's invitation", r)
	}
	// Eve's own list shows it; she accepts by id.
	list, err := f.com.InvitationsFor(f.ctx, eve)
	if err != nil || len(list) != 1 || list[0].ID != inv.ID {
		t.Fatalf("InvitationsFor(Eve) = %+v, %v", list, err)
	}
	if other, _ := f.com.InvitationsFor(f.ctx, mallory); len(other) != 0 {
		t.Errorf("Mallory sees %d invitations", len(other))
	}
	if _, err := f.com.AcceptInvitation(f.ctx, eve, inv.ID, "", true); err != nil {
		t.Fatalf("Eve accepts by id: %v", err)
	}
	if r := f.role(t, c, eve); r != community.Core {
		t.Errorf("Eve is %q, want core", r)
	}
}

func testExpiredInvitationCannotBeAccepted(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, eve, ann := f.user(t, "Léa"), f.user(t, "Eve"), f.user(t, "Ann")
	c := f.create(t, lea, "Secret Guild", community.Private)
	late, err := f.com.Invite(f.ctx, lea, c.Slug, eve.Email, community.Member)
	if err != nil {
		t.Fatal(err)
	}
	onTime, err := f.com.Invite(f.ctx, lea, c.Slug, ann.Email, community.Member)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(community.InvitationTTL - time.Millisecond)
	if _, err := f.com.AcceptInvitation(f.ctx, ann, 0, onTime.Token, true); err != nil {
		t.Errorf("accepting a millisecond before expiry: %v", err)
	}
	f.clock.Advance(time.Millisecond)
	since := f.mark(t)
	_, err = f.com.AcceptInvitation(f.ctx, eve, 0, late.Token, true)
	wantKind(t, err, errs.NotFound, "")
	_, err = f.com.AcceptInvitation(f.ctx, eve, late.ID, "", true)
	wantKind(t, err, errs.NotFound, "")
	f.wantLog(t, since)
	if r := f.role(t, c, eve); r != "" {
		t.Errorf("expired invitation made Eve %q", r)
	}
	if list, _ := f.com.InvitationsFor(f.ctx, eve); len(list) != 0 {
		t.Errorf("expired invitation still listed for Eve")
	}
	if list, _ := f.com.PendingInvitations(f.ctx, lea, c.Slug); len(list) != 0 {
		t.Errorf("expired invitation still pending for the leader: %+v", list)
	}
}

func testRevokedInvitationCannotBeAccepted(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, cora, max, eve := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.user(t, "Eve")
	c := f.create(t, lea, "Secret Guild", community.Private)
	f.add(t, lea, c, cora, community.Core)
	f.add(t, lea, c, max, community.Member)
	inv, err := f.com.Invite(f.ctx, lea, c.Slug, eve.Email, community.Member)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, f.com.RevokeInvitation(f.ctx, max, c.Slug, inv.ID), errs.Forbidden, "")
	if _, err := f.com.InvitationByToken(f.ctx, inv.Token); err != nil {
		t.Fatalf("a member's refused revocation took effect: %v", err)
	}
	if err := f.com.RevokeInvitation(f.ctx, cora, c.Slug, inv.ID); err != nil {
		t.Fatalf("core revokes: %v", err)
	}
	wantKind(t, f.com.RevokeInvitation(f.ctx, lea, c.Slug, inv.ID), errs.NotFound, "")
	since := f.mark(t)
	_, err = f.com.AcceptInvitation(f.ctx, eve, 0, inv.Token, true)
	wantKind(t, err, errs.NotFound, "")
	f.wantLog(t, since)
	if r := f.role(t, c, eve); r != "" {
		t.Errorf("revoked invitation made Eve %q", r)
	}
	// An invitation of another community cannot be revoked from this one.
	other := f.create(t, lea, "Other Guild", community.Open)
	inv2, err := f.com.Invite(f.ctx, lea, other.Slug, eve.Email, community.Member)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, f.com.RevokeInvitation(f.ctx, lea, c.Slug, inv2.ID), errs.NotFound, "")
}

func testReinvitingReplacesThePendingInvitation(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, eve := f.user(t, "Léa"), f.user(t, "Eve")
	c := f.create(t, lea, "Secret Guild", community.Private)
	first, err := f.com.Invite(f.ctx, lea, c.Slug, eve.Email, community.Member)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	second, err := f.com.Invite(f.ctx, lea, c.Slug, strings.ToUpper(eve.Email), community.Core)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := f.com.PendingInvitations(f.ctx, lea, c.Slug)
	if err != nil || len(pending) != 1 || pending[0].ID != second.ID || pending[0].Role != community.Core {
		t.Fatalf("PendingInvitations = %+v, %v; want only the second", pending, err)
	}
	_, err = f.com.AcceptInvitation(f.ctx, eve, 0, first.Token, true)
	wantKind(t, err, errs.NotFound, "")
	if _, err := f.com.AcceptInvitation(f.ctx, eve, 0, second.Token, true); err != nil {
		t.Fatalf("accepting the new invitation: %v", err)
	}
	if r := f.role(t, c, eve); r != community.Core {
		t.Errorf("Eve is %q, want core (the newer invitation's role)", r)
	}
}

// testWhoMayInviteWhom: the core group invites members; only the leader
// invites into the core group or as a sponsor; nobody invites a leader.
func testWhoMayInviteWhom(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, cora, max, sam, otto := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.user(t, "Sam"), f.user(t, "Otto")
	c := f.create(t, lea, "Secret Guild", community.Private)
	f.add(t, lea, c, cora, community.Core)
	f.add(t, lea, c, max, community.Member)
	f.add(t, lea, c, sam, community.Sponsor)
	tests := []struct {
		name  string
		actor account.User
		email string
		role  community.Role
		kind  errs.Kind // Internal: allowed
		field string
	}{
		{"leader invites core", lea, "a@example.org", community.Core, errs.Internal, ""},
		{"leader invites sponsor", lea, "b@example.org", community.Sponsor, errs.Internal, ""},
		{"core invites member", cora, "c@example.org", community.Member, errs.Internal, ""},
		{"core invites core", cora, "d@example.org", community.Core, errs.Invalid, "role"},
		{"core invites sponsor", cora, "d@example.org", community.Sponsor, errs.Invalid, "role"},
		{"leader invites a leader", lea, "d@example.org", community.Leader, errs.Invalid, "role"},
		{"leader invites with no role", lea, "d@example.org", "", errs.Invalid, "role"},
		{"member invites", max, "d@example.org", community.Member, errs.Forbidden, ""},
		{"sponsor invites", sam, "d@example.org", community.Member, errs.Forbidden, ""},
		{"outsider invites", otto, "d@example.org", community.Member, errs.NotFound, ""},
		{"bad email", lea, "not-an-email", community.Member, errs.Invalid, "email"},
		{"existing member", lea, strings.ToUpper(max.Email), community.Member, errs.Invalid, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			since := f.mark(t)
			pending := f.count(t, `SELECT COUNT(*) FROM invitations`)
			inv, err := f.com.Invite(f.ctx, tt.actor, c.Slug, tt.email, tt.role)
			if tt.kind == errs.Internal {
				if err != nil {
					t.Fatalf("Invite: %v", err)
				}
				f.wantLog(t, since, line{c.ID, activity.MemberInvited, tt.actor.ID, "invitation", inv.ID})
				return
			}
			wantKind(t, err, tt.kind, tt.field)
			f.wantLog(t, since)
			if n := f.count(t, `SELECT COUNT(*) FROM invitations`); n != pending {
				t.Errorf("invitations %d → %d after a refusal", pending, n)
			}
		})
	}
	if _, err := f.com.PendingInvitations(f.ctx, max, c.Slug); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a member lists invitations: %v", err)
	}
}

// testJoinRequestFlow: a join link leads to a pending request; the core
// group approves or declines it once; every step is logged.
func testJoinRequestFlow(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, cora, max, ann, bob := f.user(t, "Léa"), f.user(t, "Cora"), f.user(t, "Max"), f.user(t, "Ann"), f.user(t, "Bob")
	c := f.create(t, lea, "Secret Guild", community.Private)
	f.add(t, lea, c, cora, community.Core)
	f.add(t, lea, c, max, community.Member)

	shown, err := f.com.ByRequestCode(f.ctx, c.RequestCode)
	if err != nil || shown.ID != c.ID || shown.RequestCode != "" {
		t.Fatalf("ByRequestCode = %+v, %v", shown, err)
	}

	since := f.mark(t)
	_, err = f.com.RequestToJoin(f.ctx, ann, c.RequestCode, "hi", false)
	wantKind(t, err, errs.Invalid, "accept_coc")
	_, err = f.com.RequestToJoin(f.ctx, ann, "not-the-code", "hi", true)
	wantKind(t, err, errs.NotFound, "")
	_, err = f.com.RequestToJoin(f.ctx, max, c.RequestCode, "hi", true)
	wantKind(t, err, errs.Conflict, "")
	f.wantLog(t, since)

	reqA, err := f.com.RequestToJoin(f.ctx, ann, c.RequestCode, "  I lead QA at the Paris office. ", true)
	if err != nil {
		t.Fatalf("RequestToJoin: %v", err)
	}
	if reqA.Status != "pending" || reqA.Message != "I lead QA at the Paris office." {
		t.Errorf("request = %+v", reqA)
	}
	f.wantLog(t, since, line{c.ID, activity.JoinRequested, ann.ID, "join_request", reqA.ID})
	since = f.mark(t)
	_, err = f.com.RequestToJoin(f.ctx, ann, c.RequestCode, "again", true)
	wantKind(t, err, errs.Conflict, "")
	f.wantLog(t, since)
	reqB, err := f.com.RequestToJoin(f.ctx, bob, c.RequestCode, "", true)
	if err != nil {
		t.Fatal(err)
	}

	pending, err := f.com.PendingRequests(f.ctx, cora, c.Slug)
	if err != nil || len(pending) != 2 || pending[0].ID != reqA.ID || pending[0].Name != "Ann" {
		t.Fatalf("PendingRequests = %+v, %v", pending, err)
	}
	if n, _ := f.com.PendingRequestCount(f.ctx, c.ID); n != 2 {
		t.Errorf("PendingRequestCount = %d", n)
	}
	_, err = f.com.PendingRequests(f.ctx, max, c.Slug)
	wantKind(t, err, errs.Forbidden, "")
	since = f.mark(t)
	wantKind(t, f.com.DecideRequest(f.ctx, max, c.Slug, reqA.ID, true), errs.Forbidden, "")
	f.wantLog(t, since)

	// Approve Ann: she becomes a member; the approver is the actor.
	if err := f.com.DecideRequest(f.ctx, cora, c.Slug, reqA.ID, true); err != nil {
		t.Fatalf("approve: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.JoinApproved, cora.ID, "user", ann.ID})
	if r := f.role(t, c, ann); r != community.Member {
		t.Errorf("approved Ann is %q", r)
	}
	// Decline Bob: no membership.
	since = f.mark(t)
	if err := f.com.DecideRequest(f.ctx, lea, c.Slug, reqB.ID, false); err != nil {
		t.Fatalf("decline: %v", err)
	}
	f.wantLog(t, since, line{c.ID, activity.JoinDeclined, lea.ID, "user", bob.ID})
	if r := f.role(t, c, bob); r != "" {
		t.Errorf("declined Bob is %q", r)
	}
	// Deciding twice is refused and changes nothing.
	since = f.mark(t)
	for _, tt := range []struct {
		id      int64
		approve bool
	}{{reqA.ID, true}, {reqA.ID, false}, {reqB.ID, true}, {reqB.ID, false}, {reqB.ID + 100, true}} {
		wantKind(t, f.com.DecideRequest(f.ctx, lea, c.Slug, tt.id, tt.approve), errs.NotFound, "")
	}
	f.wantLog(t, since)
	if r := f.role(t, c, bob); r != "" {
		t.Errorf("Bob became %q by a second decision", r)
	}
	if n, _ := f.com.PendingRequestCount(f.ctx, c.ID); n != 0 {
		t.Errorf("PendingRequestCount = %d after deciding both", n)
	}
	// Declined people may ask again, but not through an old link.
	code, err := f.com.RegenerateRequestCode(f.ctx, lea, c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.com.RequestToJoin(f.ctx, bob, c.RequestCode, "please", true)
	wantKind(t, err, errs.NotFound, "")
	if _, err := f.com.RequestToJoin(f.ctx, bob, code, "please", true); err != nil {
		t.Errorf("asking again through the new link: %v", err)
	}
}

// testJoinRequestOfAnotherCommunityCannotBeDecidedHere: a moderator of one
// community cannot approve requests addressed to another.
func testJoinRequestOfAnotherCommunityCannotBeDecidedHere(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	lea, otto, ann := f.user(t, "Léa"), f.user(t, "Otto"), f.user(t, "Ann")
	c := f.create(t, lea, "Secret Guild", community.Private)
	mine := f.create(t, otto, "Otto Guild", community.Private)
	req, err := f.com.RequestToJoin(f.ctx, ann, c.RequestCode, "", true)
	if err != nil {
		t.Fatal(err)
	}
	since := f.mark(t)
	wantKind(t, f.com.DecideRequest(f.ctx, otto, mine.Slug, req.ID, true), errs.NotFound, "")
	wantKind(t, f.com.DecideRequest(f.ctx, otto, c.Slug, req.ID, true), errs.NotFound, "")
	f.wantLog(t, since)
	if r := f.role(t, mine, ann); r != "" {
		t.Errorf("Ann joined Otto's community as %q", r)
	}
}
