package api

import (
	"net/http"

	"cultivate/internal/events"
	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
	"cultivate/internal/search"
)

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
	revision := func(name, desc string) param {
		return param{Name: name, Description: desc, Required: true, Schema: map[string]any{"type": "integer", "minimum": 1}}
	}
	date := func(name, desc string) param {
		return param{Name: name, Description: desc, Schema: map[string]any{"type": "string", "anyOf": []any{
			map[string]any{"format": "date"}, map[string]any{"format": "date-time"}}}}
	}
	var views, kinds []any
	var formats []any // events (issue 4)
	for _, f := range events.Formats() {
		formats = append(formats, string(f.Format))
	}
	for _, v := range practice.Views() {
		views = append(views, string(v))
	}
	for _, k := range knowledge.Kinds() {
		kinds = append(kinds, string(k.Kind))
	}
	view := param{Name: "view", Description: "Which requests: all (the default); unanswered, oldest due first; solved; or, for a signed-in caller, " +
		"mine, waiting_followup (my solved requests whose outcome I owe), expertise (open, in my expertise tags) and claimed_by_me. " +
		"All but unanswered list the latest activity first.",
		Schema: map[string]any{"type": "string", "default": string(practice.ViewAll), "enum": views}}
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
				// Issue 4: the transparency log's areas, as on the Activity tab.
				{Name: "area", Description: "Only one area: help (request.*), knowledge (artefact.*), events, backlog, announcements, members, community (settings) or webhooks. Combines with kind and actor.",
					Schema: map[string]any{"type": "string", "enum": activityAreas()}},
				cursor, limit},
			Call: call(h.listActivity)},

		// Help requests.
		{Method: "GET", Path: "/api/v1/communities/{slug}/requests", ID: "listHelpRequests", Tag: "help requests", Summary: "A community's help requests, in the order of the view",
			Auth: anyone, Query: []param{view, text("tag", "Only requests with this tag.", 32), cursor, limit},
			Errors: []int{http.StatusUnauthorized, invalid}, Call: call(h.listRequests)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests", ID: "askForHelp", Tag: "help requests", Summary: "Ask the community for help (members); the commitment's clock starts",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.askRequest)},
		{Method: "GET", Path: "/api/v1/requests", ID: "listMyHelpRequests", Tag: "help requests", Summary: "The help requests of every community one belongs to, in the order of the view",
			Auth: signedIn, Query: []param{view, text("tag", "Only requests with this tag.", 32), cursor, limit},
			Errors: []int{invalid}, Call: call(h.listMyRequests)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/requests/{id}", ID: "getHelpRequest", Tag: "help requests", Summary: "A request's thread: the request, its replies and comments, its clock and what the caller may do",
			Auth: anyone, Call: call(h.getThread)},
		{Method: "PATCH", Path: "/api/v1/communities/{slug}/requests/{id}", ID: "editHelpRequest", Tag: "help requests", Summary: "Edit a request (the asker while it is open; the leader and core group always); fields left out keep their value",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.editRequest)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/requests/{id}", ID: "deleteHelpRequest", Tag: "help requests", Summary: "Delete a request (the asker while it has no replies; the leader and core group always)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.deleteRequest)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/replies", ID: "replyToHelpRequest", Tag: "help requests", Summary: "Reply to a request (members; not when it is locked, closed or deleted)",
			Auth: signedIn, Status: created, Errors: []int{denied, clash}, Call: call(h.reply)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/replies/{reply_id}/comments", ID: "commentOnReply", Tag: "help requests", Summary: "Comment under a reply; a comment on a comment joins the same reply",
			Auth: signedIn, Status: created, Errors: []int{denied, clash}, Call: call(h.comment)},
		{Method: "PATCH", Path: "/api/v1/communities/{slug}/replies/{reply_id}", ID: "editReply", Tag: "help requests", Summary: "Edit a reply or comment (its author while the request is open; the leader and core group always)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.editReply)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/replies/{reply_id}", ID: "deleteReply", Tag: "help requests", Summary: "Delete a reply or comment; the accepted reply must be unaccepted first",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.deleteReply)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/accept", ID: "acceptReply", Tag: "help requests", Summary: "Mark the reply that solved the request (the asker, the leader and core group); the learning loop starts",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.accept)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/unaccept", ID: "unacceptReply", Tag: "help requests", Summary: "Take the acceptance back; the request is open again",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.unaccept)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/claim", ID: "claimHelpRequest", Tag: "help requests", Summary: "“I'll take it”: claim an unanswered request for the community's claim time, or extend one's claim",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.claim)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/requests/{id}/claim", ID: "unclaimHelpRequest", Tag: "help requests", Summary: "Give a claim back (its holder, the leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.unclaim)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/outcome", ID: "reportOutcome", Tag: "help requests", Summary: "Say how a solved request turned out (the asker, once); everyone who helped is told",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.reportOutcome)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/lock", ID: "lockHelpRequest", Tag: "help requests", Summary: "Stop replies, comments and the asker's edits (leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.lock)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/unlock", ID: "unlockHelpRequest", Tag: "help requests", Summary: "Open a locked request to replies again (leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.unlock)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/close", ID: "closeHelpRequest", Tag: "help requests", Summary: "Close an open request with a reason (the asker, the leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.closeRequest)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/requests/{id}/reopen", ID: "reopenHelpRequest", Tag: "help requests", Summary: "Reopen a closed request (leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.reopen)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/requests/{id}/revisions", ID: "listHelpRequestRevisions", Tag: "help requests", Summary: "Every version of a request, oldest first",
			Auth: anyone, Call: call(h.requestRevisions)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/replies/{reply_id}/revisions", ID: "listReplyRevisions", Tag: "help requests", Summary: "Every version of a reply or comment, oldest first",
			Auth: anyone, Call: call(h.replyRevisions)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/request-tags", ID: "listHelpRequestTags", Tag: "help requests", Summary: "The community's tags with how many requests carry each, most used first",
			Auth: anyone, Call: call(h.requestTags)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/similar", ID: "findSimilar", Tag: "help requests", Summary: "Requests and artefacts of the community like a text: “has this been asked before?”",
			Auth: anyone, Query: []param{text("q", "The request being written: its title, and its body if you like.", maxSimilarText)}, Call: call(h.similar)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/triage", ID: "getTriage", Tag: "help commitment", Summary: "The triage queue: open requests waiting for a first reply, most urgent first (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.triage)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/help-settings", ID: "getCommitment", Tag: "help commitment", Summary: "The community's response commitment and the rhythm of its learning loops",
			Auth: anyone, Call: call(h.getCommitment)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/help-settings", ID: "updateCommitment", Tag: "help commitment", Summary: "Change the response commitment (leader and core group); fields left out keep their value",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.updateCommitment)},

		// Knowledge.
		{Method: "GET", Path: "/api/v1/knowledge-kinds", ID: "listKnowledgeKinds", Tag: "knowledge", Summary: "The kinds of knowledge and the statuses of a practice",
			Auth: anyone, Call: call(h.knowledgeKinds)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/artefacts", ID: "listArtefacts", Tag: "knowledge", Summary: "A community's knowledge, newest first",
			Auth: anyone, Query: []param{
				{Name: "kind", Description: "Only artefacts of this kind.", Schema: map[string]any{"type": "string", "enum": kinds}},
				text("tag", "Only artefacts with this tag.", 32),
				{Name: "status", Description: "Only practices with this status.", Schema: map[string]any{"type": "string", "enum": []any{"proposed", "tried", "recommended"}}},
				cursor, limit},
			Errors: []int{invalid}, Call: call(h.listArtefacts)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/artefacts", ID: "createArtefact", Tag: "knowledge", Summary: "Add to the community's knowledge (members)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createArtefact)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/artefacts/{id}", ID: "getArtefact", Tag: "knowledge", Summary: "An artefact",
			Auth: anyone, Call: call(h.getArtefact)},
		{Method: "PATCH", Path: "/api/v1/communities/{slug}/artefacts/{id}", ID: "editArtefact", Tag: "knowledge", Summary: "Edit an artefact from the revision one read; a newer revision saved meanwhile is a conflict. Fields left out keep their value",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.editArtefact)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/artefacts/{id}", ID: "deleteArtefact", Tag: "knowledge", Summary: "Delete an artefact (its author, the leader and core group); the leader and core group can restore it",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.deleteArtefact)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/artefacts/{id}/restore", ID: "restoreArtefact", Tag: "knowledge", Summary: "Bring a deleted artefact back (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.restoreArtefact)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/artefacts/{id}/revisions", ID: "listArtefactRevisions", Tag: "knowledge", Summary: "Every version of an artefact, oldest first",
			Auth: anyone, Call: call(h.artefactRevisions)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/artefacts/{id}/compare", ID: "compareArtefactRevisions", Tag: "knowledge", Summary: "What changed between two revisions of an artefact",
			Auth: anyone, Query: []param{revision("from", "The older revision."), revision("to", "The newer revision.")},
			Errors: []int{invalid}, Call: call(h.compareArtefact)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/artefacts/{id}/status", ID: "setPracticeStatus", Tag: "knowledge", Summary: "Move a practice through its lifecycle (leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.setPracticeStatus)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/artefacts/{id}/adoption", ID: "adoptPractice", Tag: "knowledge", Summary: "“I use this”: say one uses a practice (members)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.adopt)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/artefacts/{id}/adoption", ID: "unadoptPractice", Tag: "knowledge", Summary: "Withdraw one's “I use this”",
			Auth: signedIn, Errors: []int{clash}, Call: call(h.unadopt)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/artefacts/{id}/adopters", ID: "listAdopters", Tag: "knowledge", Summary: "Who uses a practice, earliest first",
			Auth: anyone, Call: call(h.adopters)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/requests/{id}/draft-artefact", ID: "draftArtefactFromRequest", Tag: "knowledge", Summary: "A solved thread as a pre-filled FAQ, not saved: send it to createArtefact (the asker, the leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.draftArtefact)},

		// The backlog and announcements (issue 4: backlog.go, announcements.go).
		{Method: "GET", Path: "/api/v1/communities/{slug}/backlog", ID: "listBacklog", Tag: "backlog", Summary: "A community's backlog: by votes (the oldest first among equals) or newest first",
			Auth: anyone, Query: []param{
				{Name: "status", Description: "open (proposed, planned and in progress; the default), all, or one status.",
					Schema: map[string]any{"type": "string", "default": "open", "enum": []any{"open", "all", "proposed", "planned", "in_progress", "done", "declined"}}},
				{Name: "sort", Description: "votes: most votes first, then the oldest (the default); newest: newest first.",
					Schema: map[string]any{"type": "string", "default": "votes", "enum": []any{"votes", "newest"}}},
				cursor, limit},
			Errors: []int{invalid}, Call: call(h.listBacklog)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/backlog", ID: "proposeBacklogItem", Tag: "backlog", Summary: "Propose a topic or an idea (members)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.proposeBacklogItem)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/backlog/{id}", ID: "getBacklogItem", Tag: "backlog", Summary: "A backlog item, with what fulfilled it looked up afresh",
			Auth: anyone, Call: call(h.getBacklogItem)},
		{Method: "PATCH", Path: "/api/v1/communities/{slug}/backlog/{id}", ID: "editBacklogItem", Tag: "backlog", Summary: "Edit an item (its proposer while it is proposed, the leader and core group); fields left out keep their value",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.editBacklogItem)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/backlog/{id}", ID: "deleteBacklogItem", Tag: "backlog", Summary: "Delete an item and its votes (its proposer while it is proposed, the leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.deleteBacklogItem)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/backlog/{id}/vote", ID: "voteBacklogItem", Tag: "backlog", Summary: "Vote for an open item (members; one vote each)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.voteBacklogItem)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/backlog/{id}/vote", ID: "unvoteBacklogItem", Tag: "backlog", Summary: "Withdraw one's vote from an open item",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.unvoteBacklogItem)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/backlog/{id}/status", ID: "moveBacklogItem", Tag: "backlog", Summary: "Move an item to another status (leader and core group); declining needs a reason",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.moveBacklogItem)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/backlog/{id}/link", ID: "linkBacklogItem", Tag: "backlog", Summary: "Link an item to the event or artefact of the community that fulfilled it (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.linkBacklogItem)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/backlog/{id}/link", ID: "unlinkBacklogItem", Tag: "backlog", Summary: "Remove an item's link (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.unlinkBacklogItem)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/announcements", ID: "listAnnouncements", Tag: "announcements", Summary: "A community's announcements, pinned first, then the newest",
			Auth: anyone, Query: []param{cursor, limit}, Errors: []int{invalid}, Call: call(h.listAnnouncements)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/announcements", ID: "postAnnouncement", Tag: "announcements", Summary: "Announce something to every member (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.postAnnouncement)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/announcements/{id}", ID: "getAnnouncement", Tag: "announcements", Summary: "An announcement",
			Auth: anyone, Call: call(h.getAnnouncement)},
		{Method: "PATCH", Path: "/api/v1/communities/{slug}/announcements/{id}", ID: "editAnnouncement", Tag: "announcements", Summary: "Edit an announcement (its author, the leader); fields left out keep their value",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.editAnnouncement)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/announcements/{id}", ID: "deleteAnnouncement", Tag: "announcements", Summary: "Delete an announcement (its author, the leader)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.deleteAnnouncement)},
		// End of the backlog and announcements.

		// Health checks and retrospectives (issue 5: health.go, types_health.go).
		{Method: "GET", Path: "/api/v1/communities/{slug}/health/template", ID: "getHealthTemplate", Tag: "health checks", Summary: "The cards the next health-check round asks",
			Auth: anyone, Call: call(h.getHealthTemplate)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/health/template", ID: "putHealthTemplate", Tag: "health checks", Summary: "Adapt the cards (leader and core group); past rounds keep theirs",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.putHealthTemplate)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/health/settings", ID: "getHealthSettings", Tag: "health checks", Summary: "The minimum number of answers and the schedule",
			Auth: anyone, Call: call(h.getHealthSettings)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/health/settings", ID: "putHealthSettings", Tag: "health checks", Summary: "Change the minimum number of answers and the schedule (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.putHealthSettings)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/health/rounds", ID: "listHealthRounds", Tag: "health checks", Summary: "A community's health-check rounds, newest first",
			Auth: anyone, Call: call(h.listHealthRounds)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/health/rounds", ID: "openHealthRound", Tag: "health checks", Summary: "Open a round now (leader and core group); members are told",
			Auth: signedIn, Status: created, Errors: []int{denied, clash}, Call: call(h.openHealthRound)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/health/rounds/{id}", ID: "getHealthRound", Tag: "health checks", Summary: "A round, with its results once at least K members answered",
			Auth: anyone, Call: call(h.getHealthRound)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/health/rounds/{id}/answer", ID: "answerHealthRound", Tag: "health checks", Summary: "Answer every card of an open round, anonymously; answering again replaces the answer",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.answerHealthRound)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/health/rounds/{id}/close", ID: "closeHealthRound", Tag: "health checks", Summary: "Close an open round early (leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.closeHealthRound)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/retros", ID: "listRetros", Tag: "retrospectives", Summary: "A community's retrospectives, newest first",
			Auth: anyone, Call: call(h.listRetros)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/retros", ID: "createRetro", Tag: "retrospectives", Summary: "Start a retrospective, optionally following a health-check round (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createRetro)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/retros/{id}", ID: "getRetro", Tag: "retrospectives", Summary: "A retrospective with its cards and actions",
			Auth: anyone, Call: call(h.getRetro)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/retros/{id}/close", ID: "closeRetro", Tag: "retrospectives", Summary: "Close a retrospective to new cards and votes (leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.closeRetro)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/retros/{id}/cards", ID: "addRetroCard", Tag: "retrospectives", Summary: "Add a card to a column (members)",
			Auth: signedIn, Status: created, Errors: []int{denied, clash}, Call: call(h.addRetroCard)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/retros/{id}/cards/{card}/vote", ID: "voteRetroCard", Tag: "retrospectives", Summary: "Vote for a card (members; one vote each)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.voteRetroCard)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/retros/{id}/cards/{card}/vote", ID: "unvoteRetroCard", Tag: "retrospectives", Summary: "Withdraw one's vote from a card",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.unvoteRetroCard)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/retros/{id}/actions", ID: "addRetroAction", Tag: "retrospectives", Summary: "Add an action with an owner and a due day (leader and core group); the owner is told",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.addRetroAction)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/retros/{id}/actions/{action}/status", ID: "setRetroActionStatus", Tag: "retrospectives", Summary: "Move an action along (its owner, the leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.setRetroActionStatus)},
		// End of health checks and retrospectives.

		// Events (issue 4, events.go): the occurrence a call is about is
		// named in the body (or the occurrence query) by its original_start.
		{Method: "GET", Path: "/api/v1/event-formats", ID: "listEventFormats", Tag: "events", Summary: "The formats of events, each with a “What is this?”",
			Auth: anyone, Call: call(h.eventFormats)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/events", ID: "listEvents", Tag: "events", Summary: "A community's coming occurrences (hosted or shared with it), or the latest past ones",
			Auth: anyone, Query: []param{
				{Name: "format", Description: "Only events of this format.", Schema: map[string]any{"type": "string", "enum": formats}},
				{Name: "past", Description: "The latest occurrences that ended, newest first.", Schema: map[string]any{"type": "boolean", "default": false}}},
			Errors: []int{invalid}, Call: call(h.listEvents)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/events", ID: "createEvent", Tag: "events", Summary: "Schedule an event or a series (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createEvent)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/events/{id}", ID: "getEvent", Tag: "events", Summary: "An event or series",
			Auth: anyone, Call: call(h.getEvent)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/events/{id}", ID: "updateEvent", Tag: "events", Summary: "Replace an event (its hosts, the leader and core group); answers follow their occurrence when the schedule changes",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.updateEvent)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/events/{id}/cancel", ID: "cancelEvent", Tag: "events", Summary: "Cancel an event and every coming date; those who answered are told",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.cancelEvent)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/events/{id}/occurrences", ID: "listOccurrences", Tag: "events", Summary: "An event's occurrences in a window, changes applied, cancelled ones marked",
			Auth: anyone, Query: []param{
				{Name: "from", Description: "Start of the window (RFC 3339); now when left out.", Schema: map[string]any{"type": "string", "format": "date-time"}},
				{Name: "to", Description: "End of the window (RFC 3339); a year after from when left out.", Schema: map[string]any{"type": "string", "format": "date-time"}}},
			Errors: []int{invalid}, Call: call(h.listOccurrences)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/events/{id}/occurrence-changes", ID: "changeOccurrence", Tag: "events", Summary: "Move one occurrence or change its place or link, leaving the series",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.changeOccurrence)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/events/{id}/occurrence-cancellations", ID: "cancelOccurrence", Tag: "events", Summary: "Cancel one occurrence, leaving the series",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.cancelOccurrence)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/events/{id}/rsvp", ID: "rsvpEvent", Tag: "events", Summary: "Answer one occurrence: going (the waitlist when full), maybe or not going",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.rsvp)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/events/{id}/attendance", ID: "recordAttendance", Tag: "events", Summary: "Record who was at one occurrence (its hosts, the leader and core group)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.recordAttendance)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/events/{id}/feedback", ID: "giveEventFeedback", Tag: "events", Summary: "“Was it worth your time?” for one occurrence one attended; answering again replaces",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.giveFeedback)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/events/{id}/feedback", ID: "getEventFeedback", Tag: "events", Summary: "The feedback on one occurrence (its hosts, the leader and core group)",
			Auth: signedIn, Query: []param{{Name: "occurrence", Required: true, Description: "The occurrence's original_start (RFC 3339).", Schema: map[string]any{"type": "string", "format": "date-time"}}},
			Errors: []int{denied, invalid}, Call: call(h.eventFeedback)},
		{Method: "GET", Path: "/api/v1/me/calendar", ID: "getMyCalendar", Tag: "events", Summary: "One's secret calendar address (iCalendar) and the key for private communities' calendars",
			Auth: signedIn, Call: call(h.myCalendar)},
		// End of events.

		// Search.
		{Method: "GET", Path: "/api/v1/search", ID: "search", Tag: "search", Summary: "Search requests and artefacts in the communities one may read, ranked, with highlighted snippets",
			Auth: anyone, Query: []param{
				text("q", "Words to find. “a phrase”, -excluded, either OR other, prefix*; anything else is read as plain words. Blank lists newest first.", search.MaxQueryBytes),
				{Name: "community", Description: "Only this community (its slug).", Schema: map[string]any{"type": "string"}},
				{Name: "kind", Description: "Only requests or only artefacts.", Schema: map[string]any{"type": "string", "enum": []any{"request", "artefact"}}},
				{Name: "subkind", Description: "Only artefacts of this kind.", Schema: map[string]any{"type": "string", "enum": kinds}},
				text("tag", "Only things with this tag.", 32),
				{Name: "solved", Description: "Only solved requests (true) or requests not solved (false).", Schema: map[string]any{"type": "boolean"}},
				date("from", "Only things created at or after this date (2026-03-02) or date-time (RFC 3339)."),
				date("to", "Only things created before this date-time, or on or before this date."),
				cursor, limit},
			Errors: []int{http.StatusNotFound, invalid}, Call: call(h.search)},

		// The inbox.
		{Method: "GET", Path: "/api/v1/me/notifications", ID: "listNotifications", Tag: "notifications", Summary: "One's notifications, newest first",
			Auth: signedIn, Query: []param{{Name: "unread", Description: "Only unread notifications.", Schema: map[string]any{"type": "boolean", "default": false}}, cursor, limit},
			Call: call(h.listNotifications)},
		{Method: "GET", Path: "/api/v1/me/notifications/unread-count", ID: "countUnreadNotifications", Tag: "notifications", Summary: "How many of one's notifications are unread",
			Auth: signedIn, Call: call(h.unreadCount)},
		{Method: "POST", Path: "/api/v1/me/notifications/read", ID: "markAllNotificationsRead", Tag: "notifications", Summary: "Mark every notification read",
			Auth: signedIn, Call: call(h.markAllRead)},
		{Method: "POST", Path: "/api/v1/me/notifications/{id}/read", ID: "markNotificationRead", Tag: "notifications", Summary: "Mark one notification read",
			Auth: signedIn, Call: call(h.markRead)},

		// Email (issue 4, mail.go): what reaches one by email, kind by kind.
		{Method: "GET", Path: "/api/v1/me/notification-settings", ID: "getNotificationSettings", Tag: "notifications",
			Summary: "What reaches one by email: each kind at once, in the weekly digest or never, and the digest switch", Auth: signedIn, Call: call(h.notificationSettings)},
		{Method: "PUT", Path: "/api/v1/me/notification-settings", ID: "setNotificationSettings", Tag: "notifications",
			Summary: "Change what reaches one by email; kinds left out keep their choice", Auth: signedIn, Call: call(h.setNotificationSettings)},
		// End of email.

		// Outgoing webhooks (issue 4, webhooks.go): the leader and the core group.
		{Method: "GET", Path: "/api/v1/communities/{slug}/webhooks", ID: "listWebhooks", Tag: "webhooks", Summary: "A community's outgoing webhooks, oldest first, each with its newest delivery",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.listWebhooks)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/webhooks", ID: "createWebhook", Tag: "webhooks", Summary: "Add a webhook; the answer holds its signing secret, shown this once",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createWebhook)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/webhooks/{id}", ID: "getWebhook", Tag: "webhooks", Summary: "One webhook",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.getWebhook)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/webhooks/{id}", ID: "replaceWebhook", Tag: "webhooks", Summary: "Change every setting of a webhook; its secret stays",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.replaceWebhook)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/webhooks/{id}", ID: "deleteWebhook", Tag: "webhooks", Summary: "Delete a webhook and its delivery log",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.deleteWebhook)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/webhooks/{id}/rotate-secret", ID: "rotateWebhookSecret", Tag: "webhooks", Summary: "Give a webhook a new signing secret, shown this once",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.rotateWebhookSecret)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/webhooks/{id}/ping", ID: "pingWebhook", Tag: "webhooks", Summary: "Queue a test delivery (sent even while paused); its result shows in the delivery log",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.pingWebhook)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/webhooks/{id}/deliveries", ID: "listWebhookDeliveries", Tag: "webhooks", Summary: "A webhook's delivery log, newest attempt first",
			Auth: signedIn, Query: []param{cursor, limit}, Errors: []int{denied}, Call: call(h.listDeliveries)},
		// End of webhooks.

		// Maturity (issue 5, maturity.go): the maturity model with its
		// evidence and assessments, dimensions, targets and bootstrap steps.
		{Method: "GET", Path: "/api/v1/maturity/model", ID: "getMaturityModel", Tag: "maturity", Summary: "The maturity model: four stages of three areas of three indicators, with the stage rule and its source",
			Auth: anyone, Call: call(h.getMaturityModel)},
		{Method: "GET", Path: "/api/v1/maturity/metrics", ID: "listMaturityMetrics", Tag: "maturity", Summary: "The live metrics a target can follow",
			Auth: anyone, Call: call(h.listMaturityMetrics)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/maturity", ID: "getMaturity", Tag: "maturity", Summary: "Where a community stands: its latest assessment, the previous one and what changed",
			Auth: anyone, Call: call(h.getMaturity)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/maturity/assessments", ID: "listMaturityAssessments", Tag: "maturity", Summary: "A community's assessments, newest first (up to 100)",
			Auth: anyone, Call: call(h.listAssessments)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/maturity/assessments", ID: "recordMaturityAssessment", Tag: "maturity", Summary: "Record a dated assessment (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.recordAssessment)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/maturity/evidence", ID: "getMaturityEvidence", Tag: "maturity", Summary: "Evidence for every indicator from the last 90 days, with a proposed rating where the data allows",
			Auth: anyone, Call: call(h.getMaturityEvidence)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/dimensions", ID: "getDimensions", Tag: "maturity", Summary: "The dimensions of intentional development with the community's settings and their history",
			Auth: anyone, Call: call(h.getDimensions)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/dimensions", ID: "setDimensions", Tag: "maturity", Summary: "Save the sliders, now and where we want it, 0 to 10 (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.setDimensions)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/dimensions/wording", ID: "adaptDimension", Tag: "maturity", Summary: "Reword a dimension for the community (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.adaptDimension)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/targets", ID: "listTargets", Tag: "maturity", Summary: "A community's targets with their progress now, soonest due first",
			Auth: anyone, Call: call(h.listTargets)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/targets", ID: "createTarget", Tag: "maturity", Summary: "Set a target, bound to a live metric or updated by hand (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createTarget)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/targets/{id}", ID: "getTarget", Tag: "maturity", Summary: "One target with its progress now",
			Auth: anyone, Call: call(h.getTarget)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/targets/{id}", ID: "replaceTarget", Tag: "maturity", Summary: "Change a target (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.replaceTarget)},
		{Method: "DELETE", Path: "/api/v1/communities/{slug}/targets/{id}", ID: "deleteTarget", Tag: "maturity", Summary: "Remove a target and its values (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.deleteTarget)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/targets/{id}/values", ID: "recordTargetValue", Tag: "maturity", Summary: "Record a dated value for a target without a live metric (leader and core group)",
			Auth: signedIn, Status: created, Errors: []int{denied, clash}, Call: call(h.recordTargetValue)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/bootstrap", ID: "getBootstrap", Tag: "maturity", Summary: "The bootstrap steps, ticked by evidence or by hand",
			Auth: anyone, Call: call(h.getBootstrap)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/bootstrap", ID: "tickBootstrapStep", Tag: "maturity", Summary: "Tick or untick a bootstrap step by hand, with a note (leader and core group)",
			Auth: signedIn, Errors: []int{denied}, Call: call(h.tickBootstrap)},
		// End of maturity.

		// Vision (issue 5, canvas.go and workshop.go): the canvas, with a
		// conflict (409, both versions) when a section changed since it was
		// read, and the live workshop. Guests send Workshop-Token.
		{Method: "GET", Path: "/api/v1/communities/{slug}/canvas", ID: "getCanvas", Tag: "vision", Summary: "A community's vision canvas, every section at its current revision",
			Auth: anyone, Call: call(h.getCanvas)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/canvas/{section}", ID: "saveCanvasSection", Tag: "vision", Summary: "Save one section from the revision one read (leader and core group); a newer revision saved meanwhile is a 409 carrying both versions",
			Auth: signedIn, Errors: []int{denied, clash}, Call: h.saveCanvasBinding()},
		{Method: "GET", Path: "/api/v1/communities/{slug}/canvas/{section}/revisions", ID: "listCanvasRevisions", Tag: "vision", Summary: "Every revision of one section, oldest first",
			Auth: anyone, Call: call(h.canvasRevisions)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/workshops", ID: "listWorkshops", Tag: "vision", Summary: "A community's workshops, newest first",
			Auth: anyone, Call: call(h.listWorkshops)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops", ID: "createWorkshop", Tag: "vision", Summary: "Open a workshop on canvas sections (leader and core group); members are told",
			Auth: signedIn, Status: created, Errors: []int{denied}, Call: call(h.createWorkshop)},
		{Method: "POST", Path: "/api/v1/workshops/join", ID: "joinWorkshopByCode", Tag: "vision", Summary: "Join an open workshop with its code: members as themselves, anyone else as a guest who gets a token",
			Auth: anyone, Errors: []int{clash}, Call: call(h.joinWorkshopByCode)},
		{Method: "GET", Path: "/api/v1/communities/{slug}/workshops/{id}", ID: "getWorkshop", Tag: "vision", Summary: "A workshop as the caller sees it: while writing, their own notes and everyone's counts",
			Auth: anyone, Call: call(h.getWorkshop)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/join", ID: "joinWorkshop", Tag: "vision", Summary: "Join a workshop of one's community",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.joinWorkshop)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/notes", ID: "addWorkshopNote", Tag: "vision", Summary: "Write a note, hidden from the others until the reveal (write step only)",
			Auth: anyone, Errors: []int{denied, clash}, Call: call(h.addWorkshopNote)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/advance", ID: "advanceWorkshop", Tag: "vision", Summary: "Move to the next step (facilitator); from the write step this reveals every note",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.advanceWorkshop)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/groups", ID: "addWorkshopGroup", Tag: "vision", Summary: "Add a group of notes (group step)",
			Auth: anyone, Errors: []int{denied, clash}, Call: call(h.addWorkshopGroup)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/workshops/{id}/notes/{note}/group", ID: "moveWorkshopNote", Tag: "vision", Summary: "Put a note in a group, or in none (group step)",
			Auth: anyone, Errors: []int{denied, clash}, Call: call(h.moveWorkshopNote)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/workshops/{id}/votes", ID: "voteWorkshop", Tag: "vision", Summary: "Place one's dots (vote step); more than the workshop's dots in total is refused",
			Auth: anyone, Errors: []int{denied, clash}, Call: call(h.voteWorkshop)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/send", ID: "sendWorkshopResult", Tag: "vision", Summary: "Send the chosen groups to the canvas as revisions credited to the workshop (facilitator, result step)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.sendWorkshop)},
		{Method: "PUT", Path: "/api/v1/communities/{slug}/workshops/{id}/ballot", ID: "castWorkshopBallot", Tag: "vision", Summary: "Vote for the leader (members, elect step)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.ballotWorkshop)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/apply", ID: "applyWorkshopElection", Tag: "vision", Summary: "Hand the leadership to the elected member, through the community's handover rules (facilitator)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.applyWorkshopElection)},
		{Method: "POST", Path: "/api/v1/communities/{slug}/workshops/{id}/close", ID: "closeWorkshop", Tag: "vision", Summary: "Close the workshop (facilitator)",
			Auth: signedIn, Errors: []int{denied, clash}, Call: call(h.closeWorkshop)},
		// End of vision.
	}
}

// openAPIDocument serves the document New built from the table.
func (h *handler) openAPIDocument(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(h.doc)
}
