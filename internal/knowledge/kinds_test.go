package knowledge_test

import (
	"strconv"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/knowledge"
)

var zeroUser account.User

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestKindsAreDescribedAndCredited(t *testing.T) {
	kinds := knowledge.Kinds()
	var names []string
	seen := map[knowledge.Kind]bool{}
	for _, k := range kinds {
		names = append(names, string(k.Kind))
		if seen[k.Kind] {
			t.Errorf("%s listed twice", k.Kind)
		}
		seen[k.Kind] = true
		if k.Label == "" || k.Plural == "" || !strings.HasSuffix(k.About, ".") || strings.Count(k.About, ". ") > 0 || k.Credit == "" {
			t.Errorf("%s: label %q plural %q about %q credit %q: want a label and one sentence with its source", k.Kind, k.Label, k.Plural, k.About, k.Credit)
		}
		if !k.Kind.Valid() || k.Kind.Label() != k.Label {
			t.Errorf("%s: Valid %v Label %q", k.Kind, k.Kind.Valid(), k.Kind.Label())
		}
	}
	if got := strings.Join(names, " "); got != "faq summary case_story failure_reflection insight practice minutes" {
		t.Errorf("kinds %s", got)
	}
	if knowledge.Summary.Label() != "Summary & highlights" {
		t.Errorf("summary is labelled %q", knowledge.Summary.Label())
	}
	for _, k := range kinds {
		if k.MayBeAnonymous != (k.Kind == knowledge.FailureReflection) || k.HasStatus != (k.Kind == knowledge.Practice) {
			t.Errorf("%s: anonymous %v status %v", k.Kind, k.MayBeAnonymous, k.HasStatus)
		}
		if strings.Contains(k.Credit, "Pushing the Practice") != (k.Kind != knowledge.Practice && k.Kind != knowledge.Minutes) {
			t.Errorf("%s credited to %q", k.Kind, k.Credit)
		}
	}
	kinds[0].Label = "changed"
	if knowledge.FAQ.Label() != "FAQ" {
		t.Error("changing the returned table changed the kinds")
	}
	if knowledge.Kind("poem").Valid() || knowledge.Kind("poem").Label() != "" {
		t.Error("an unknown kind is valid")
	}
	if len(knowledge.PracticeStatuses()) != 3 || knowledge.Tried.Label() != "Tried" || knowledge.PracticeStatus("x").Valid() {
		t.Error("practice statuses")
	}
}

func TestExcerptIsPlainTextCutBetweenWords(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"empty", "", 50, ""},
		{"plain", "Just words.", 50, "Just words."},
		{"heading, emphasis and link", "# Title\n\nSome **bold** and _soft_ text with a [link](https://x.org) and `code`.", 200,
			"Title Some bold and soft text with a link and code."},
		{"lists and quotes", "- one\n- [x] two\n1. three\n> quoted\n> > deeper", 200, "one two three quoted deeper"},
		{"image, autolink, HTML", "![a diagram](d.png) see <https://x.org> <b>now</b>", 200, "a diagram see https://x.org now"},
		{"snake_case survives", "use my_var_name here, __not this__", 200, "use my_var_name here, not this"},
		{"fences go, code stays", "```go\nfmt.Println(1)\n```\nafter", 200, "fmt.Println(1) after"},
		{"rules and tables", "a\n\n---\n\n| x | y |\n|---|---|\n| 1 | 2 |", 200, "a x y 1 2"},
		{"cut between words", "alpha beta gamma delta epsilon", 14, "alpha beta…"},
		{"cut counts characters, not bytes", "ééééé ééééé ééééé", 11, "ééééé ééééé…"},
		{"one long word is cut inside", strings.Repeat("x", 30), 10, strings.Repeat("x", 10) + "…"},
	}
	for _, tt := range tests {
		if got := knowledge.Excerpt(tt.in, tt.max); got != tt.want {
			t.Errorf("%s: Excerpt(%q, %d) = %q, want %q", tt.name, tt.in, tt.max, got, tt.want)
		}
	}
}
