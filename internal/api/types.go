package api

import (
	"reflect"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/community"
)

// The API's JSON, as Go types. The OpenAPI schemas are derived from these
// very types (schema.go), so a field added here is documented by adding
// it. Tags the document reads besides json: doc (the description), enum
// (comma-separated values) and format.
//
// Conventions: snake_case names; times in RFC 3339, UTC; a value that may
// be absent is null, never left out; lists are [] when empty, never null.

// userJSON is the signed-in person's own account.
type userJSON struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email" format:"email" doc:"Shown only to the person themself."`
	Name      string    `json:"name"`
	Headline  string    `json:"headline" doc:"One line: what I do."`
	Bio       string    `json:"bio" doc:"A short introduction."`
	TimeZone  string    `json:"time_zone" doc:"An IANA time zone, such as Europe/Paris."`
	Expertise []string  `json:"expertise" doc:"Tags: lower case, one word each."`
	IsAdmin   bool      `json:"is_admin"`
	IsSupport bool      `json:"is_support" doc:"A member of the support team that coaches every community."`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func newUser(u account.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Headline: u.Headline, Bio: u.Bio, TimeZone: u.TimeZone,
		Expertise: strings0(u.Expertise), IsAdmin: u.IsAdmin, IsSupport: u.IsSupport,
		CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
}

// publicUserJSON is anyone's profile as others see it: no email, no roles.
type publicUserJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Headline  string    `json:"headline"`
	Bio       string    `json:"bio"`
	TimeZone  string    `json:"time_zone"`
	Expertise []string  `json:"expertise"`
	CreatedAt time.Time `json:"created_at"`
}

func newPublicUser(u account.User) publicUserJSON {
	return publicUserJSON{ID: u.ID, Name: u.Name, Headline: u.Headline, Bio: u.Bio, TimeZone: u.TimeZone,
		Expertise: strings0(u.Expertise), CreatedAt: u.CreatedAt.UTC()}
}

// tokenJSON is a personal API token, without its secret.
type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix" doc:"The token's first characters, to tell tokens apart."`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func newToken(t account.Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt.UTC(),
		LastUsedAt: optTime(t.LastUsedAt), RevokedAt: optTime(t.RevokedAt)}
}

// createdTokenJSON is a token right after creation: the only time its secret
// is shown.
type createdTokenJSON struct {
	tokenJSON
	Secret string `json:"secret" doc:"Send as “Authorization: Bearer <secret>”. Shown once; only a hash is kept."`
}

