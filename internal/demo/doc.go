// Package demo generates Northwind Labs, the organization `cultivate demo`
// serves: about 190 people (160 to 220, depending on the seed) at
// @northwind.example, eight communities of practice and nine months of
// history, each community planted with a story the insights must find.
//
// Every account's password is DemoPassword. Generate returns the logins
// worth trying, each with a note on what to look at.
//
// # Stories
//
// Ages and sizes are at Now; sizes vary a little with the seed (seeds 1 to
// 12 shown). "Later steps" says what the steps still to come (events, help
// requests, knowledge, health checks) should add to keep each story true.
//
//	community              | created | story (Story)                          | members | what is planted                                                                  | later steps should add
//	-----------------------+---------+----------------------------------------+---------+----------------------------------------------------------------------------------+------------------------------------------------
//	Ways of Working        | 270 d   | cross-org, mature (StoryCrossOrg)      | 50–70   | oldest; leader + 3 core; sponsor Catherine Moreau (VP Eng.); the other           | varied formats incl. open-door events hosted with
//	ways-of-working        |         |                                        |         | communities' leaders and most members belong to other communities too           | the sponsor; sponsor comments and answers asks
//	Testing & Quality      | 255 d   | thriving (StoryThriving)               | 68–76   | leader Lucía Fernández + 5 core promoted over months; joins every non-holiday    | steady help with quick replies, closed learning
//	testing                |         |                                        |         | week, a burst after an org-wide quality week (~150 d); sponsor Catherine Moreau  | loops, regular varied events, practices adopted
//	UX Research            | 240 d   | silent leader (StorySilentLeader)      | 36–49   | leader Claire Dubois's last action is ~38 d ago (Person.QuietSince = 37 d);     | nothing by Claire after QuietSince; the core
//	ux-research            |         |                                        |         | people keep joining (a burst 20 d ago), core Yuki Nakamura invites after that    | (Yuki, Oluwaseun) answering help and running events
//	Data & Analytics       | 210 d   | two-person core (StoryTwoPersonCore)   | 28–39   | leader Aisha Rahman + one core (Diego Morales), never more;                      | nearly all answers and events from those two
//	data-analytics         |         |                                        |         | sponsor Rajesh Iyer (CDO)                                                        | (core concentration), growing request queue
//	Mobile                 | 200 d   | shrinking (StoryShrinking)             | 18–26   | a kick-off boom, then joins nearly stop (~130 d) and 11 people leave over the    | events fading out (last one weeks ago), help
//	mobile                 |         |                                        |         | last four months                                                                 | requests left unanswered
//	Frontend Guild         | 180 d   | events, little help (StoryEventsNoHelp)| 49–64   | large audience; founder Marco Rossi handed leadership to Ingrid Halvorsen        | many events (brown bags, lightning talks) with
//	frontend               |         |                                        |         | ~95 d ago (community.leader_changed); sponsor Samuel Osei                       | good attendance, very few help requests
//	Security Champions     | 150 d   | private (StoryPrivate)                 | 22      | by invitation or approved request only; 4 join requests and 3 invitations        | threat-model reviews, incident reflections
//	security-champions     |         |                                        |         | pending (one to an address without an account), one declined request, one       | (private content), sponsor Helen Fischer (CISO)
//	                       |         |                                        |         | invitation left to expire                                                        |
//	Platform Engineering   | 14 d    | brand new (StoryBrandNew)              | 9       | bootstrap stage: leader Nikolai Petrov, one core, a handful of members, no       | the kick-off and a vision workshop ahead, an
//	platform-engineering   |         |                                        |         | sponsor yet (Catherine Moreau follows as a plain member)                        | empty backlog; a first help request or two
//
// Across the organization: one admin (Tomasz Wójcik), one support-team member
// (Amara Okafor, who also belongs to Ways of Working), sponsors on five
// communities, people in several communities (Elif Demir in four), roughly 35 to 65
// people in none (lurkers, and newcomers such as Mateo García, who signed up
// three days ago), about 20 people who joined a community and left it. Joins
// come in kick-off bursts and thin out in late December and August.
//
// # The cast
//
// The stories are built around named people; steps find them with
// World.Person(key). Everyone else is the crowd, drawn from the seed.
//
//	key               name               part
//	admin             Tomasz Wójcik      site admin
//	support           Amara Okafor       support team
//	sponsor-vp        Catherine Moreau   VP Engineering; sponsor of ways-of-working and testing
//	sponsor-cdo       Rajesh Iyer        sponsor of data-analytics
//	sponsor-ciso      Helen Fischer      sponsor of security-champions
//	sponsor-product   Samuel Osei        sponsor of frontend
//	crossorg-lead     Grace Mwangi       leader of ways-of-working (core: crossorg-core, -core-2, -core-3)
//	testing-lead      Lucía Fernández    leader of testing
//	data-lead         Aisha Rahman       leader of data-analytics (core: data-core, Diego Morales)
//	ux-lead           Claire Dubois      the silent leader of ux-research (core: ux-core Yuki Nakamura, ux-core-2)
//	frontend-founder  Marco Rossi        founded frontend, handed over to frontend-lead Ingrid Halvorsen
//	security-lead     Sarah Goldberg     leader of security-champions (core: security-core, security-core-2)
//	platform-lead     Nikolai Petrov     leader of platform-engineering (core: platform-core)
//	shrinking-lead    Liam O'Connor      leader of mobile (core: shrinking-core)
//	multi-member      Elif Demir         ordinary member of four communities
//	newcomer          Mateo García       signed up three days ago, in no community
//
// # How history is made
//
// Generate builds its own app.App on a clock.Fake and runs a list of Steps.
// A step plans and does not act: it records people, communities and
// memberships in the World and schedules actions with World.At. When every
// step has planned, Generate runs the actions in time order, setting the
// clock to each one's time, so every change goes through the real services
// and the activity log gets believable timestamps in the order they happened
// (ids and times agree). An action may schedule follow-ups (a reply some
// hours after a request), never in the past.
//
// # Adding to the demo
//
// A later issue adds its area to the demo with a new Step appended to
// steps() in demo.go. The step reads what is planned and schedules its own
// actions, for example events:
//
//	func planEvents(_ context.Context, w *World) error {
//		r := w.Rand // capture it: actions run after every step has planned
//		for _, c := range w.Communities {
//			perMonth := map[Story]int{StoryEventsNoHelp: 4, StoryThriving: 2, StoryShrinking: 0}[c.Story]
//			…
//			host := pick(r, c.PeopleAt(t, community.Leader, community.Core))
//			if !host.ActiveAt(t) { continue } // the silent leader stays silent
//			w.At(t, "event in "+c.Slug(), func(ctx context.Context) error {
//				_, err := w.App.Events.Create(ctx, host.User, c.Slug(), …)
//				return err
//			})
//		}
//		return nil
//	}
//
// Rules that keep the stories true and the demo deterministic:
//
//   - Act only as someone who may act then: Person.ActiveAt(t) (signed up,
//     not gone quiet) and, in a community, a member at t
//     (Community.MembersAt, Community.PeopleAt, Member.RoleAt).
//   - Let the Story decide how much of the new thing a community gets, as the
//     table above says; a new story is a new Story constant and a row there.
//   - Draw randomness only from w.Rand (never the global generator), iterate
//     slices, not maps, and keep times within World.Start and World.Now
//     (World.WorkTime puts a moment inside someone's working day).
//   - Each step's generator is seeded from Options.Seed and the step's name,
//     so a new step changes nothing that the existing ones generate.
//   - Go through the services. Raw SQL only where no service exists; the one
//     place today is the activity count in the Summary.
package demo
