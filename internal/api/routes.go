package api

import "net/http"

// routes is the API's one route table. New registers each line on the mux
// and builds the OpenAPI document from the same lines.
func (h *handler) routes() []route {
	cursor := param{Name: "cursor", Shared: true, Schema: map[string]any{"type": "string"},
		Description: "The next_cursor of the previous page; leave out for the first page."}
	limit := param{Name: "limit", Shared: true, Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit},
		Description: "How many items a page holds."}
	text := func(name, desc string, max int) param {
		return param{Name: name, Description: desc, Schema: map[string]any{"type": "string", "maxLength": max}}
	}
	const (
		created = http.StatusCreated
		denied  = http.StatusForbidden
		clash   = http.StatusConflict
		invalid = http.StatusUnprocessableEntity
	)

	return []route{
		{Method: "GET", Path: "/api/v1/openapi.json", ID: "getOpenAPI", Tag: "meta", Summary: "This API's OpenAPI 3.1 document",
			Auth: anyone, Call: rawJSON(map[string]any{"type": "object", "description": "An OpenAPI 3.1 document."}, h.openAPIDocument)},

		// People.
		{Method: "POST", Path: "/api/v1/users", ID: "signUp", Tag: "users", Summary: "Create an account (no session is opened)",
			Auth: anyone, Status: created, Call: call(h.signUp)},
		{Method: "GET", Path: "/api/v1/users/{id}", ID: "getUser", Tag: "users", Summary: "Someone's public profile",
			Auth: signedIn, Call: call(h.getUser)},
		{Method: "GET", Path: "/api/v1/me", ID: "getMe", Tag: "users", Summary: "The signed-in person's account",
			Auth: signedIn, Call: call(h.me)},
		{Method: "PATCH", Path: "/api/v1/me", ID: "updateMe", Tag: "users", Summary: "Change one's profile; fields left out keep their value",
			Auth: signedIn, Call: call(h.updateMe)},
		{Method: "GET", Path: "/api/v1/me/tokens", ID: "listTokens", Tag: "tokens", Summary: "One's personal API tokens, newest first, revoked ones included",
			Auth: signedIn, Query: []param{cursor, limit}, Call: call(h.listTokens)},
		{Method: "POST", Path: "/api/v1/me/tokens", ID: "createToken", Tag: "tokens", Summary: "Create a personal API token; its secret is shown this once",
			Auth: signedIn, Status: created, Errors: []int{clash}, Call: call(h.createToken)},
		{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", ID: "revokeToken", Tag: "tokens", Summary: "Revoke one of one's tokens",
			Auth: signedIn, Call: call(h.revokeToken)},

		// Communities.
		{Method: "GET", Path: "/api/v1/communities", ID: "listCommunities", Tag: "communities", Summary: "Discover communities: the open ones and the private ones one belongs to",
			Auth: anyone, Query: []param{text("q", "Words to look for in the name, domain or purpose.", 200), cursor, limit}, Call: call(h.listCommunities)},
		{Method: "POST", Path: "/api/v1/communities", ID: "createCommunity", Tag: "communities", Summary: "Create a community; its creator becomes its leader",
			Auth: signedIn, Status: created, Call: call(h.createCommunity)},
		{Method: "GET", Path: "/api/v1/communities/{slug}", ID: "getCommunity", Tag: "communities", Summary: "A community",
			Auth: anyone, Call: call(h.getCommunity)},
		{Method: "PATCH", Path: "/api/v1/communities/{slug}", ID: "updateCommunity", Tag: "communities", Summary: "Change a community's settings (leader only); fields left out keep their value",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.updateCommunity)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/join", ID: "joinCommunity", Tag: "members", Summary: "Join an open community, accepting its code of conduct",
			Auth: signedIn, Status: created, Errors: []int{clash}, Call: call(h.join)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/leave", ID: "leaveCommunity", Tag: "members", Summary: "Leave a community (the leader hands over first)",
			Auth: signedIn, Errors: []int{clash}, Call: call(h.leave)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/members", ID: "listMembers", Tag: "members", Summary: "The member directory",
			Auth: anyone, Query: []param{
				{Name: "role", Description: "Only members with this role.", Schema: map[string]any{"type": "string", "enum": []any{"leader", "core", "member", "sponsor"}}},
				text("expertise", "Only members with this expertise tag.", 32),
				text("q", "Words to look for in names, headlines and introductions.", 200),
				cursor, limit},
			Errors: []int{invalid}, Call: call(h.listMembers)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/members/{user_id}/role", ID: "setMemberRole", Tag: "members", Summary: "Change a member's role (leader only); giving leader hands the leadership over",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.setRole)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/members/{user_id}", ID: "removeMember", Tag: "members", Summary: "Remove a member (leader only)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.removeMember)},

		// Invitations and join requests.
		{Method: "GET", Path: "/api/v1/communities/{slug}/invitations", ID: "listInvitations", Tag: "invitations", Summary: "A community's pending invitations (leader and core group)",
			Auth: signedIn, Query: []param{cursor, limit}, Errors: []int{denied}, Call: call(h.listInvitations)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/invitations", ID: "createInvitation", Tag: "invitations", Summary: "Invite someone by email (leader and core group); the link's token is shown this once",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createInvitation)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/invitations/{id}", ID: "revokeInvitation", Tag: "invitations", Summary: "Withdraw a pending invitation (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.revokeInvitation)},
		{Method: "GET", Path: "/api/v1/me/invitations", ID: "listMyInvitations", Tag: "invitations", Summary: "The pending invitations sent to one's email",
			Auth: signedIn, Query: []param{cursor, limit}, Call: call(h.myInvitations)},
		{Method: "POST", Path: "/api/v1/me/invitations/{id}/accept", ID: "acceptInvitation", Tag: "invitations", Summary: "Accept an invitation, and the community's code of conduct",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.acceptInvitation)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/join-requests", ID: "listJoinRequests", Tag: "join requests", Summary: "A private community's pending join requests, oldest first (leader and core group)",
			Auth: signedIn, Query: []param{cursor, limit}, Errors: []int{denied}, Call: call(h.listJoinRequests)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/join-requests/{id}/approve", ID: "approveJoinRequest", Tag: "join requests", Summary: "Approve a join request: the person becomes a member",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.approveJoinRequest)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/join-requests/{id}/decline", ID: "declineJoinRequest", Tag: "join requests", Summary: "Decline a join request",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.declineJoinRequest)},
		{Method: "POST", Path: "/api/v1/join-requests", ID: "createJoinRequest", Tag: "join requests", Summary: "Ask to join a private community with its join link's code",
			Auth: signedIn, Status: created, Errors: []int{http.StatusNotFound, clash}, Call: call(h.createJoinRequest)},

		// The activity log.
		{Method: "GET", Path: "/api/v1/communities/{slug}/activity", ID: "listActivity", Tag: "activity", Summary: "A community's activity log, newest first",
			Auth: anyone, Query: []param{
				{Name: "kind", Description: "Only entries whose kind starts with this, such as “member.”.", Schema: map[string]any{"type": "string", "pattern": "^[a-z_.]*$", "maxLength": 64}},
				{Name: "actor", Description: "Only what this user id did.", Schema: map[string]any{"type": "integer", "format": "int64", "minimum": 1}},
				cursor, limit},
			Call: call(h.listActivity)},
	}
}

// openAPIDocument serves the document New built from the table.
func (h *handler) openAPIDocument(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(h.doc)
}
