package api

import (
	"time"

	"cultivate/internal/mail"
)

// notificationSettingsJSON is what reaches a member by email.
type notificationSettingsJSON struct {
	WeeklyDigest bool                   `json:"weekly_digest" doc:"A digest every Monday morning: requests in my expertise that need help, upcoming events, new knowledge, backlog items that moved, and the notifications set to digest. An empty digest is not sent."`
	NextDigest   time.Time              `json:"next_digest" doc:"When the next digest is composed."`
	Kinds        []notificationKindJSON `json:"kinds" doc:"Every kind of notification, in the settings page's order."`
}

// notificationKindJSON is one kind of notification and its choice.
type notificationKindJSON struct {
	Kind    string `json:"kind"`
	Group   string `json:"group" doc:"The heading it is listed under."`
	Label   string `json:"label" doc:"The kind in words."`
	Choice  string `json:"choice" enum:"now,digest,never" doc:"now: an email at once (within a minute); digest: in the weekly digest; never: the in-app inbox only."`
	Default string `json:"default" enum:"now,digest,never"`
}

func newNotificationSettings(p mail.Preferences, next time.Time) notificationSettingsJSON {
	out := notificationSettingsJSON{WeeklyDigest: p.WeeklyDigest, NextDigest: next.UTC(), Kinds: []notificationKindJSON{}}
	for _, k := range mail.Kinds() {
		out.Kinds = append(out.Kinds, notificationKindJSON{Kind: k.Kind, Group: k.Group, Label: k.Label,
			Choice: string(p.Choice(k.Kind)), Default: string(k.Default)})
	}
	return out
}

// notificationSettingsUpdate changes some settings; what it leaves out
// keeps its value.
type notificationSettingsUpdate struct {
	WeeklyDigest *bool                `json:"weekly_digest,omitempty"`
	Kinds        []notificationChoice `json:"kinds,omitempty" doc:"Choices for some kinds; kinds left out keep theirs."`
}

// notificationChoice sets one kind's choice.
type notificationChoice struct {
	Kind   string `json:"kind"`
	Choice string `json:"choice" enum:"now,digest,never"`
}
