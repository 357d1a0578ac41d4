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
// 12 shown). "Later steps" says what the steps still to come (events,
// health checks) should add to keep each story true.
//
//	community              | created | story (Story)                          | members | what is planted                                                                  | later steps should add
//	-----------------------+---------+----------------------------------------+---------+----------------------------------------------------------------------------------+------------------------------------------------
//	Ways of Working        | 270 d   | cross-org, mature (StoryCrossOrg)      | 50–70   | oldest; leader + 3 core; sponsor Catherine Moreau (VP Eng.); the other           | varied formats incl. open-door events hosted with
//	ways-of-working        |         |                                        |         | communities' leaders and most members belong to other communities too           | the sponsor; sponsor comments and answers asks
//	Testing & Quality      | 255 d   | thriving (StoryThriving)               | 68–76   | leader Lucía Fernández + 5 core promoted over months; joins every non-holiday    | regular varied events with good attendance,
//	testing                |         |                                        |         | week, a burst after an org-wide quality week (~150 d); sponsor Catherine Moreau  | healthy health checks
//	UX Research            | 240 d   | silent leader (StorySilentLeader)      | 36–49   | leader Claire Dubois's last action is ~38 d ago (Person.QuietSince = 37 d);     | nothing by Claire after QuietSince; the core
//	ux-research            |         |                                        |         | people keep joining (a burst 20 d ago), core Yuki Nakamura invites after that    | (Yuki, Oluwaseun) running events
//	Data & Analytics       | 210 d   | two-person core (StoryTwoPersonCore)   | 28–39   | leader Aisha Rahman + one core (Diego Morales), never more;                      | nearly all events from those two
//	data-analytics         |         |                                        |         | sponsor Rajesh Iyer (CDO)                                                        | (core concentration)
//	Mobile                 | 200 d   | shrinking (StoryShrinking)             | 18–26   | a kick-off boom, then joins nearly stop (~130 d) and 11 people leave over the    | events fading out (last one weeks ago)
//	mobile                 |         |                                        |         | last four months                                                                 |
//	Frontend Guild         | 180 d   | events, little help (StoryEventsNoHelp)| 49–64   | large audience; founder Marco Rossi handed leadership to Ingrid Halvorsen        | many events (brown bags, lightning talks) with
//	frontend               |         |                                        |         | ~95 d ago (community.leader_changed); sponsor Samuel Osei                       | good attendance
//	Security Champions     | 150 d   | private (StoryPrivate)                 | 22      | by invitation or approved request only; 4 join requests and 3 invitations        | threat-model clinics (private content), sponsor
//	security-champions     |         |                                        |         | pending (one to an address without an account), one declined request, one       | Helen Fischer (CISO) taking part
//	                       |         |                                        |         | invitation left to expire                                                        |
//	Platform Engineering   | 14 d    | brand new (StoryBrandNew)              | 9       | leader Nikolai Petrov, one core, a handful of members, no sponsor yet            | the kick-off and a vision workshop ahead, an
//	platform-engineering   |         |                                        |         | (Catherine Moreau follows as a plain member)                                     | empty backlog
//
// # Help and knowledge
//
// The "help" step (help*.go) gives every community help requests in its
// story's rhythm, with replies, comments, claims, edits, accepted answers,
// outcomes and closures, under a response commitment each community set
// (the defaults where it set none); the daily sweep sends the reminders and
// follow-ups. The "knowledge" step (knowledge*.go) promotes solved threads
// whose advice worked to FAQs (up to the number shown, each on another
// question) and adds the write-ups shown. Requests are for seeds 1 to 12;
// medians are of the time to the first reply.
//
//	community              | requests | commitment (follow-up)              | first reply         | what is planted                                                         | knowledge
//	-----------------------+----------+-------------------------------------+---------------------+-------------------------------------------------------------------------+------------------------------------------------
//	ways-of-working        | 32–39    | 48 h (21 d)                         | median ~3–5 h       | answers from the core, the support team and other communities' leaders | 1 FAQ, 2 summaries, 2 insights, a failure reflection,
//	                       |          |                                     |                     |                                                                         | practice "One retro action…" tried (7 adopters)
//	testing                | 118–127  | 24 h (14 d)                         | median ~1–2 h       | a broad crowd answers; ~85% solved, most outcomes reported; the leader  | 7 FAQs, 2 case stories, a summary of quality week,
//	                       |          |                                     |                     | asks one of the first questions; Elif's follow-up is waiting at Now     | an insight, a failure reflection; practice "Quarantine
//	                       |          |                                     |                     |                                                                         | flaky tests within a day" recommended (14 adopters),
//	                       |          |                                     |                     |                                                                         | another tried
//	ux-research            | 42–53    | 24 h (14 d)                         | ~5 h, then days     | answered well until Claire went quiet; since then about half wait or    | 2 FAQs, an insight, Claire's summary and a
//	                       |          |                                     |                     | come late; at Now several are overdue and two due within hours         | practice she moved to tried, before going quiet
//	data-analytics         | 38–46    | 8 working h, Europe/London (21 d)   | median ~1 day       | nearly every first reply by Aisha or Diego; the rate grows; a queue at  | 2 FAQs, a case story, an insight, a summary,
//	                       |          |                                     |                     | Now; the commitment was 24 h until ~150 d ago                           | practice "Every metric has a named owner…" tried
//	                       |          |                                     |                     |                                                                         | and revised
//	mobile                 | 18–23    | 24 h (14 d)                         | median ~3 h         | a burst after the kick-off, then two late ones (one answered days       | 1 FAQ, a case story, a failure reflection
//	                       |          |                                     |                     | later, one closed unanswered); leavers' loops close as "no outcome"     |
//	frontend               | 5–17     | the default, 24 h (14 d)            | ~1 day, if at all   | few requests, many never answered; three asked in the last week wait    | a summary of lightning talks, a practice proposed
//	security-champions     | 22–29    | 4 working h, America/New_York (10 d)| median ~2–3 h       | sensitive questions answered by the leader and core; some locked        | 2 FAQs, a case story, an insight; an anonymous
//	                       |          |                                     |                     |                                                                         | failure reflection; practice "Secret scanning…"
//	                       |          |                                     |                     |                                                                         | recommended (8 adopters)
//	platform-engineering   | 3        | 24 h, claims 3 h (14 d)             | under an hour       | Tomasz's question solved; one answered and open; one asked two hours    | a summary of the first answers
//	                       |          |                                     |                     | before Now that Fatima El Amrani has claimed, her claim still running   |
//
// # Rhythm and health
//
// Later steps follow the same stories; each file says what it plants:
// events.go (series and one-offs in each story's rhythm, with answers,
// attendance, ratings and minutes), backlog.go (ideas, votes, moves and
// announcements), canvas.go (vision canvases, and Platform Engineering's
// vision workshop), health.go (quarterly health checks and retrospectives
// with actions) and maturity.go (assessments at each story's stage,
// dimensions, targets and bootstrap steps). The job queue runs each
// morning, as a server's would: reminders, follow-ups, event reminders and
// feedback asks, emails (kept in the outbox), and the weekly digests of the
// last five weeks.
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
