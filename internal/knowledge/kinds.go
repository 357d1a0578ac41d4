package knowledge

// Kind is the form a piece of knowledge takes.
type Kind string

// The kinds of artefact. The first five are the forms of communal memory
// seed 002 names when it describes capturing emergent learning; practice
// comes from seed 001 (members exchange practices and converge on a
// community's best one) and minutes from seed 004 (publish what events
// discussed and decided).
const (
	FAQ               Kind = "faq"
	Summary           Kind = "summary"
	CaseStory         Kind = "case_story"
	FailureReflection Kind = "failure_reflection"
	Insight           Kind = "insight"
	Practice          Kind = "practice"
	Minutes           Kind = "minutes"
)

// KindInfo describes a kind for people: the "What is this?" next to it.
type KindInfo struct {
	Kind   Kind   `json:"kind"`
	Label  string `json:"label"`
	Plural string `json:"plural"`
	// About says in one sentence what an artefact of this kind is.
	About string `json:"about"`
	// Credit names where the idea comes from.
	Credit string `json:"credit"`
	// MayBeAnonymous is true for the one kind that can be shared without
	// the author's name.
	MayBeAnonymous bool `json:"may_be_anonymous"`
	// HasStatus is true for the kind with a lifecycle and adoptions.
	HasStatus bool `json:"has_status"`
}

const (
	creditSeed002 = "After “Pushing the Practice” and Wenger-Trayner's dimensions of intentional development: capturing emergent learning as the community's memory."
	creditSeed001 = "After Knoco: communities exchange practices, and members learn and adopt a better one, sometimes converging on a recommended practice."
	creditSeed004 = "After “How to run a Community of Practice”: publish the minutes and content of every event."
)

// Kinds returns every kind, in the order pages list them. The slice is new
// on every call; changing it changes nothing else.
func Kinds() []KindInfo {
	return []KindInfo{
		{Kind: FAQ, Label: "FAQ", Plural: "FAQs",
			About:  "A question members keep running into, answered once and well, so the next person finds the answer without having to ask.",
			Credit: creditSeed002},
		{Kind: Summary, Label: "Summary & highlights", Plural: "Summaries & highlights",
			About:  "The points worth keeping from a discussion, a thread or a meeting, for those who missed it and those who want to remember it.",
			Credit: creditSeed002},
		{Kind: CaseStory, Label: "Case story", Plural: "Case stories",
			About:  "What happened on a real piece of work: the situation, what was done, how it went and what others can take from it.",
			Credit: creditSeed002},
		{Kind: FailureReflection, Label: "Failure reflection", Plural: "Failure reflections",
			About:  "An honest look at something that went wrong and what it taught; it can be shared without the author's name, which only the leader and the core group then see.",
			Credit: creditSeed002, MayBeAnonymous: true},
		{Kind: Insight, Label: "Insight", Plural: "Insights",
			About:  "A realisation about the practice that changes how members work, short enough to remember and act on.",
			Credit: creditSeed002},
		{Kind: Practice, Label: "Practice", Plural: "Practices",
			About:  "A way of working that the community proposes, tries out and, once it has proven itself, recommends; members say when they use it.",
			Credit: creditSeed001, HasStatus: true},
		{Kind: Minutes, Label: "Minutes", Plural: "Minutes",
			About:  "The record of an event: what was discussed, what was decided and what happens next.",
			Credit: creditSeed004},
	}
}

// Info returns the description of k; ok is false for an unknown kind.
func (k Kind) Info() (info KindInfo, ok bool) {
	for _, i := range Kinds() {
		if i.Kind == k {
			return i, true
		}
	}
	return KindInfo{}, false
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	_, ok := k.Info()
	return ok
}

// Label is the kind's name for people ("Summary & highlights"), or "" for
// an unknown kind.
func (k Kind) Label() string {
	i, _ := k.Info()
	return i.Label
}

// PracticeStatus is where a practice stands in its lifecycle.
type PracticeStatus string

// The statuses of a practice, in lifecycle order.
const (
	Proposed    PracticeStatus = "proposed"
	Tried       PracticeStatus = "tried"
	Recommended PracticeStatus = "recommended"
)

// StatusInfo describes a practice status for people.
type StatusInfo struct {
	Status PracticeStatus `json:"status"`
	Label  string         `json:"label"`
	About  string         `json:"about"`
}

// PracticeStatuses returns the statuses in lifecycle order. The slice is
// new on every call.
func PracticeStatuses() []StatusInfo {
	return []StatusInfo{
		{Status: Proposed, Label: "Proposed", About: "Someone suggests it; the community has not tried it on real work yet."},
		{Status: Tried, Label: "Tried", About: "Members have used it on real work and shared how it went."},
		{Status: Recommended, Label: "Recommended", About: "It has proven itself; the community recommends it as the way to do this."},
	}
}

// Valid reports whether s is a known status.
func (s PracticeStatus) Valid() bool {
	return s == Proposed || s == Tried || s == Recommended
}

// Label is the status's name for people, or "" for none.
func (s PracticeStatus) Label() string {
	for _, i := range PracticeStatuses() {
		if i.Status == s {
			return i.Label
		}
	}
	return ""
}
