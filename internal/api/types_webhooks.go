package api

import (
	"time"

	"cultivate/internal/webhook"
)

// webhookJSON is one outgoing webhook of a community. Its signing secret
// is never part of it: it is shown once, when made (createdWebhookJSON,
// webhookSecretJSON).
type webhookJSON struct {
	ID           int64         `json:"id"`
	CommunityID  int64         `json:"community_id"`
	Name         string        `json:"name"`
	URL          string        `json:"url" doc:"The receiver's address. Keep it private: a chat webhook's address lets whoever has it post."`
	Format       string        `json:"format" enum:"slack,teams,generic"`
	Topics       []string      `json:"topics" doc:"What it sends: help, knowledge, events, announcements, backlog, members."`
	Active       bool          `json:"active" doc:"false while paused: nothing is sent."`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
	LastDelivery *deliveryJSON `json:"last_delivery" doc:"The newest delivery attempt; null before the first."`
}

func newWebhook(w webhook.Webhook) webhookJSON {
	out := webhookJSON{ID: w.ID, CommunityID: w.CommunityID, Name: w.Name, URL: w.URL, Format: string(w.Format), Topics: strings0(w.Topics),
		Active: w.Active, CreatedAt: w.CreatedAt.UTC(), UpdatedAt: w.UpdatedAt.UTC()}
	if w.Last != nil {
		d := newDelivery(*w.Last)
		out.LastDelivery = &d
	}
	return out
}

// createdWebhookJSON is a new webhook with its signing secret.
type createdWebhookJSON struct {
	webhookJSON
	Secret string `json:"secret" doc:"Signs every delivery; shown this once. X-Cultivate-Signature is sha256= and the hex HMAC-SHA256, keyed with it, of X-Cultivate-Timestamp, a dot and the body."`
}

// webhookSecretJSON is a webhook's new signing secret.
type webhookSecretJSON struct {
	Secret string `json:"secret" doc:"The new signing secret, shown this once; the old one no longer signs."`
}

// webhookBody is what a client sends to add or replace a webhook.
type webhookBody struct {
	Name   string   `json:"name"`
	URL    string   `json:"url" doc:"http or https; addresses on this machine, link-local or private networks (unless the instance allows them) and the instance itself are refused."`
	Format string   `json:"format" enum:"slack,teams,generic"`
	Topics []string `json:"topics" doc:"At least one of help, knowledge, events, announcements, backlog, members."`
	Active *bool    `json:"active,omitempty" doc:"Default true."`
}

func (b webhookBody) input() webhook.Input {
	active := b.Active == nil || *b.Active
	return webhook.Input{Name: b.Name, URL: b.URL, Format: webhook.Format(b.Format), Topics: b.Topics, Active: active}
}

// deliveryJSON is one attempt in a webhook's delivery log.
type deliveryJSON struct {
	ID         int64     `json:"id"`
	DeliveryID string    `json:"delivery_id" doc:"As sent in X-Cultivate-Delivery: the same on every attempt of one delivery."`
	Kind       string    `json:"kind" doc:"The activity kind delivered, or webhook.ping."`
	ActivityID *int64    `json:"activity_id" doc:"The activity entry delivered; null for a test ping."`
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"at"`
	StatusCode *int      `json:"status_code" doc:"The receiver's answer; null when none came."`
	DurationMS int64     `json:"duration_ms"`
	Error      string    `json:"error"`
	Outcome    string    `json:"outcome" enum:"delivered,retrying,failed,skipped"`
}

func newDelivery(d webhook.Delivery) deliveryJSON {
	out := deliveryJSON{ID: d.ID, DeliveryID: d.DeliveryID(), Kind: d.Kind, ActivityID: optID(d.ActivityID), Attempt: d.Attempt, At: d.At.UTC(),
		DurationMS: d.Duration.Milliseconds(), Error: d.Error, Outcome: d.Outcome}
	if d.StatusCode != 0 {
		s := d.StatusCode
		out.StatusCode = &s
	}
	return out
}
