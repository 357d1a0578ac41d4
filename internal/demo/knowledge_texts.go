package demo

import "cultivate/internal/knowledge"

// writeUps are the knowledge a story's community wrote by hand, besides
// the FAQs it promoted from threads. The slices are fresh on every call.
func writeUps(story Story) []writeUp {
	switch story {
	case StoryThriving:
		return []writeUp{
			{kind: knowledge.Practice, title: "Quarantine flaky tests within a day", author: "core", daysAgo: 205,
				tags: "flaky-tests test-automation test-strategy", sources: []string{"quarantine", "flaky-ci"},
				statuses: []statusAt{{daysAgo: 172, status: knowledge.Tried}, {daysAgo: 110, status: knowledge.Recommended, by: "testing-lead"}},
				adopters: 14, reviseDaysAgo: 110, revision: quarantineLessons,
				body: `A test that fails now and then is worse than no test: people learn to re-run the pipeline and stop reading red builds, and then the real failures slip through too.

## The practice

1. **Within a day** of seeing a flaky failure, whoever saw it tags the test ‵@quarantine‵ and opens a ticket with an owner and a date two weeks out.
2. Quarantined tests run in a **separate job** that reports but never blocks a merge. Its results are posted every morning, so a quarantined test that keeps failing stays visible.
3. By the date, the test is **fixed or deleted**. Deleting is allowed: a test nobody can make reliable is not protecting anything.
4. The quarantine job **fails when it holds more than ten tests**, which forces the conversation about fixing instead of quarantining more.

## Why it works

The main pipeline stays trustworthy, so red means something again. The deadline stops quarantine from becoming a graveyard, and the morning report keeps the cost visible without blocking anyone.

## How to start

Add the tag and the second job in one PR; most CI systems need a few lines. Agree the two-week rule in your team's retro before the first test goes in.`,
			},
			{kind: knowledge.Practice, title: "Every new automated test names the risk it covers", author: "testing-lead", daysAgo: 62,
				tags: "test-strategy test-automation", sources: []string{"what-not-to-automate", "reviewing-tests"},
				statuses: []statusAt{{daysAgo: 24, status: knowledge.Tried}}, adopters: 5,
				body: `When we add an automated test, its description says which risk it protects against, in a customer's or the business's words: "a customer is charged twice", "a partner sees another partner's orders".

## Why

Half of the tests we looked at in our suites could not be tied to any risk. Those are the tests nobody dares delete and nobody can explain when they fail. Naming the risk makes reviews sharper ("would this test fail if that happened?") and gives us a list of candidates to delete.

## Trying it

Payments and search are trying this for a quarter. Reviewers ask for the risk when it is missing; we will report back on whether it changed what gets written.`,
			},
			{kind: knowledge.CaseStory, title: "How payments cut its end-to-end suite from 41 minutes to 12", author: "testing-lead", daysAgo: 131,
				tags: "test-automation playwright", sources: []string{"slow-pipeline", "flaky-ci"},
				body: `## The situation

Payments' end-to-end suite had grown to 310 Playwright tests and 41 minutes. Developers batched their changes to avoid the wait, so failures were harder to pin on a change, and about one run in twelve failed for no reason anyone could find.

## What we did

- **Measured first.** Sorting per-test durations showed 18 tests taking half the time, nearly all logging in through the UI and creating orders by clicking through checkout.
- **Moved setup to the API.** Logging in and creating orders through the API in fixtures took those tests from minutes to seconds.
- **Deleted duplicates.** 64 tests checked rules the service's own integration tests already covered. We deleted them, in one PR with the list and the reasoning.
- **Matched workers to CPUs** and kept one retry in CI with a trace, treating every retry as a bug (see the practice *Quarantine flaky tests within a day*).

## How it went

Twelve minutes per run, and flaky failures down from about 8% of runs to under 1%. Nobody has asked for the deleted tests back.

## What others can take from it

Measure before you optimise, move setup out of the UI, and give yourself permission to delete.`,
			},
			{kind: knowledge.CaseStory, title: "Contract tests between orders and checkout: three months in", author: "core", daysAgo: 82,
				tags: "contract-testing api-testing", sources: []string{"contract-tests"},
				body: `## Why we started

Checkout broke twice in one quarter because the orders service renamed fields checkout still read. Both times our end-to-end environment caught it, days after the merge.

## What we set up

Checkout wrote consumer tests for the five interactions it depends on, published to the broker on every build. Orders verifies them in its pipeline and runs ‵can-i-deploy‵ before each deployment.

## Three months later

- Two breaking changes were stopped in the orders pipeline, before merging.
- The broker needed more care than expected: stale versions pile up unless you tag environments properly.
- The biggest win was social: the two teams now talk before changing the API, because the contract makes the dependency visible.

## Advice

Start with the interaction that broke, not the whole API, and make the provider's pipeline run verification from day one.`,
			},
			{kind: knowledge.FailureReflection, title: "We shipped a pricing bug behind a 94% coverage number", author: "member", daysAgo: 96,
				tags: "mutation-testing test-strategy", sources: []string{"mutation-testing", "coverage-target"},
				body: `## What happened

A discount rule changed from "more than three items" to "three items or more" in a refactoring. Customers buying exactly three items got a discount they shouldn't have for nine days. Our pricing module had 94% line coverage, and every test passed.

## Why it happened

Our tests executed the line but never checked the boundary: there was no test with exactly three items. We had been reporting coverage as our quality measure, and it told us the code ran, not that it was checked.

## What we changed

- Table-driven tests for every boundary in the pricing rules.
- Mutation testing on the pricing module, nightly.
- We stopped reporting coverage upwards and report escaped defects instead.

## What I'd tell another team

A coverage number is a good smell detector and a bad target. Ask of each test: would it fail if this behaviour broke?`,
			},
			{kind: knowledge.Summary, title: "Quality week: what 40 teams told us about flaky tests", author: "testing-lead", daysAgo: 146,
				tags: "flaky-tests test-automation", sources: []string{"flaky-ci", "quarantine", "test-data"},
				body: `During quality week, 40 teams answered three questions about their test suites. The highlights:

- **Flakiness is everyone's problem.** 31 teams re-run failed pipelines "regularly"; 12 do so several times a day.
- **Most flakes are test problems, not product problems.** Teams that investigated named shared test data (14), fixed waits and sleeps (11), and overloaded CI runners (8) far more often than real race conditions in the product (6).
- **Nobody owns the flaky list.** Teams with a "flaky" label in their tracker had on average 23 open tickets, the oldest over a year old.
- **What helped:** quarantine with a deadline, test data per test, and traces on retry.

## What we'll do next

The community will write up a recommended way to quarantine flaky tests (now proposed as a practice) and run a clinic on test data. Bring your worst flaky test.`,
			},
			{kind: knowledge.Insight, title: "Our flaky tests are mostly telling us about our test data", author: "core", daysAgo: 58,
				tags: "flaky-tests test-automation", sources: []string{"test-data", "flaky-ci"},
				body: `Looking back over this community's threads about flaky tests, one cause comes up more than all the others together: tests that share data. Two tests log in as the same user, one changes a setting the other depends on, and the failure moves around depending on the order they run in.

The fix is rarely clever: each test creates what it needs, with a unique marker, and a cleanup job removes it. Before you reach for retries or longer timeouts, ask which data your flaky test shares with another one.`,
			},
		}
	case StorySilentLeader:
		return []writeUp{
			{kind: knowledge.Summary, title: "What we know about merchants' first week: eight studies in one page", author: "ux-lead", daysAgo: 121,
				tags: "synthesis research-ops interviews", sources: []string{"synthesis", "recruit-merchants"},
				body: `Eight studies between last spring and now touched on a new merchant's first week. Together they say:

1. **The first payout is the moment of truth.** Merchants judge us on how long it takes and whether they understand it (five studies).
2. **Setup happens in stolen minutes,** on a phone, between customers. Long forms get abandoned and rarely resumed (four studies).
3. **Merchants trust other merchants' words** more than ours: screenshots of a friend's dashboard came up in three studies.
4. **Support contact in week one predicts churn,** but only when the question is about money.

## Gaps

We have nothing on merchants who sell only online, and little on those outside our three largest markets. Before commissioning a study on the first week, read the eight reports linked from the research library and ask here.`,
			},
			{kind: knowledge.Practice, title: "Check the consent form before every session", author: "ux-core-2", daysAgo: 158,
				tags: "research-ops interviews", sources: []string{"consent-recordings"},
				statuses: []statusAt{{daysAgo: 101, status: knowledge.Tried, by: "ux-lead"}}, adopters: 5,
				body: `Before every research session (interview, usability test, diary kick-off) the researcher checks three things, out loud, with the participant:

1. They have the one-page consent form and have had time to read it.
2. Which of the three boxes they ticked: recording, clips for internal sharing, quotes.
3. That they can stop at any time and withdraw afterwards, and how.

Recordings go to the research library only, never to personal drives or chat.

## Why

Twice last year a clip was shared that the participant had not agreed to, both times because nobody checked the boxes. It takes a minute, and participants relax when they understand what happens to their words.`,
			},
			{kind: knowledge.Insight, title: "Watching one session live beats any readout", author: "ux-core", daysAgo: 52,
				tags: "usability-testing synthesis", sources: []string{"how-many-users"},
				body: `Across this year's studies, the findings that changed a decision were almost always ones a product manager or engineer had *seen* a participant struggle with, live. The same findings in a readout deck were noted and forgotten.

So invite the people who decide to watch at least one session, even for thirty minutes, and schedule it in their calendar yourself. It does more for your research than a better report.`,
			},
		}
	case StoryTwoPersonCore:
		return []writeUp{
			{kind: knowledge.Practice, title: "Every metric has a named owner and one definition", author: "data-lead", daysAgo: 168,
				tags: "data-modeling dashboards data-quality", sources: []string{"active-customer"},
				statuses: []statusAt{{daysAgo: 118, status: knowledge.Tried}}, adopters: 6,
				reviseDaysAgo: 117, revision: "## Trial so far\n\nThe executive dashboard's 14 metrics now each have an owner. Two turned out to have three definitions each; both were split and renamed.",
				body: `Every metric on a shared dashboard has:

- **one owner** by name, who answers questions about it and approves changes;
- **one definition**, in SQL, in the semantic layer, not copied into dashboards;
- **a page** saying what decision it serves and listing the edge cases (staff accounts, refunds, merged customers).

A metric without an owner doesn't go on a shared dashboard. When two teams need different meanings, they get two names, not one name with two definitions.

## Status

Tried on the executive dashboard and the growth review this quarter.`,
			},
			{kind: knowledge.CaseStory, title: "One number for active customers: how we settled it", author: "data-lead", daysAgo: 94,
				tags: "data-modeling dashboards", sources: []string{"active-customer"},
				body: `## The situation

Marketing reported 41k active customers, the board pack 36k. Both were right: one counted visits in the last 30 days, the other orders.

## What we did

We didn't pick a winner. In one meeting with the two owners we named both metrics (*visiting customers, 30 days* and *ordering customers, 30 days*), wrote each definition once in the semantic layer, and retired the ambiguous name from every dashboard over a week.

## How it went

The next quarterly review had no argument about numbers. One old dashboard nobody owned kept the old name for a month, until someone asked about it here.

## Take-away

Most "which number is right" fights are two meanings sharing one name. Name them apart.`,
			},
			{kind: knowledge.Insight, title: "Decide the sample size before the test starts", author: "data-core", daysAgo: 71,
				tags: "experimentation statistics", sources: []string{"ab-peeking"},
				body: `Three of the experiments discussed here this quarter were "significant" in the first week and not at the end. Nothing was wrong with them: checking a running test every day gives noise many chances to look like a signal.

Decide the sample size from the smallest effect you'd care about, before starting, and only decide at the end. If the business needs early looks, use the sequential option in our experimentation tool; it adjusts the thresholds for you.`,
			},
			{kind: knowledge.Summary, title: "This quarter's data incidents, and the three tests that would have caught them", author: "data-core", daysAgo: 31,
				tags: "data-quality dbt", sources: []string{"data-tests", "dbt-incremental-dupes"},
				body: `Five data incidents reached a stakeholder before us this quarter:

| incident | cause | test that would have caught it |
| --- | --- | --- |
| revenue flat for a day | late source | source freshness |
| orders counted twice | incremental model appending | unique key |
| sessions down 60% | tracking release | day-over-day volume |
| refunds missing | new status value | accepted values |
| wrong currency totals | join fan-out | unique key |

Freshness, uniqueness and volume tests would have caught four of the five. They are now on every model in the core project; failures go to the data on-call channel.`,
			},
		}
	case StoryPrivate:
		return []writeUp{
			{kind: knowledge.FailureReflection, title: "The staging key we leaked in a public gist", author: "member", daysAgo: 41, anonymous: true,
				tags: "secrets-management incident-response", sources: []string{"secret-in-history"},
				body: `I'm sharing this without my name because I'm still a bit embarrassed, and because I think more of us have done something like it than would say so.

## What happened

Debugging a failing integration late one evening, I pasted a config file into a public gist to share it with a vendor's support engineer. It contained an access key for our staging environment. An automated scanner found it within minutes; our cloud provider flagged the key about an hour later.

## What went well

I reported it myself the next morning. The key was rotated within the hour, and the logs showed only the scanner's test call. Nobody blamed me, which is why I can write this.

## What I learned

- "Only staging" is not harmless: staging had a copy of production-like data and a route to a shared service.
- Tiredness, not ignorance, was the cause. I knew the rule.
- The fix is structural: we now use short-lived credentials for staging, and the secret scanner runs on my machine before anything leaves it.

If you've done something similar, report it early. It really is fine.`,
			},
			{kind: knowledge.Practice, title: "Secret scanning before every commit", author: "security-lead", daysAgo: 118,
				tags: "secrets-management sast", sources: []string{"secret-in-history"},
				statuses: []statusAt{{daysAgo: 88, status: knowledge.Tried}, {daysAgo: 58, status: knowledge.Recommended, by: "security-lead"}},
				adopters: 8, reviseDaysAgo: 57,
				revision: "## Since we recommended it\n\nThe scanner is in the platform's repository template, so new repositories have it from day one. In the first month it stopped four secrets before they were pushed.",
				body: `Every repository runs a secret scanner in a pre-commit hook and again in CI, blocking on findings. Champions help their team set it up and review the allowlist.

## Why both places

Pre-commit stops the secret before it ever reaches the remote, which is the only moment a leak is free. CI catches whoever skipped the hook.

## Setup

- Add the scanner to the shared pre-commit configuration.
- Add the CI job from the platform template.
- Keep false positives in a reviewed allowlist file, never by disabling the rule.

## When it finds something

Rotate first, then clean up. A secret that reached the remote counts as leaked.`,
			},
			{kind: knowledge.CaseStory, title: "Threat-modelling the webhook feature: what the clinic found", author: "security-core", daysAgo: 76,
				tags: "threat-modeling owasp", sources: []string{"ssrf-webhooks", "upload-threat-model"},
				body: `## The situation

Payments planned outgoing webhooks to URLs merchants enter. The team brought a data flow diagram to the threat-model clinic two weeks before the first release.

## What we found in 50 minutes

1. **SSRF:** a URL check alone would let DNS point at internal addresses. Decision: send from an isolated egress proxy.
2. **Replay:** no signature or timestamp on the payload. Decision: HMAC signature with a timestamp, documented for merchants.
3. **Secrets in payloads:** one event type included a partial card number. Removed.

## How it went

The external pen test a month later tried five SSRF techniques; none worked. The team now books the clinic for every feature that talks to the outside world.`,
			},
			{kind: knowledge.Insight, title: "Triage dependency alerts by reachability, not by score", author: "security-core-2", daysAgo: 49,
				tags: "supply-chain-security sast", sources: []string{"cve-triage"},
				body: `When our scanners report dozens of "critical" CVEs, the score is the least useful thing about them. The questions that decide urgency are: is the vulnerable code reachable from ours, and does the service take untrusted input?

In the last three triages champions did together, reachability cut the list to a tenth. Fix those this week, write down why the rest can wait (with a date), and let automated weekly updates take care of the rest.`,
			},
		}
	case StoryShrinking:
		return []writeUp{
			{kind: knowledge.CaseStory, title: "Our first release train: six weeks in", author: "shrinking-lead", daysAgo: 160,
				tags: "ci-cd app-performance", sources: []string{"phased-release"},
				body: `## Before

iOS and Android released whenever something felt ready. Every release involved a late evening, and twice a crash reached 100% of users before anyone noticed.

## What we changed

A weekly train: branch cut Monday, testing Tuesday and Wednesday, submission Thursday, phased rollout from Friday. A rotating release captain watches crash-free sessions and may halt the rollout without asking anyone, below 99.5%.

## Six weeks in

Six releases, all on time. One halted at 5% for a crash on older Android versions, fixed the same day. Nobody has stayed late for a release since.`,
			},
			{kind: knowledge.FailureReflection, title: "The release we couldn't roll back", author: "shrinking-core", daysAgo: 139,
				tags: "ci-cd offline-first", sources: []string{"offline-sync"},
				body: `## What happened

We shipped a database migration in the Android app together with a feature flag, assuming we could switch the feature off if something went wrong. Something did: the new sync code corrupted saved baskets for some users. Switching the flag off didn't help, because the migration had already run.

## What we learned

- A feature flag doesn't roll back a data migration. Migrations need to be backwards-compatible and shipped a release before the code that depends on them.
- Our phased rollout saved us: only 5% of users had the release.

## What we changed

Migrations now go out one release ahead, and the release checklist asks "can we switch this off *and* go back?"`,
			},
		}
	case StoryCrossOrg:
		return []writeUp{
			{kind: knowledge.Summary, title: "Leaders' circle, spring: what our communities are struggling with", author: "crossorg-lead", daysAgo: 181,
				tags: "facilitation coaching", body: `The leaders of our communities met for the spring circle. What came up, in their words:

- **Time.** Every leader mentioned it. Community work happens in the gaps, and the gaps are shrinking.
- **Help requests that nobody answers** hurt more than having no requests at all. Two communities set a response commitment and found it helped, because someone looks at the queue every day.
- **Core groups of two** feel fragile. When one person is on holiday, the community goes quiet.
- **Events are easier than help.** Talks fill a room; asking for help in front of peers takes trust.

## What we agreed

Each leader asks their sponsor to recognise community time as work, and we meet again in the autumn with what changed.`,
			},
			{kind: knowledge.Summary, title: "What twelve teams told us about retrospectives", author: "crossorg-core", daysAgo: 119,
				tags: "retrospectives facilitation", sources: []string{"stale-retros"},
				body: `We asked twelve teams how their retrospectives go. Highlights:

- Nine of twelve described the same topics coming back every time.
- The teams that were happy with their retros all had **one action per retro, with a name**, reviewed at the start of the next.
- Format changes helped for a few sprints; ownership (team members facilitating in turns) helped for longer.
- Topics outside the team's control were the biggest source of frustration. The teams that escalated them explicitly were less frustrated, even when nothing changed.

One team's tip: keep a visible list of escalated topics and what happened to them.`,
			},
			{kind: knowledge.Insight, title: "Experiments, not rules: how change actually sticks in our teams", author: "crossorg-lead", daysAgo: 88,
				tags: "coaching kanban", sources: []string{"wip-limits", "forecast-throughput"},
				body: `Looking back at the help requests in this community, the changes that stuck (WIP limits, throughput forecasts, async stand-ups) almost all started as a time-boxed experiment the team agreed to, with a measure to look at together at the end. The ones introduced as rules mostly faded.

An experiment lets a sceptical team say yes without giving up their doubts, and the end date makes the review happen.`,
			},
			{kind: knowledge.Insight, title: "Community time is work: what the sponsors agreed", author: "support", daysAgo: 61,
				tags: "coaching facilitation", body: `After the leaders' circle raised lack of time, the sponsors discussed it together. They agreed that time spent answering help requests, running events or writing up what a community learned counts as work, and that managers should plan for it (about half a day a month for members, a day a week for leaders).

If your manager doesn't know this yet, point them here, or ask your community's sponsor to have the conversation with them.`,
			},
			{kind: knowledge.Practice, title: "One retro action, with a name and a date", author: "crossorg-core-2", daysAgo: 101,
				tags: "retrospectives facilitation", sources: []string{"stale-retros"},
				statuses: []statusAt{{daysAgo: 59, status: knowledge.Tried}}, adopters: 7,
				body: `Each retrospective ends with exactly one action: small enough to finish before the next retro, with a person's name and a date. The next retro starts by looking at it: done? did it help?

Topics the team can't change themselves are written on a separate list and escalated, not turned into actions nobody can do.

## Status

Tried by seven teams so far; we'll review after a quarter whether it's ready to recommend.`,
			},
			{kind: knowledge.FailureReflection, title: "We reorganised around components and lost sight of our customers", author: "crossorg-core-3", daysAgo: 44,
				tags: "team-topologies", sources: []string{"cross-team-deps"},
				body: `## What happened

Last year pricing split into three component teams (rules engine, price API, admin tools) to give each a clear technical ownership. Within two months, every customer-facing change needed all three teams, and our lead time doubled.

## Why

We optimised for code ownership, not for the flow of work. Nobody owned a customer outcome end to end any more.

## What we changed

We merged back into two teams, each owning a set of customer journeys, with the rules engine as a shared internal platform. Lead time is back to where it was.

## What I'd tell others

Before reorganising, take the last ten changes you shipped and draw which teams each would have needed. If most need more than one, the boundary is in the wrong place.`,
			},
		}
	case StoryEventsNoHelp:
		return []writeUp{
			{kind: knowledge.Practice, title: "A performance budget in CI for every page", author: "frontend-founder", daysAgo: 121,
				tags: "web-performance", adopters: 2,
				body: `Each page has a budget (JavaScript size, largest contentful paint on a throttled mobile profile) checked in CI; a change that breaks it needs an explicit, reviewed exception.

Proposed after checkout's bundle grew 40% in six months without anyone deciding it should. Looking for two teams to try it.`,
			},
			{kind: knowledge.Summary, title: "Lightning talks, autumn: six talks in five minutes each", author: "frontend-core", daysAgo: 40,
				tags: "react css web-performance accessibility", body: `For everyone who missed it, the six lightning talks in one paragraph each:

1. **Container queries in the design system:** the card now adapts to its column, not the viewport; two variants deleted.
2. **Native dialog is good now:** focus trap, inert background and Escape for free with ‵showModal()‵.
3. **Our INP story:** a third-party script caused most slow interactions; field attribution data found it.
4. **Strict TypeScript, file by file:** an allowlist config instead of a big-bang migration.
5. **Testing Library without act() warnings:** wait for what the user sees.
6. **Deleting code:** the search team removed 12,000 lines of an old state library in a month.

Slides are linked from the Guild's channel.`,
			},
		}
	case StoryBrandNew:
		return []writeUp{
			{kind: knowledge.Summary, title: "What slows us down between commit and production: first answers", author: "platform-lead", daysAgo: 5,
				tags: "ci-cd kubernetes observability", body: `When we started this community, I asked members what slows their team down between commit and production. The first answers:

- **Waiting for a shared environment** (four teams).
- **Alerts nobody acts on,** which make on-call miserable (three teams).
- **One big Terraform state** that everyone is afraid to apply (two teams).
- **Flaky pipelines,** mostly tests (two teams; the Testing & Quality community has good material on this).

We'll pick the first topic together at the vision workshop.`,
			},
		}
	}
	return nil
}

// quarantineLessons is what the flaky-test practice gained when it was
// recommended.
const quarantineLessons = `## What the trial taught us

Eleven teams tried this for two months before we recommended it.

- The **deadline** is what makes it work. The two teams that skipped it ended up with a third of their suite in quarantine.
- **Deleting** was needed less often than people feared: about one test in five.
- The most common root causes were shared test data, missing waits and overloaded runners, in that order.`
