package webhook

import (
	"encoding/json"
	"fmt"
	"strings"
)

// encode renders ev in format f.
func encode(f Format, ev Event) ([]byte, error) {
	var v any
	switch f {
	case Slack:
		v = slackMessage(ev)
	case Teams:
		v = teamsMessage(ev)
	case Generic:
		v = ev
	default:
		return nil, fmt.Errorf("webhook: unknown format %q", f)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("webhook: encode %s: %w", f, err)
	}
	return b, nil
}

// slackMessage is Slack's incoming-webhook shape: text in mrkdwn, with the
// headline as a link. Mattermost and Rocket.Chat accept it too.
func slackMessage(ev Event) map[string]any {
	text := slackEscape(ev.Text)
	if ev.Link != "" {
		// In <url|label> a "|" or ">" in the label would end it early.
		label := strings.NewReplacer("|", "¦").Replace(text)
		text = "<" + slackEscape(ev.Link) + "|" + label + ">"
	}
	if ev.Community.Name != "" {
		text = "*" + slackEscape(ev.Community.Name) + "*: " + text
	}
	return map[string]any{"text": text}
}

// slackEscape escapes the three characters Slack's mrkdwn reserves, so a
// title cannot become a link, a mention (<!channel>) or markup.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// teamsMessage is a message carrying an Adaptive Card, the shape Microsoft
// Teams incoming webhooks and Workflows ("Post to a channel when a webhook
// request is received") accept.
func teamsMessage(ev Event) map[string]any {
	body := []any{}
	if ev.Community.Name != "" {
		body = append(body, map[string]any{"type": "TextBlock", "text": markdownEscape(ev.Community.Name), "weight": "Bolder", "size": "Small", "isSubtle": true, "wrap": true})
	}
	body = append(body, map[string]any{"type": "TextBlock", "text": markdownEscape(ev.Text), "wrap": true})
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body":    body,
	}
	if ev.Link != "" {
		card["actions"] = []any{map[string]any{"type": "Action.OpenUrl", "title": "Open in cultivate", "url": ev.Link}}
	}
	return map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}

// markdownEscape backslash-escapes the characters Adaptive Cards' markdown
// subset reads, so a title like "[win](https://evil)" stays text.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()#+-.!<>|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
