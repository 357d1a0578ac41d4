package practice

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"cultivate/internal/errs"
	"cultivate/internal/notify"
)

// maxMentions bounds the notes one text can send, so a pasted member list
// does not flood the inbox.
const maxMentions = 20

// codeRE matches fenced code blocks and inline code, where an @ is code,
// not a mention.
var codeRE = regexp.MustCompile("(?s)```.*?(?:```|$)|~~~.*?(?:~~~|$)|`[^`\n]*`")

// Mentions returns the distinct @handles in a Markdown text, lower-cased,
// in order of appearance, ignoring code. A handle is 2 to 48 letters a–z,
// digits and inner hyphens; an @ inside a word or an address
// (name@example.org) is no mention.
func Mentions(text string) []string {
	text = codeRE.ReplaceAllString(text, " ")
	seen := map[string]bool{}
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || strings.ContainsRune("_.@/+-", prev) {
				continue
			}
		}
		j := i + 1
		for j < len(text) && isHandleByte(text[j]) {
			j++
		}
		h := strings.ToLower(strings.TrimRight(text[i+1:j], "-"))
		end := i + 1 + len(h)
		if next, _ := utf8.DecodeRuneInString(text[end:]); end < len(text) && (unicode.IsLetter(next) || unicode.IsDigit(next) || next == '_') {
			continue
		}
		i = end - 1
		if len(h) < 2 || len(h) > 48 || h[0] == '-' || seen[h] {
			continue
		}
		seen[h] = true
		out = append(out, h)
		if len(out) == maxMentions {
			break
		}
	}
	return out
}

func isHandleByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-'
}

// notifyMentions tells the members of communityID mentioned in text (and
// not in before, the text it replaces) that they were, except the people in
// skip (already told about this action). Unknown handles and non-members
// are ignored: a mention is no way to reach outside the community.
func (s *Service) notifyMentions(ctx context.Context, communityID, actorID int64, before, text string, note notify.Note, skip ...int64) error {
	old := map[string]bool{}
	for _, h := range Mentions(before) {
		old[h] = true
	}
	var to []int64
	for _, h := range Mentions(text) {
		if old[h] {
			continue
		}
		u, err := s.accounts.ByHandle(ctx, h)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if u.ID == actorID || containsID(skip, u.ID) || !u.DisabledAt.IsZero() {
			continue
		}
		m, err := s.communities.Membership(ctx, communityID, u.ID)
		if err != nil {
			return err
		}
		if m.IsMember() {
			to = append(to, u.ID)
		}
	}
	if len(to) == 0 {
		return nil
	}
	note.Kind, note.CommunityID, note.ActorID = notify.Mention, communityID, actorID
	if err := s.inbox.Send(ctx, note, to...); err != nil {
		return errors.Join(errors.New("practice: mention"), err)
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
