// Package maturity helps a community's core group see where the community
// stands and where it wants to go, from evidence rather than opinion:
//
//   - the maturity model (seed 003, WAO's "Steps to Success"): four stages,
//     each of three areas with three indicators, rated by the core group in
//     dated snapshots, with evidence computed from activity and a proposed
//     rating for every indicator that activity can show;
//   - the dimensions of intentional development (seed 002) as sliders, "now"
//     and "where we want it", in a working set each community may reword;
//   - targets (seed 004's "how & measures", seed 001's collective targets)
//     bound to live metrics where one exists;
//   - the bootstrap steps of a new community (seed 004), ticked by evidence
//     or by hand.
//
// Every framework is data (Model, DefaultDimensions, Steps, Metrics) so the
// support team can adapt it without touching the logic. Ratings, settings,
// targets and ticks are what the tables hold.
package maturity

// Rating is the core group's answer for one indicator.
type Rating string

// Ratings, from least to most.
const (
	NotYet Rating = "not_yet"
	Partly Rating = "partly"
	Yes    Rating = "yes"
)

// Ratings lists the ratings in order, for forms.
func Ratings() []Rating { return []Rating{NotYet, Partly, Yes} }

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool { return r == NotYet || r == Partly || r == Yes }

// Label is the rating for people.
func (r Rating) Label() string {
	switch r {
	case NotYet:
		return "Not yet"
	case Partly:
		return "Partly"
	case Yes:
		return "Yes"
	}
	return "Not rated"
}

// Icon is the symbol shown with the rating, so it never relies on colour.
func (r Rating) Icon() string {
	switch r {
	case NotYet:
		return "○"
	case Partly:
		return "◐"
	case Yes:
		return "●"
	}
	return "–"
}

// score counts yes as one and partly as a half.
func (r Rating) score() float64 {
	switch r {
	case Yes:
		return 1
	case Partly:
		return 0.5
	}
	return 0
}

// Indicator is one sign that a community has done a stage's work.
type Indicator struct {
	Key  string `json:"key"`
	Text string `json:"text"`
	// Measure names the evidence computed for it (see measures in
	// evidence.go); "" when no data the platform holds can show it, so
	// the core group rates it by hand only.
	Measure string `json:"measure,omitempty"`
}

// Area is one kind of work within a stage.
type Area struct {
	Key        string      `json:"key"`
	Title      string      `json:"title"`
	Indicators []Indicator `json:"indicators"`
}

// Stage is one phase of a community's development.
type Stage struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	// Flight is the stage's name in the space-flight picture.
	Flight  string `json:"flight"`
	Summary string `json:"summary"`
	Areas   []Area `json:"areas"`
}

// Indicators returns the stage's indicators in order.
func (s Stage) Indicators() []Indicator {
	var out []Indicator
	for _, a := range s.Areas {
		out = append(out, a.Indicators...)
	}
	return out
}

// ModelSource credits the framework, shown in "What is this?".
const ModelSource = "The four stages and their indicators follow “Steps to Success when building a Community of Practice” by " +
	"We Are Open Co-op (WAO), written with Participate around the Keep Badges Weird community (seed 003 of cultivate's sources). " +
	"WAO build on Emily Webber's Community of Practice Maturity Model, on “Get Together” by Bailey Richardson, Kevin Huynh and " +
	"Kai Elmer Sotto, and on Etienne and Beverly Wenger-Trayner's work on systems convening. The wording here is ours; adapt it to your organization."

// StageRule says in words how the current stage is derived (see Derive).
const StageRule = "A stage counts as reached when its nine indicators add up to at least six, counting “yes” as one and " +
	"“partly” as a half, and every stage before it is reached too. The current stage is the highest one reached; " +
	"until Gather is reached the community is still lifting off towards it. Every stage's work keeps mattering after it is reached."

// WindowDays is how far back evidence looks.
const WindowDays = 90

