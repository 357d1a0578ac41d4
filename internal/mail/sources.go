package mail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
)

// sectionLimit is how many lines one section of the digest shows.
const sectionLimit = 8

// PracticeSource is the digest's "requests that need your help" section:
// open requests in the member's expertise, asked by others.
func PracticeSource(p *practice.Service) Source {
	return func(ctx context.Context, userID int64, _, _ time.Time) (Section, error) {
		items, err := p.NeedingHelp(ctx, userID, sectionLimit)
		if err != nil {
			return Section{}, err
		}
		sec := Section{Title: "Requests in your expertise that need help", Link: "/requests?view=" + string(practice.ViewExpertise)}
		for _, it := range items {
			detail := it.CommunityName
			if len(it.Tags) > 0 {
				detail += " · " + strings.Join(it.Tags, ", ")
			}
			if it.ReplyCount == 0 {
				detail += " · no reply yet"
			} else {
				detail += fmt.Sprintf(" · %d replies", it.ReplyCount)
			}
			sec.Items = append(sec.Items, Item{Title: it.Title, Link: it.Link(), Detail: detail})
		}
		return sec, nil
	}
}

// KnowledgeSource is the digest's "new knowledge" section: artefacts
// written in the member's communities during the week.
func KnowledgeSource(k *knowledge.Service) Source {
	return func(ctx context.Context, userID int64, since, until time.Time) (Section, error) {
		items, err := k.NewIn(ctx, userID, since, until, sectionLimit)
		if err != nil {
			return Section{}, err
		}
		sec := Section{Title: "New knowledge in your communities"}
		for _, it := range items {
			detail := it.KindLabel() + " · " + it.CommunityName
			if it.AuthorName != "" {
				detail += " · by " + it.AuthorName
			}
			sec.Items = append(sec.Items, Item{Title: it.Title, Link: it.Path(), Detail: detail})
		}
		return sec, nil
	}
}