// communityJSON is a community of practice as the caller may see it.
type communityJSON struct {
	ID                   int64     `json:"id"`
	Slug                 string    `json:"slug" doc:"The community's web address, and its key in the API."`
	Name                 string    `json:"name"`
	Domain               string    `json:"domain" doc:"What the community's practice is about."`
	Purpose              string    `json:"purpose" doc:"Why it exists."`
	Visibility           string    `json:"visibility" enum:"open,private"`
	CodeOfConduct        string    `json:"code_of_conduct"`
	CodeOfConductVersion int       `json:"code_of_conduct_version" doc:"Goes up each time the code of conduct changes."`
	RequestCode          *string   `json:"request_code" doc:"The secret of the private join link; shown only to the leader and the core group, null for everyone else."`
	MemberCount          int       `json:"member_count"`
	LeaderID             int64     `json:"leader_id"`
	LeaderName           string    `json:"leader_name"`
	ViewerRole           *string   `json:"viewer_role" enum:"leader,core,member,sponsor" doc:"The caller's role here; null when not a member."`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

func newCommunity(c community.Community, role community.Role) communityJSON {
	return communityJSON{ID: c.ID, Slug: c.Slug, Name: c.Name, Domain: c.Domain, Purpose: c.Purpose, Visibility: string(c.Visibility),
		CodeOfConduct: c.CodeOfConduct, CodeOfConductVersion: c.CoCVersion, RequestCode: optString(c.RequestCode),
		MemberCount: c.Members, LeaderID: c.LeaderID, LeaderName: c.LeaderName, ViewerRole: optString(string(role)),
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

// membershipJSON is one person's place in a community.
type membershipJSON struct {
	CommunityID             int64     `json:"community_id"`
	UserID                  int64     `json:"user_id"`
	Role                    string    `json:"role" enum:"leader,core,member,sponsor"`
	Intro                   string    `json:"intro" doc:"Their hello in this community's directory."`
	JoinedAt                time.Time `json:"joined_at"`
	CodeOfConductAcceptedAt time.Time `json:"code_of_conduct_accepted_at"`
	CodeOfConductVersion    int       `json:"code_of_conduct_version" doc:"The version of the code of conduct they accepted."`
}

func newMembership(m community.Membership) membershipJSON {
	return membershipJSON{CommunityID: m.CommunityID, UserID: m.UserID, Role: string(m.Role), Intro: m.Intro,
		JoinedAt: m.JoinedAt.UTC(), CodeOfConductAcceptedAt: m.CoCAcceptedAt.UTC(), CodeOfConductVersion: m.CoCVersion}
}

// personJSON is one line of a community's member directory.
type personJSON struct {
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Headline  string    `json:"headline"`
	Intro     string    `json:"intro" doc:"Their hello in this community, or else their profile's bio."`
	Role      string    `json:"role" enum:"leader,core,member,sponsor"`
	JoinedAt  time.Time `json:"joined_at"`
	Expertise []string  `json:"expertise"`
}

func newPerson(p community.Person) personJSON {
	return personJSON{UserID: p.UserID, Name: p.Name, Headline: p.Headline, Intro: p.Intro, Role: string(p.Role),
		JoinedAt: p.JoinedAt.UTC(), Expertise: strings0(p.Expertise)}
}

// invitation asks one person, by email, to join a community.
type invitationJSON struct {
	ID            int64     `json:"id"`
	CommunitySlug string    `json:"community_slug"`
	CommunityName string    `json:"community_name"`
	CodeOfConduct string    `json:"code_of_conduct" doc:"What the invited person accepts by accepting."`
	Email         string    `json:"email" format:"email" doc:"Whom it was sent to; shown to them and to the community's leader and core group."`
	Role          string    `json:"role" enum:"member,core,sponsor"`
	InvitedBy     string    `json:"invited_by" doc:"The name of who invited."`
	CreatedAt     time.Time `json:"created_at"`
	ExpiresAt     time.Time `json:"expires_at"`
	Token         *string   `json:"token" doc:"The secret of the invitation link (/invitations/{token}); only in the answer that creates the invitation, null after."`
}

func newInvitation(i community.Invitation) invitationJSON {
	return invitationJSON{ID: i.ID, CommunitySlug: i.CommunitySlug, CommunityName: i.CommunityName, CodeOfConduct: i.CodeOfConduct,
		Email: i.Email, Role: string(i.Role), InvitedBy: i.InvitedBy, CreatedAt: i.CreatedAt.UTC(), ExpiresAt: i.ExpiresAt.UTC(),
		Token: optString(i.Token)}
}

// joinRequestJSON is someone asking to join a private community.
type joinRequestJSON struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"community_id"`
	UserID      int64     `json:"user_id"`
	Name        string    `json:"name" doc:"The name of who asks."`
	Headline    string    `json:"headline"`
	Message     string    `json:"message"`
	Status      string    `json:"status" enum:"pending,approved,declined,withdrawn"`
	CreatedAt   time.Time `json:"created_at"`
}

func newJoinRequest(r community.JoinRequest) joinRequestJSON {
	return joinRequestJSON{ID: r.ID, CommunityID: r.CommunityID, UserID: r.UserID, Name: r.Name, Headline: r.Headline,
		Message: r.Message, Status: r.Status, CreatedAt: r.CreatedAt.UTC()}
}

// activityEntryJSON is one line of a community's activity log.
type activityEntryJSON struct {
	ID          int64          `json:"id"`
	At          time.Time      `json:"at"`
	CommunityID int64          `json:"community_id"`
	ActorID     *int64         `json:"actor_id" doc:"Who acted; null for the system."`
	ActorName   string         `json:"actor_name"`
	Kind        string         `json:"kind" doc:"area.verb, such as member.joined; a prefix such as member. selects a group."`
	SubjectType string         `json:"subject_type" doc:"What was acted on: user, community, invitation, join_request …"`
	SubjectID   *int64         `json:"subject_id"`
	Detail      map[string]any `json:"detail" doc:"Facts particular to the kind, such as the role given."`
}

func newActivityEntry(e activity.Entry) activityEntryJSON {
	detail := e.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	return activityEntryJSON{ID: e.ID, At: e.At.UTC(), CommunityID: e.CommunityID, ActorID: optID(e.ActorID), ActorName: e.ActorName,
		Kind: e.Kind, SubjectType: e.SubjectType, SubjectID: optID(e.SubjectID), Detail: detail}
}

// errorBody is the one error shape every API error has; web.WriteJSONError
// writes it. It is here to be documented.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code" enum:"bad_request,invalid,unauthorized,forbidden,not_found,method_not_allowed,conflict,too_large,unsupported_media_type,too_many_requests,internal" doc:"What kind of failure; stable, for programs."`
	Message string `json:"message" doc:"What went wrong and what to do, for people."`
	Field   string `json:"field" doc:"The request field or query parameter at fault, or empty."`
}

// Request bodies. A pointer field with omitempty is optional: absent (or
// null) keeps the current value.

type signUpRequest struct {
	Email    string `json:"email" format:"email"`
	Name     string `json:"name"`
	Password string `json:"password" doc:"At least 10 characters; not a common password, nor built from the name or email."`
}

type profileUpdate struct {
	Name      *string   `json:"name,omitempty"`
	Headline  *string   `json:"headline,omitempty"`
	Bio       *string   `json:"bio,omitempty"`
	TimeZone  *string   `json:"time_zone,omitempty"`
	Expertise *[]string `json:"expertise,omitempty" doc:"Replaces every tag; each one word (use hyphens), at most 20."`
}

type tokenRequest struct {
	Name string `json:"name" doc:"What the token is for, such as “CI export”."`
}

type communityRequest struct {
	Name          string `json:"name"`
	Slug          string `json:"slug,omitempty" doc:"Made from the name when left out."`
	Domain        string `json:"domain"`
	Purpose       string `json:"purpose,omitempty"`
	Visibility    string `json:"visibility" enum:"open,private"`
	CodeOfConduct string `json:"code_of_conduct,omitempty" doc:"A sensible default when left out."`
}

type communityUpdate struct {
	Name          *string `json:"name,omitempty"`
	Slug          *string `json:"slug,omitempty"`
	Domain        *string `json:"domain,omitempty"`
	Purpose       *string `json:"purpose,omitempty"`
	Visibility    *string `json:"visibility,omitempty" enum:"open,private"`
	CodeOfConduct *string `json:"code_of_conduct,omitempty" doc:"A change gives the code of conduct a new version."`
}

type joinBody struct {
	AcceptCodeOfConduct bool   `json:"accept_code_of_conduct" doc:"Must be true: joining means accepting the community's code of conduct."`
	Intro               string `json:"intro,omitempty" doc:"A hello shown in the member directory."`
}

type roleRequest struct {
	Role string `json:"role" enum:"leader,core,member,sponsor" doc:"Giving leader hands the leadership over; the old leader joins the core group."`
}

type invitationRequest struct {
	Email string `json:"email" format:"email"`
	Role  string `json:"role,omitempty" enum:"member,core,sponsor" doc:"member when left out; only the leader may invite into the core group or as a sponsor."`
}

type acceptBody struct {
	AcceptCodeOfConduct bool `json:"accept_code_of_conduct" doc:"Must be true."`
}

type joinRequestBody struct {
	Code                string `json:"code" doc:"The code of the community's private join link."`
	Message             string `json:"message,omitempty" doc:"Why you would like to join."`
	AcceptCodeOfConduct bool   `json:"accept_code_of_conduct" doc:"Must be true."`
}

// schemaNames names every type the document describes: the components
// under #/components/schemas. A request type's schema refuses fields it
// does not declare, as the decoder does.
func schemaNames() []schemaName {
	return append([]schemaName{
		{"User", reflect.TypeFor[userJSON](), false},
		{"PublicUser", reflect.TypeFor[publicUserJSON](), false},
		{"Token", reflect.TypeFor[tokenJSON](), false},
		{"CreatedToken", reflect.TypeFor[createdTokenJSON](), false},
		{"Community", reflect.TypeFor[communityJSON](), false},
		{"Membership", reflect.TypeFor[membershipJSON](), false},
		{"Person", reflect.TypeFor[personJSON](), false},
		{"Invitation", reflect.TypeFor[invitationJSON](), false},
		{"JoinRequest", reflect.TypeFor[joinRequestJSON](), false},
		{"ActivityEntry", reflect.TypeFor[activityEntryJSON](), false},
		{"Error", reflect.TypeFor[errorBody](), false},
		{"ErrorDetail", reflect.TypeFor[errorDetail](), false},
		{"CommunityPage", reflect.TypeFor[page[communityJSON]](), false},
		{"PersonPage", reflect.TypeFor[page[personJSON]](), false},
		{"TokenPage", reflect.TypeFor[page[tokenJSON]](), false},
		{"InvitationPage", reflect.TypeFor[page[invitationJSON]](), false},
		{"JoinRequestPage", reflect.TypeFor[page[joinRequestJSON]](), false},
		{"ActivityPage", reflect.TypeFor[page[activityEntryJSON]](), false},
		{"SignUp", reflect.TypeFor[signUpRequest](), true},
		{"ProfileUpdate", reflect.TypeFor[profileUpdate](), true},
		{"TokenRequest", reflect.TypeFor[tokenRequest](), true},
		{"CommunityRequest", reflect.TypeFor[communityRequest](), true},
		{"CommunityUpdate", reflect.TypeFor[communityUpdate](), true},
		{"JoinCommunity", reflect.TypeFor[joinBody](), true},
		{"RoleRequest", reflect.TypeFor[roleRequest](), true},
		{"InvitationRequest", reflect.TypeFor[invitationRequest](), true},
		{"AcceptInvitation", reflect.TypeFor[acceptBody](), true},
		{"JoinRequestRequest", reflect.TypeFor[joinRequestBody](), true},

		// Help requests.
		{"Participant", reflect.TypeFor[participantJSON](), false},
		{"ResponseClock", reflect.TypeFor[clockJSON](), false},
		{"Claim", reflect.TypeFor[claimJSON](), false},
		{"HelpRequest", reflect.TypeFor[requestJSON](), false},
		{"HelpRequestItem", reflect.TypeFor[requestItemJSON](), false},
		{"HelpRequestPage", reflect.TypeFor[page[requestItemJSON]](), false},
		{"Reply", reflect.TypeFor[replyJSON](), false},
		{"ThreadReply", reflect.TypeFor[threadReplyJSON](), false},
		{"ThreadPermissions", reflect.TypeFor[threadPermissionsJSON](), false},
		{"Thread", reflect.TypeFor[threadJSON](), false},
		{"Commitment", reflect.TypeFor[commitmentJSON](), false},
		{"RequestRevision", reflect.TypeFor[requestRevisionJSON](), false},
		{"RequestRevisionList", reflect.TypeFor[listOf[requestRevisionJSON]](), false},
		{"ReplyRevision", reflect.TypeFor[replyRevisionJSON](), false},
		{"ReplyRevisionList", reflect.TypeFor[listOf[replyRevisionJSON]](), false},
		{"TagCount", reflect.TypeFor[tagCountJSON](), false},
		{"TagCountList", reflect.TypeFor[listOf[tagCountJSON]](), false},
		{"Triage", reflect.TypeFor[triageJSON](), false},
		{"AskForHelp", reflect.TypeFor[askBody](), true},
		{"HelpRequestUpdate", reflect.TypeFor[requestUpdate](), true},
		{"ReplyBody", reflect.TypeFor[replyBody](), true},
		{"AcceptReply", reflect.TypeFor[acceptReplyBody](), true},
		{"OutcomeReport", reflect.TypeFor[outcomeBody](), true},
		{"CloseRequest", reflect.TypeFor[closeBody](), true},
		{"CommitmentUpdate", reflect.TypeFor[commitmentUpdate](), true},

		// Knowledge.
		{"Author", reflect.TypeFor[authorJSON](), false},
		{"Source", reflect.TypeFor[sourceJSON](), false},
		{"ArtefactPermissions", reflect.TypeFor[artefactPermissionsJSON](), false},
		{"Artefact", reflect.TypeFor[artefactJSON](), false},
		{"ArtefactItem", reflect.TypeFor[artefactItemJSON](), false},
		{"ArtefactPage", reflect.TypeFor[page[artefactItemJSON]](), false},
		{"Version", reflect.TypeFor[versionJSON](), false},
		{"VersionList", reflect.TypeFor[listOf[versionJSON]](), false},
		{"Comparison", reflect.TypeFor[comparisonJSON](), false},
		{"Hunk", reflect.TypeFor[hunkJSON](), false},
		{"DiffLine", reflect.TypeFor[diffLineJSON](), false},
		{"DiffSegment", reflect.TypeFor[segmentJSON](), false},
		{"Adopter", reflect.TypeFor[adopterJSON](), false},
		{"AdopterList", reflect.TypeFor[listOf[adopterJSON]](), false},
		{"KnowledgeKind", reflect.TypeFor[kindJSON](), false},
		{"PracticeStatus", reflect.TypeFor[practiceStatusJSON](), false},
		{"KnowledgeKinds", reflect.TypeFor[knowledgeKindsJSON](), false},
		{"ArtefactDraft", reflect.TypeFor[artefactDraftJSON](), false},
		// A source reference is part of a request body, so it refuses
		// fields it does not declare, as the decoder does.
		{"SourceRef", reflect.TypeFor[sourceRefJSON](), true},
		{"ArtefactRequest", reflect.TypeFor[artefactBody](), true},
		{"ArtefactUpdate", reflect.TypeFor[artefactUpdate](), true},
		{"PracticeStatusRequest", reflect.TypeFor[statusBody](), true},

		// The backlog and announcements (types_backlog.go).
		{"BacklogLink", reflect.TypeFor[backlogLinkJSON](), false},
		{"BacklogPermissions", reflect.TypeFor[backlogPermissionsJSON](), false},
		{"BacklogItem", reflect.TypeFor[backlogItemJSON](), false},
		{"BacklogPage", reflect.TypeFor[page[backlogItemJSON]](), false},
		{"BacklogItemRequest", reflect.TypeFor[backlogItemBody](), true},
		{"BacklogItemUpdate", reflect.TypeFor[backlogItemUpdate](), true},
		{"BacklogMove", reflect.TypeFor[backlogMoveBody](), true},
		{"BacklogLinkRequest", reflect.TypeFor[backlogLinkBody](), true},
		{"AnnouncementPermissions", reflect.TypeFor[announcementPermissionsJSON](), false},
		{"Announcement", reflect.TypeFor[announcementJSON](), false},
		{"AnnouncementPage", reflect.TypeFor[page[announcementJSON]](), false},
		{"AnnouncementRequest", reflect.TypeFor[announcementBody](), true},
		{"AnnouncementUpdate", reflect.TypeFor[announcementUpdate](), true},
		// End of the backlog and announcements.

		// Health checks and retrospectives (issue 5, types_health.go).
		{"HealthCard", reflect.TypeFor[healthCardJSON](), false},
		{"HealthTemplate", reflect.TypeFor[healthTemplateJSON](), false},
		{"HealthTemplateRequest", reflect.TypeFor[healthTemplateBody](), true},
		{"HealthSettings", reflect.TypeFor[healthSettingsJSON](), false},
		{"HealthSettingsRequest", reflect.TypeFor[healthSettingsBody](), true},
		{"HealthRound", reflect.TypeFor[healthRoundJSON](), false},
		{"HealthResult", reflect.TypeFor[healthResultJSON](), false},
		{"HealthRounds", reflect.TypeFor[healthRoundsJSON](), false},
		{"HealthOpenRequest", reflect.TypeFor[healthOpenBody](), true},
		{"HealthAnswerRequest", reflect.TypeFor[healthAnswerBody](), true},
		{"HealthCardAnswer", reflect.TypeFor[healthCardAnswerJSON](), true},
		{"RetroCard", reflect.TypeFor[retroCardJSON](), false},
		{"RetroAction", reflect.TypeFor[retroActionJSON](), false},
		{"Retro", reflect.TypeFor[retroJSON](), false},
		{"Retros", reflect.TypeFor[retrosJSON](), false},
		{"RetroRequest", reflect.TypeFor[retroBody](), true},
		{"RetroCardRequest", reflect.TypeFor[retroCardBody](), true},
		{"RetroActionRequest", reflect.TypeFor[retroActionBody](), true},
		{"RetroActionStatusRequest", reflect.TypeFor[retroStatusBody](), true},
		// End of health checks and retrospectives.

		// Vision (issue 5, types_canvas.go).
		{"Force", reflect.TypeFor[forceJSON](), false},
		{"WorkshopRef", reflect.TypeFor[workshopRefJSON](), false},
		{"CanvasSection", reflect.TypeFor[canvasSectionJSON](), false},
		{"CanvasSectionList", reflect.TypeFor[listOf[canvasSectionJSON]](), false},
		{"Canvas", reflect.TypeFor[canvasJSON](), false},
		{"CanvasSectionUpdate", reflect.TypeFor[canvasSectionUpdate](), true},
		{"CanvasConflict", reflect.TypeFor[canvasConflictJSON](), false},
		{"WorkshopSection", reflect.TypeFor[workshopSectionJSON](), false},
		{"Workshop", reflect.TypeFor[workshopJSON](), false},
		{"WorkshopList", reflect.TypeFor[listOf[workshopJSON]](), false},
		{"WorkshopNote", reflect.TypeFor[workshopNoteJSON](), false},
		{"WorkshopGroup", reflect.TypeFor[workshopGroupJSON](), false},
		{"WorkshopBoard", reflect.TypeFor[workshopBoardJSON](), false},
		{"WorkshopParticipant", reflect.TypeFor[workshopParticipantJSON](), false},
		{"WorkshopState", reflect.TypeFor[workshopStateJSON](), false},
		{"WorkshopJoined", reflect.TypeFor[workshopJoinedJSON](), false},
		{"WorkshopSent", reflect.TypeFor[workshopSentJSON](), false},
		{"WorkshopElected", reflect.TypeFor[workshopElectedJSON](), false},
		{"WorkshopRequest", reflect.TypeFor[workshopRequest](), true},
		{"WorkshopJoinRequest", reflect.TypeFor[workshopJoinRequest](), true},
		{"WorkshopNoteRequest", reflect.TypeFor[workshopNoteRequest](), true},
		{"WorkshopAdvanceRequest", reflect.TypeFor[workshopAdvanceRequest](), true},
		{"WorkshopGroupRequest", reflect.TypeFor[workshopGroupRequest](), true},
		{"WorkshopMoveRequest", reflect.TypeFor[workshopMoveRequest](), true},
		{"WorkshopDot", reflect.TypeFor[workshopDot](), true},
		{"WorkshopVoteRequest", reflect.TypeFor[workshopVoteRequest](), true},
		{"WorkshopSendRequest", reflect.TypeFor[workshopSendRequest](), true},
		{"WorkshopBallotRequest", reflect.TypeFor[workshopBallotRequest](), true},
		// End of vision.

		// Events (types_events.go).
		{"EventFormat", reflect.TypeFor[eventFormatJSON](), false},
		{"EventFormats", reflect.TypeFor[eventFormatsJSON](), false},
		{"EventCommunity", reflect.TypeFor[eventCommunityJSON](), false},
		{"Recurrence", reflect.TypeFor[recurrenceJSON](), false},
		{"EventPermissions", reflect.TypeFor[eventPermissionsJSON](), false},
		{"Event", reflect.TypeFor[eventJSON](), false},
		{"Occurrence", reflect.TypeFor[occurrenceJSON](), false},
		{"OccurrenceList", reflect.TypeFor[listOf[occurrenceJSON]](), false},
		{"EventFeedback", reflect.TypeFor[feedbackJSON](), false},
		{"EventFeedbackSummary", reflect.TypeFor[feedbackSummaryJSON](), false},
		{"Calendar", reflect.TypeFor[calendarJSON](), false},
		{"EventRequest", reflect.TypeFor[eventBody](), true},
		{"RecurrenceRequest", reflect.TypeFor[recurrenceRef](), true},
		{"RSVPRequest", reflect.TypeFor[rsvpBody](), true},
		{"AttendanceRequest", reflect.TypeFor[attendanceBody](), true},
		{"FeedbackRequest", reflect.TypeFor[feedbackBody](), true},
		{"OccurrenceChange", reflect.TypeFor[occurrenceChangeBody](), true},
		{"OccurrenceRef", reflect.TypeFor[occurrenceRefBody](), true},
		// End of events.

		// Search and the inbox.
		{"SearchResult", reflect.TypeFor[searchResultJSON](), false},
		{"SearchResultPage", reflect.TypeFor[page[searchResultJSON]](), false},
		{"SearchResultList", reflect.TypeFor[listOf[searchResultJSON]](), false},
		{"Notification", reflect.TypeFor[noteJSON](), false},
		{"NotificationPage", reflect.TypeFor[page[noteJSON]](), false},
		{"UnreadCount", reflect.TypeFor[unreadJSON](), false},

		// Webhooks (types_webhooks.go).
		{"Webhook", reflect.TypeFor[webhookJSON](), false},
		{"WebhookList", reflect.TypeFor[listOf[webhookJSON]](), false},
		{"CreatedWebhook", reflect.TypeFor[createdWebhookJSON](), false},
		{"WebhookSecret", reflect.TypeFor[webhookSecretJSON](), false},
		{"WebhookDelivery", reflect.TypeFor[deliveryJSON](), false},
		{"WebhookDeliveryPage", reflect.TypeFor[page[deliveryJSON]](), false},
		{"WebhookRequest", reflect.TypeFor[webhookBody](), true},
		// End of webhooks.

		// Email (types_mail.go).
		{"NotificationSettings", reflect.TypeFor[notificationSettingsJSON](), false},
		{"NotificationKind", reflect.TypeFor[notificationKindJSON](), false},
		{"NotificationSettingsUpdate", reflect.TypeFor[notificationSettingsUpdate](), true},
		{"NotificationChoice", reflect.TypeFor[notificationChoice](), true},
	}, maturitySchemaNames()...) // Maturity (issue 5, types_maturity.go).
}

func strings0(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
