package web

import (
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/community"
	"cultivate/internal/feed"
)

// activityLine is one entry of the activity log, said in words.
type activityLine struct {
	At      time.Time
	Actor   string
	ActorID int64
	Text    string
	Kind    string
	// Filled on the Activity tab: the subject's current title and page.
	Title string
	Link  string
}

func describeAll(entries []activity.Entry) []activityLine {
	out := make([]activityLine, 0, len(entries))
	for _, e := range entries {
		out = append(out, describe(e))
	}
	return out
}

// describe turns an entry into a sentence that follows the actor's name.
func describe(e activity.Entry) activityLine {
	l := activityLine{At: e.At, Actor: e.ActorName, ActorID: e.ActorID, Kind: e.Kind}
	switch {
	case e.ActorID == 0:
		l.Actor = "cultivate" // the background work: reminders, follow-ups
	case l.Actor == "":
		l.Actor = "Someone" // an anonymous card, an account since deleted
	}
	str := func(k string) string {
		v, _ := e.Detail[k].(string)
		return v
	}
	switch e.Kind {
	case activity.CommunityCreated:
		l.Text = "started the community"
	case activity.CommunityUpdated:
		l.Text = "changed the community's settings"
	case activity.MemberJoined:
		l.Text = "joined"
		if r := community.Role(str("role")); r != community.Member && r.Valid() {
			l.Text = "joined as " + lower(r.Label())
		}
	case activity.MemberLeft:
		l.Text = "left"
		if removed, _ := e.Detail["removed"].(bool); removed {
			l.Text = "removed a member"
		}
	case activity.MemberRoleChanged:
		l.Text = "changed a member's role to " + lower(community.Role(str("to")).Label())
	case activity.LeadershipHandedOver:
		l.Text = "handed the leadership over"
	case activity.MemberInvited:
		l.Text = "invited someone as " + lower(community.Role(str("role")).Label())
	case activity.JoinRequested:
		l.Text = "asked to join"
	case activity.JoinApproved:
		l.Text = "approved a request to join"
	case activity.JoinDeclined:
		l.Text = "declined a request to join"
	default:
		// Help requests, knowledge, events, the backlog, announcements,
		// webhooks, and any kind not worded yet.
		l.Text = feed.Phrase(e)
	}
	return l
}

func lower(s string) string {
	b := []byte(s)
	if len(b) > 0 && b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
