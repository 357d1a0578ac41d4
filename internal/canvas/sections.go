package canvas

import "strings"

// Kind says how a section is written.
type Kind string

// The kinds of section.
const (
	Markdown   Kind = "markdown"    // free text, Markdown
	Line       Kind = "line"        // one short line (the name)
	ForceField Kind = "force_field" // a list of forces, each with a strength
)

// Section describes one part of the canvas. The list is data, so a
// support team can adapt the words per organization without touching the
// rules (seed 000 warns against a cookie-cutter approach).
type Section struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Kind  Kind   `json:"kind"`
	// Prompt is the question the section answers, shown above the editor.
	Prompt string `json:"prompt"`
	// About is the "What is this?": the idea in our own words, with its
	// source credited.
	About string `json:"about"`
	// Workshop says whether a workshop can fill the section with notes.
	// The force field needs a direction and a strength per force, and the
	// leader is elected by the workshop's last step, so neither is.
	Workshop bool `json:"workshop"`
	// Min and Max bound the length of a text section, in characters.
	Min int `json:"min"`
	Max int `json:"max"`
}

// Source credits where the canvas and its workshop come from.
const Source = "the guide “How to run a Community of Practices” (seed 004 of cultivate's sources): its two-hour vision workshop and the canvas it produces"

// Section keys.
const (
	KeyVision    = "vision"
	KeyHow       = "how"
	KeyImpact    = "impact"
	KeyResources = "resources"
	KeyForces    = "forces"
	KeyName      = "name"
	KeyLeader    = "leader"
)

// Sections returns the canvas's sections in the order the workshop works
// through them.
func Sections() []Section {
	return []Section{
		{Key: KeyVision, Label: "Vision and why it matters", Kind: Markdown, Workshop: true, Min: 1, Max: 4000,
			Prompt: "Where do we want this community to be, and why does it matter now?",
			About:  "The first question of the vision workshop: before anything else, check that everyone shares the same picture of what the community is for and why it is worth doing at this moment. From " + Source + "."},
		{Key: KeyHow, Label: "How, and how we will measure it", Kind: Markdown, Workshop: true, Min: 1, Max: 4000,
			Prompt: "How will we get there, and what will tell us we are getting there?",
			About:  "The ways of working that will carry the vision, and the few measures that will show progress. Measures make the regular check-ups possible that the same guide recommends. From " + Source + "."},
		{Key: KeyImpact, Label: "Impact: on what, on whom", Kind: Markdown, Workshop: true, Min: 1, Max: 4000,
			Prompt: "What will change because this community exists, and for whom?",
			About:  "Who benefits (members, their teams, customers, the organization) and what changes for them. From " + Source + "."},
		{Key: KeyResources, Label: "Resources", Kind: Markdown, Workshop: true, Min: 1, Max: 4000,
			Prompt: "What do we need: time, people, money, tools, a sponsor?",
			About:  "What the community needs to live: time set aside for the leader, a sponsor, tools, a budget. From " + Source + "."},
		{Key: KeyForces, Label: "Force field", Kind: ForceField, Min: 1, Max: 200,
			Prompt: "What will push the vision forward, and what will hold it back? How strongly, from 1 to 5?",
			About:  "A force field analysis, optional in the workshop: list what supports the vision and what hinders it, each with a strength, so the community can lean on the first and plan around the second. From " + Source + "."},
		{Key: KeyName, Label: "Name", Kind: Line, Workshop: true, Min: 2, Max: 120,
			Prompt: "What do we call ourselves?",
			About:  "A name chosen together is part of owning the community; the guide treats naming as a step of its own. From " + Source + "."},
		{Key: KeyLeader, Label: "Leader", Kind: Markdown, Min: 1, Max: 2000,
			Prompt: "Who leads the community, with how much time set aside for it?",
			About:  "The workshop ends by electing a leader. The same guide recommends exactly one leader, with real time for the role and some coaching at the start. From " + Source + "."},
	}
}

// SectionByKey returns the section with key, if there is one.
func SectionByKey(key string) (Section, bool) {
	for _, s := range Sections() {
		if s.Key == key {
			return s, true
		}
	}
	return Section{}, false
}

// Limits on the force field.
const (
	MaxForces   = 20
	MinStrength = 1
	MaxStrength = 5
)

// Direction says whether a force supports or hinders the vision.
type Direction string

// The directions of a force.
const (
	Supports Direction = "supports"
	Hinders  Direction = "hinders"
)

// Force is one line of the force field.
type Force struct {
	Direction Direction `json:"direction"`
	Text      string    `json:"text"`
	Strength  int       `json:"strength"`
}

// Dots draws the strength as filled and empty dots, e.g. ●●●○○ for 3.
func (f Force) Dots() string {
	n := min(max(f.Strength, 0), MaxStrength)
	return strings.Repeat("●", n) + strings.Repeat("○", MaxStrength-n)
}
