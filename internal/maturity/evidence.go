package maturity

import (
	"context"
	"fmt"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
)

// Link points at the pages behind a number.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Evidence is what the platform's data says about one indicator.
type Evidence struct {
	Indicator string `json:"indicator"`
	// Available is false for indicators no data can show: the core group
	// rates those by hand only.
	Available bool `json:"available"`
	// Summary says the numbers in a sentence.
	Summary string `json:"summary"`
	// Measure says how the numbers are counted.
	Measure string `json:"measure"`
	Links   []Link `json:"links"`
	// Proposed is the rating the numbers suggest; "" when there is too
	// little data to suggest one.
	Proposed Rating `json:"proposed,omitempty"`
}

// measure turns facts into evidence for one indicator.
type measure func(f Facts) Evidence

// grade proposes yes from yes upwards, partly from partly upwards.
func grade(n, partly, yes int) Rating {
	switch {
	case n >= yes:
		return Yes
	case n >= partly:
		return Partly
	}
	return NotYet
}

func days(n int) string { return fmt.Sprintf("the last %d days", n) }

// measures is the vocabulary of Indicator.Measure. Thresholds are
// cultivate's own rules of thumb; each Evidence says what it counts.
func measures() map[string]measure {
	win := days(WindowDays)
	return map[string]measure{
		"purpose": func(f Facts) Evidence {
			n := len([]rune(f.Purpose))
			e := Evidence{Measure: "Whether the community's purpose is written down on its overview (a few sentences or more counts as yes).",
				Links: []Link{{"Overview", "/c/" + f.Slug}}}
			switch {
			case n >= 80:
				e.Summary, e.Proposed = "The purpose is written down.", Yes
			case n > 0:
				e.Summary, e.Proposed = "The purpose is only a line long.", Partly
			default:
				e.Summary, e.Proposed = "No purpose is written down yet.", NotYet
			}
			return e
		},
		"invitations": func(f Facts) Evidence {
			n := len(f.Held) + f.Announced
			return Evidence{Measure: "Events held plus announcements posted in " + win + " (6 or more: yes; 2 or more: partly).",
				Summary:  fmt.Sprintf("%s held and %s posted in %s.", plural(len(f.Held), "event", "events"), plural(f.Announced, "announcement", "announcements"), win),
				Links:    []Link{{"Events", "/c/" + f.Slug + "/events"}, {"Announcements", "/c/" + f.Slug + "/announcements"}},
				Proposed: grade(n, 2, 6)}
		},
		"variety": func(f Facts) Evidence {
			r := NotYet
			switch {
			case f.Areas >= 3 && f.Formats >= 2:
				r = Yes
			case f.Areas >= 2:
				r = Partly
			}
			return Evidence{Measure: "Of help requests, knowledge, events and the backlog, how many saw activity in " + win + ", and how many event formats were used (3 areas and 2 formats: yes; 2 areas: partly).",
				Summary:  fmt.Sprintf("%d of 4 ways to take part were used; %s.", f.Areas, plural(f.Formats, "event format", "event formats")),
				Links:    []Link{{"Activity", "/c/" + f.Slug + "/activity"}},
				Proposed: r}
		},
		"open_work": func(f Facts) Evidence {
			return Evidence{Measure: "Minutes and summaries published in " + win + " (3 or more: yes; 1: partly).",
				Summary:  fmt.Sprintf("%s published in %s.", plural(f.Minutes, "set of minutes or summary", "minutes or summaries"), win),
				Links:    []Link{{"Knowledge", "/c/" + f.Slug + "/knowledge"}},
				Proposed: grade(f.Minutes, 1, 3)}
		},
		"meet_regularly": func(f Facts) Evidence {
			r := grade(len(f.Held), 2, 6)
			if r == Yes && f.MaxGapDays > 35 {
				r = Partly
			}
			return Evidence{Measure: "Events held in " + win + " and the longest stretch without one (6 or more with no gap over 35 days: yes; 2 or more: partly).",
				Summary:  fmt.Sprintf("%s held in %s; the longest gap was %s.", plural(len(f.Held), "event", "events"), win, plural(f.MaxGapDays, "day", "days")),
				Links:    []Link{{"Events", "/c/" + f.Slug + "/events"}},
				Proposed: r}
		},
		"newcomers_welcomed": func(f Facts) Evidence {
			e := Evidence{Measure: "Of the people who joined in " + win + " (and at least a week ago), the share who, within their first week, got a reply from someone else to a request of theirs or took part themselves (70% or more: yes; 40% or more: partly; needs 3 newcomers).",
				Links: []Link{{"Members", "/c/" + f.Slug + "/members"}}}
			if f.Newcomers == 0 {
				e.Summary = "Nobody joined in " + win + ", so there is nothing to measure."
				return e
			}
			share := float64(f.Welcomed) / float64(f.Newcomers)
			e.Summary = fmt.Sprintf("%d of %d newcomers (%.0f%%) got a reply or took part within a week.", f.Welcomed, f.Newcomers, share*100)
			if f.Newcomers >= 3 {
				e.Proposed = grade(int(share*100+0.5), 40, 70)
			}
			return e
		},
		"contributors": func(f Facts) Evidence {
			return Evidence{Measure: "People outside the leader and core group who asked, answered, wrote, proposed or hosted in " + win + " (10 or more: yes; 3 or more: partly).",
				Summary:  fmt.Sprintf("%s outside the core group took part in %s.", plural(f.Contributors, "person", "people"), win),
				Links:    []Link{{"Activity", "/c/" + f.Slug + "/activity"}},
				Proposed: grade(f.Contributors, 3, 10)}
		},
		"knowledge_shared": func(f Facts) Evidence {
			return Evidence{Measure: "Knowledge artefacts (FAQs, summaries, case stories, reflections, insights, practices, minutes) written in " + win + " (6 or more: yes; 2 or more: partly).",
				Summary:  fmt.Sprintf("%s written in %s.", plural(f.Artefacts, "artefact", "artefacts"), win),
				Links:    []Link{{"Knowledge", "/c/" + f.Slug + "/knowledge"}},
				Proposed: grade(f.Artefacts, 2, 6)}
		},
		"code_of_conduct": func(f Facts) Evidence {
			e := Evidence{Measure: "Whether the community has a code of conduct, which everyone accepts on joining.",
				Links: []Link{{"Code of conduct", "/c/" + f.Slug + "/conduct"}}}
			if f.CodeOfConduct {
				e.Summary, e.Proposed = "A code of conduct is in place and accepted on joining.", Yes
			} else {
				e.Summary, e.Proposed = "There is no code of conduct.", NotYet
			}
			return e
		},
		"needs": func(f Facts) Evidence {
			return Evidence{Measure: "Items on the backlog, any status (5 or more: yes; 1 or more: partly).",
				Summary:  fmt.Sprintf("%s, %d of them open.", plural(f.Backlog.All(), "backlog item", "backlog items"), f.Backlog.Open()),
				Links:    []Link{{"Backlog", "/c/" + f.Slug + "/backlog"}},
				Proposed: grade(f.Backlog.All(), 1, 5)}
		},
		"mission": func(f Facts) Evidence {
			e := Evidence{Measure: "Whether the vision canvas's vision section is written (yes), or only the purpose (partly).",
				Links: []Link{{"Canvas", "/c/" + f.Slug + "/canvas"}}}
			switch {
			case f.CanvasVision:
				e.Summary, e.Proposed = "The canvas's vision is written.", Yes
			case f.Purpose != "":
				e.Summary, e.Proposed = "The purpose is written, the canvas's vision not yet.", Partly
			default:
				e.Summary, e.Proposed = "Neither a purpose nor a vision is written.", NotYet
			}
			return e
		},
		"adoptions": func(f Facts) Evidence {
			return Evidence{Measure: "“I use this” given to the community's practices in " + win + " (5 or more: yes; 1 or more: partly).",
				Summary:  fmt.Sprintf("%s of practices in %s.", plural(f.Adoptions, "adoption", "adoptions"), win),
				Links:    []Link{{"Practices", "/c/" + f.Slug + "/knowledge?kind=practice"}},
				Proposed: grade(f.Adoptions, 1, 5)}
		},
		"feedback": func(f Facts) Evidence {
			r := grade(f.Feedback, 1, 5)
			if f.HealthDone > 0 {
				r = Yes
			}
			return Evidence{Measure: "“Was it worth your time?” answers and health-check rounds closed in " + win + " (a round, or 5 answers: yes; 1 answer: partly).",
				Summary:  fmt.Sprintf("%s and %s in %s.", plural(f.Feedback, "event feedback answer", "event feedback answers"), plural(f.HealthDone, "health-check round", "health-check rounds"), win),
				Links:    []Link{{"Health checks", "/c/" + f.Slug + "/health/checks"}},
				Proposed: r}
		},
		"moderation_shared": func(f Facts) Evidence {
			s := "Nobody in the core group moderated in " + win + "."
			if len(f.Moderators) > 0 {
				s = fmt.Sprintf("%s of the core group moderated in %s: %s.", plural(len(f.Moderators), "person", "people"), win, strings.Join(f.Moderators, ", "))
			}
			return Evidence{Measure: "Leader and core members who claimed, locked, closed, reopened or deleted requests or replies, or moved backlog items, in " + win + " (3 or more: yes; 2: partly).",
				Summary: s, Links: []Link{{"Activity", "/c/" + f.Slug + "/activity"}},
				Proposed: grade(len(f.Moderators), 2, 3)}
		},
		"momentum": func(f Facts) Evidence {
			e := Evidence{Measure: "The share of replies and events created in " + win + " that came from the two most active people (half or less: yes; three quarters or less: partly; needs 10).",
				Links: []Link{{"Activity", "/c/" + f.Slug + "/activity"}}}
			if f.Contributions == 0 {
				e.Summary = "No replies or events in " + win + "."
				return e
			}
			e.Summary = fmt.Sprintf("%.0f%% of %d replies and events came from the two most active people (%s).", f.TopTwoShare*100, f.Contributions, strings.Join(f.TopTwo, " and "))
			if f.Contributions >= 10 {
				switch {
				case f.TopTwoShare <= 0.5:
					e.Proposed = Yes
				case f.TopTwoShare <= 0.75:
					e.Proposed = Partly
				default:
					e.Proposed = NotYet
				}
			}
			return e
		},
		"goals": func(f Facts) Evidence {
			work := f.Backlog[backlog.Planned] + f.Backlog[backlog.InProgress]
			r := NotYet
			switch {
			case f.Targets > 0 && work > 0:
				r = Yes
			case f.Targets > 0 || work > 0:
				r = Partly
			}
			return Evidence{Measure: "Targets the community set, and backlog items planned or in progress (both: yes; either: partly).",
				Summary:  fmt.Sprintf("%s; %s planned or in progress.", plural(f.Targets, "target", "targets"), plural(work, "backlog item", "backlog items")),
				Links:    []Link{{"Targets", TargetsPath(f.Slug)}, {"Backlog", "/c/" + f.Slug + "/backlog"}},
				Proposed: r}
		},
		"hosts": func(f Facts) Evidence {
			return Evidence{Measure: "People who created events, posted announcements or moved backlog items in " + win + " (4 or more: yes; 3: partly).",
				Summary:  fmt.Sprintf("%s organized something in %s.", plural(f.Organizers, "person", "people"), win),
				Links:    []Link{{"Activity", "/c/" + f.Slug + "/activity"}},
				Proposed: grade(f.Organizers, 3, 4)}
		},
		"member_proposals": func(f Facts) Evidence {
			return Evidence{Measure: "Backlog items proposed by members outside the core group in " + win + " (3 or more: yes; 1 or more: partly).",
				Summary:  fmt.Sprintf("%s proposed by members in %s.", plural(f.Proposals, "item", "items"), win),
				Links:    []Link{{"Backlog", "/c/" + f.Slug + "/backlog"}},
				Proposed: grade(f.Proposals, 1, 3)}
		},
		"open_door": func(f Facts) Evidence {
			return Evidence{Measure: "Open-door and cross-community events, and events shared in from other communities, held in " + win + " (2 or more: yes; 1: partly).",
				Summary:  fmt.Sprintf("%s in %s.", plural(f.OpenDoor, "open-door or cross-community event", "open-door or cross-community events"), win),
				Links:    []Link{{"Events", "/c/" + f.Slug + "/events"}},
				Proposed: grade(f.OpenDoor, 1, 2)}
		},
		"milestones": func(f Facts) Evidence {
			return Evidence{Measure: "Announcements posted in " + win + ": where milestones get celebrated (2 or more: yes; 1: partly).",
				Summary:  fmt.Sprintf("%s in %s.", plural(f.Announced, "announcement", "announcements"), win),
				Links:    []Link{{"Announcements", "/c/" + f.Slug + "/announcements"}},
				Proposed: grade(f.Announced, 1, 2)}
		},
		"stories": func(f Facts) Evidence {
			return Evidence{Measure: "Case stories written in " + win + " (2 or more: yes; 1: partly).",
				Summary:  fmt.Sprintf("%s in %s.", plural(f.CaseStories, "case story", "case stories"), win),
				Links:    []Link{{"Knowledge", "/c/" + f.Slug + "/knowledge?kind=case_story"}},
				Proposed: grade(f.CaseStories, 1, 2)}
		},
		"outcomes": func(f Facts) Evidence {
			return Evidence{Measure: "Answers to “how did it turn out?” in " + win + ": members saying what advice was worth (5 or more: yes; 1 or more: partly).",
				Summary:  fmt.Sprintf("%s reported in %s.", plural(f.Outcomes, "outcome", "outcomes"), win),
				Links:    []Link{{"Solved requests", "/c/" + f.Slug + "/requests?view=solved"}},
				Proposed: grade(f.Outcomes, 1, 5)}
		},
	}
}

// EvidenceFor turns facts into evidence for every indicator of model, by key.
func EvidenceFor(model []Stage, f Facts) map[string]Evidence {
	ms := measures()
	out := map[string]Evidence{}
	for _, st := range model {
		for _, ind := range st.Indicators() {
			m, ok := ms[ind.Measure]
			if !ok {
				out[ind.Key] = Evidence{Indicator: ind.Key, Links: []Link{},
					Summary: "Nothing cultivate records can show this; the core group rates it by hand."}
				continue
			}
			e := m(f)
			e.Indicator, e.Available = ind.Key, true
			if e.Links == nil {
				e.Links = []Link{}
			}
			out[ind.Key] = e
		}
	}
	return out
}

// Evidence computes the evidence for the community at slug, now.
func (s *Service) Evidence(ctx context.Context, viewer account.User, slug string) (map[string]Evidence, error) {
	f, err := s.Facts(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	return EvidenceFor(Model(), f), nil
}