// Model returns the maturity model: stages in order, each of three areas
// with three indicators, in cultivate's own words after seed 003.
func Model() []Stage {
	return []Stage{
		{Key: "gather", Title: "Gather", Flight: "Ignition",
			Summary: "Bring the right people together and give them reasons and places to talk.",
			Areas: []Area{
				{Key: "people", Title: "Find your people", Indicators: []Indicator{
					{Key: "gather.people.safe_space", Text: "Members have a safe place where they meet and talk"},
					{Key: "gather.people.audience", Text: "It is clear who the community is for", Measure: "purpose"},
					{Key: "gather.people.onboarding", Text: "Getting started is easy for someone new"},
				}},
				{Key: "together", Title: "Do things together", Indicators: []Indicator{
					{Key: "gather.together.invitations", Text: "Members are invited to take part, again and again", Measure: "invitations"},
					{Key: "gather.together.variety", Text: "There are several different ways to get involved", Measure: "variety"},
					{Key: "gather.together.open", Text: "Work happens in the open, so newcomers can join in or catch up", Measure: "open_work"},
				}},
				{Key: "talking", Title: "Get people talking", Indicators: []Indicator{
					{Key: "gather.talking.meet", Text: "Members meet regularly, in places and tools they agreed on", Measure: "meet_regularly"},
					{Key: "gather.talking.side", Text: "There is room for side conversations and small talk"},
					{Key: "gather.talking.connect", Text: "Members get to know people they had not met before"},
				}},
			}},
		{Key: "dispatch", Title: "Dispatch", Flight: "Liftoff",
			Summary: "Welcome new people, agree on who you are, and notice what members need.",
			Areas: []Area{
				{Key: "attract", Title: "Welcome new people", Indicators: []Indicator{
					{Key: "dispatch.attract.welcome", Text: "Newcomers feel welcome", Measure: "newcomers_welcomed"},
					{Key: "dispatch.attract.motivate", Text: "The core group draws others into taking part", Measure: "contributors"},
					{Key: "dispatch.attract.share", Text: "Members share what they know and what they have lived through", Measure: "knowledge_shared"},
				}},
				{Key: "identity", Title: "Shape your identity", Indicators: []Indicator{
					{Key: "dispatch.identity.conduct", Text: "Members agreed on how they treat each other (a code of conduct)", Measure: "code_of_conduct"},
					{Key: "dispatch.identity.needs", Text: "Members' needs are known", Measure: "needs"},
					{Key: "dispatch.identity.mission", Text: "The community's mission is clear and shared", Measure: "mission"},
				}},
				{Key: "showing_up", Title: "Notice who shows up", Indicators: []Indicator{
					{Key: "dispatch.showing_up.common", Text: "Members take up shared ways of working that make their jobs easier", Measure: "adoptions"},
					{Key: "dispatch.showing_up.word", Text: "Members tell colleagues outside about the community"},
					{Key: "dispatch.showing_up.feedback", Text: "The community meets members' needs, guided by what they say they need", Measure: "feedback"},
				}},
			}},
		{Key: "explore", Title: "Explore", Flight: "Orbital flight",
			Summary: "Spread the leading, open the doors, and celebrate what the community achieves.",
			Areas: []Area{
				{Key: "more_leaders", Title: "Grow more leaders", Indicators: []Indicator{
					{Key: "explore.more_leaders.moderation", Text: "Moderation is shared by a wider core group", Measure: "moderation_shared"},
					{Key: "explore.more_leaders.momentum", Text: "The community keeps moving without depending on one or two people", Measure: "momentum"},
					{Key: "explore.more_leaders.goals", Text: "Members work together on shared goals, as a whole or in working groups", Measure: "goals"},
				}},
				{Key: "leading", Title: "Share the leading", Indicators: []Indicator{
					{Key: "explore.leading.distributed", Text: "Leading and deciding are spread across the community", Measure: "hosts"},
					{Key: "explore.leading.direction", Text: "Members visibly shape what the community does next", Measure: "member_proposals"},
					{Key: "explore.leading.open_door", Text: "There are open-door activities with people from outside (show and tells, cross-community meetups)", Measure: "open_door"},
				}},
				{Key: "celebrate", Title: "Celebrate together", Indicators: []Indicator{
					{Key: "explore.celebrate.milestones", Text: "The community celebrates its own and its members' milestones", Measure: "milestones"},
					{Key: "explore.celebrate.advocates", Text: "People outside the community speak up for it"},
					{Key: "explore.celebrate.outputs", Text: "What the community makes is used beyond it"},
				}},
			}},
		{Key: "systems_change", Title: "Systems Change", Flight: "Space station",
			Summary: "Use the community's collective weight to change how the organization works.",
			Areas: []Area{
				{Key: "power", Title: "Connect with power", Indicators: []Indicator{
					{Key: "systems_change.power.recognition", Text: "Others come to the community to learn how to recognise people without making them compete"},
					{Key: "systems_change.power.name", Text: "Members can name the power structures that matter to their work"},
					{Key: "systems_change.power.navigate", Text: "Members know when to use those structures and when to push back on them"},
				}},
				{Key: "nourish", Title: "Look after leaders", Indicators: []Indicator{
					{Key: "systems_change.nourish.influence", Text: "Leaders pass on what they learned about networking and influence"},
					{Key: "systems_change.nourish.distance", Text: "Leaders are close enough to the organization to be backed, and far enough to stay free to experiment"},
					{Key: "systems_change.nourish.recognition", Text: "Leaders explain well why open recognition of contributions matters"},
				}},
				{Key: "stories", Title: "Tell the stories", Indicators: []Indicator{
					{Key: "systems_change.stories.resources", Text: "The community offers material that helps its advocates encourage learners", Measure: "stories"},
					{Key: "systems_change.stories.policy", Text: "The community helps decision makers write better policy"},
					{Key: "systems_change.stories.value", Text: "Members look for, and put into words, the value they create", Measure: "outcomes"},
				}},
			}},
	}
}

// indicatorIndex maps each indicator's key to its stage's position.
func indicatorIndex(model []Stage) map[string]int {
	out := map[string]int{}
	for i, s := range model {
		for _, ind := range s.Indicators() {
			out[ind.Key] = i
		}
	}
	return out
}
