package demo

// testingTopics: what testers, developers and anyone who tests software ask.
func testingTopics() []topic {
	return []topic{
		{key: "flaky-ci", tags: []string{"playwright", "test-automation", "flaky-tests"},
			vars: "svc=checkout|onboarding|search|the merchant portal|payments; n=60|90|140|200; pct=3|5|8",
			titles: []string{
				"Playwright tests pass locally, fail in about «pct»% of CI runs on «svc»",
				"Flaky Playwright suite on «svc»: only ever fails in CI",
				"How do you track down Playwright flakes that never reproduce locally?",
			},
			body: `Our Playwright suite for «svc» («n» specs) is green on every laptop, but around «pct»% of pipeline runs fail on a different test each time, usually a ‵toBeVisible‵ timeout or a click that lands on nothing. Re-running the job makes it pass, so people have stopped reading the failures.

Runners are the shared Linux ones, 2 vCPUs, and we run with ‵workers: 4‵.`,
			tried: "Raised the expect timeout to 10 s (fewer failures, slower suite). Turned on ‵trace: 'on-first-retry'‵, but we have no retries, so no traces.",
			answers: []string{
				`Set ‵retries: 1‵ in CI only, keep ‵trace: 'on-first-retry'‵, and treat every test that needed a retry as a bug: the trace shows exactly what the page looked like when it failed. Then bring ‵workers‵ down to the number of vCPUs. With 4 workers on 2 cores the app under test is starved, and that's where most "random" timeouts come from.

‵‵‵ts
export default defineConfig({
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 2 : undefined,
  use: { trace: 'on-first-retry' },
});
‵‵‵`,
				"Nine times out of ten for us it was shared test data: two workers logging in as the same user, and one test changing something the other relies on. Give each worker its own account (‵testInfo.workerIndex‵ is there for that) and see whether the failures move.",
				"Search the suite for ‵waitForTimeout‵ and hand-rolled ‵isVisible()‵ checks: those don't auto-wait, so they race the page. Replace them with web-first assertions (‵await expect(locator).toBeVisible()‵) and most flakes go away on their own.",
			},
			worked: "Two workers and traces on retry found two real race conditions in the app itself. The flake rate went from «pct»% to under 1%.",
			partly: "Fewer workers helped a lot, but we still get the odd timeout on the payment iframe. We quarantined that one test while we dig.",
			didNot: "The flakes turned out to be the runner pool: another team's load tests were starving it. No config change touched that; dedicated runners did.",
			gist:   "Retry once in CI only, keep a trace of every retry and treat each as a bug; match workers to CPUs; give each worker its own test data.",
		},
		{key: "contract-tests", tags: []string{"contract-testing", "api-testing"},
			vars: "a=orders|payments|inventory|pricing; b=checkout|the mobile backend-for-frontend|notifications|invoicing",
			titles: []string{
				"Where do we start with contract tests between «a» and «b»?",
				"Pact, or just schema checks, for the «a» API?",
				"Consumer-driven contracts: who owns the Pact broker?",
			},
			body: `«b» broke twice this quarter because «a» renamed or removed a field that «b» still reads. Our end-to-end environment catches it, but days after the merge. I'd like a check that fails the «a» build instead.

We've looked at Pact. Is it worth it for two teams, and who runs the broker?`,
			tried: "An OpenAPI diff in CI on «a». It flags every change, additive ones included, so people ignore it.",
			answers: []string{
				"Pact is worth it even for two teams, as long as the consumer is willing to write the tests. Start with the one interaction that broke, not the whole API. The broker is the painful part: payments uses the hosted one and the platform team owns the account. The step that matters is ‵can-i-deploy‵ in the provider's pipeline; without it the contracts are just documentation.",
				"If Pact feels heavy, a lighter option: have «b» publish the fields it reads as a JSON Schema and validate «a»'s responses against it in «a»'s CI. You lose the \"which consumer version is deployed where\" part, but it catches renames on day one.",
			},
			worked: "We wrote three Pact interactions for the endpoints that broke. The «a» build failed on the very next rename, before it merged. Exactly what we wanted.",
			partly: "The contracts work, but keeping the broker's versions tidy is more work than expected. We only run can-i-deploy on main for now.",
			didNot: "We couldn't get «a» to run provider verification in their pipeline; it stalled on priorities. Back to the end-to-end environment for now; I'll try again next quarter with their lead.",
			gist:   "Start with the interaction that broke, and make the provider's pipeline run verification and can-i-deploy, or the contracts are only documentation.",
		},
		{key: "strategy-new-service", tags: []string{"test-strategy"},
			vars: "svc=refunds|loyalty points|address lookup|partner onboarding|invoicing",
			titles: []string{
				"Test strategy for a brand-new «svc» service: how much of each layer?",
				"Sanity check on a test strategy for «svc»",
				"What would you test first on a greenfield «svc» service?",
			},
			body: `We're starting «svc» from scratch: a Go service, PostgreSQL, two consumers. The team's instinct is to write end-to-end tests through the UI for everything, because that's what caught bugs on the old monolith.

I'd like to propose something more balanced before habits set in. What would you put at each layer, and how do you sell it to a team that only trusts UI tests?`,
			tried: "Drafted a one-pager with the classic pyramid. Got \"looks good\" and no change in behaviour.",
			answers: []string{
				"Don't sell a pyramid, sell feedback time. Write down the three ways «svc» could hurt a customer (wrong amount, lost request, duplicate) and agree where each one gets caught: unit tests on the rules, integration tests against a real PostgreSQL in a container for persistence, contract tests with the two consumers, and *one* happy-path UI journey. The shape then follows from the risks, and nobody argues with risks.",
				"What worked for us: pair with the team on the first three stories and write the tests together. Within a week they'd seen an integration test catch a bug in four seconds, and nobody asked for UI tests any more.",
			},
			worked: "Framing it as three customer risks got agreement in one meeting. We have about 80 fast tests and two UI journeys, and the pipeline takes six minutes.",
			partly: "The risk list helped, but people still add UI tests \"just in case\". We now review new ones in the retro.",
			didNot: "The risk workshop went fine, but our manager wanted UI coverage numbers for a release gate, and the dashboard won. I'm taking it to our sponsor.",
			gist:   "Start from the ways the service could hurt a customer and agree at which layer each is caught; the shape of the suite follows from the risks.",
		},
		{key: "k6-profile", tags: []string{"performance-testing", "k6"},
			vars: "svc=search|checkout|the catalogue API|login; rps=150|400|1200; peak=Black Friday|the spring sale|the product launch|month-end billing",
			titles: []string{
				"How do you build a realistic k6 load profile for «svc»?",
				"k6: arrival rate or virtual users for «peak»?",
				"Load test for «peak»: what should we aim at?",
			},
			body: `We need to show that «svc» survives «peak». Last year's peak was about «rps» requests per second. My k6 script ramps up 200 virtual users hitting one endpoint in a loop, which I suspect tells us nothing.

How do you model real traffic: the mix of endpoints, think time, arrival rate?`,
			tried: "Exported a day of access logs and counted endpoints by hand. I have the mix, but not how to turn it into a k6 scenario.",
			answers: []string{
				`Switch to the ‵ramping-arrival-rate‵ executor: you describe requests per second, not users, so the load doesn't drop when the system slows down (the trap with looping VUs). Turn your endpoint mix into weighted groups, and add thresholds so the run fails by itself:

‵‵‵js
export const options = {
  scenarios: {
    peak: {
      executor: 'ramping-arrival-rate', startRate: 50, timeUnit: '1s', preAllocatedVUs: 300,
      stages: [{ target: «rps», duration: '10m' }, { target: «rps», duration: '20m' }],
    },
  },
  thresholds: { http_req_duration: ['p(95)<400'] },
};
‵‵‵`,
				"Aim at twice last year's peak, and test with production-sized data. Our search was fine under load and then fell over in production because the test index was 5% of the real one.",
			},
			worked: "The arrival-rate scenario with the real endpoint mix found a connection-pool limit at 1.4× peak. Fixed weeks before «peak».",
			partly: "The scenario is much better, but staging is half the size of production, so we're extrapolating. Good enough to find the first bottleneck.",
			didNot: "We ran it, but staging shares a database with other teams and the numbers were all over the place. We need an isolated environment first.",
			gist:   "Model arrival rate, not looping users; use the real endpoint mix and production-sized data; let thresholds fail the run.",
		},
		{key: "exploratory-charters", tags: []string{"exploratory-testing"},
			vars: "feat=the new returns flow|saved payment methods|address autocomplete|multi-currency pricing",
			titles: []string{
				"How do you write exploratory testing charters that aren't test cases in disguise?",
				"Running our first exploratory session on «feat»",
				"Debriefing exploratory sessions: what do you capture?",
			},
			body: `Our team wants to try session-based exploratory testing on «feat» before it ships. I've read about charters ("Explore X with Y to discover Z"), but the ones I write come out as checklists in disguise.

Could someone share real charters that worked, and how you debrief afterwards?`,
			answers: []string{
				`A charter is a mission, not a script. A few that found real bugs for us:

- Explore «feat» over a slow, flaky connection to discover what customers see when requests time out.
- Explore «feat» with data from another country (long names, other address formats) to discover our assumptions.
- Explore «feat» as a returning customer with years-old data to discover migration gaps.

Timebox 60 to 90 minutes, pair a tester with a developer, and debrief for 15 minutes: what you did, what you found, what worried you, what you'd explore next.`,
				"For the debrief we use PROOF: Past, Results, Obstacles, Outlook, Feelings. \"Feelings\" sounds soft, but it's where \"this felt fragile\" comes out, and that's often the most useful signal of the session.",
			},
			worked: "Three 90-minute sessions on «feat» found eleven issues, two of them release blockers. The team wants to do this every release now.",
			partly: "The sessions found good bugs, but debriefs got skipped under deadline pressure, so some findings never became tickets.",
			didNot: "We ran one session, but it turned into free clicking and we came out with nothing written down. We'll try again with a facilitator.",
			gist:   "A charter is a mission (explore X with Y to discover Z), timeboxed, paired, and always debriefed.",
		},
		{key: "mutation-testing", tags: []string{"mutation-testing", "test-automation"},
			vars: "lang=Kotlin|Go|TypeScript|Java; mod=the pricing rules|fee calculation|the discount engine|tax rounding",
			titles: []string{
				"Is mutation testing worth the CI time for «mod»?",
				"Mutation score or coverage: what do you actually track?",
				"Trying mutation testing on «mod»: where do I begin?",
			},
			body: `Our «mod» code («lang») has 94% line coverage, and yet last month a bug shipped that turned a ‵<‵ into ‵<=‵ and no test noticed. Someone suggested mutation testing.

Has anyone run it in a real pipeline? How long does it take, and which results did you actually act on?`,
			tried: "Ran the tool locally once: 25 minutes and 300 surviving mutants. I didn't know where to start.",
			answers: []string{
				"Don't run it on everything. Point it at «mod» only (where a wrong comparison costs money) and run it nightly, not on every PR. Then read the surviving mutants by file and look for patterns: a whole group of boundary mutants surviving usually means one missing table-driven test, not forty missing tests.",
				"Incremental mode is the trick: most tools can mutate only the lines a PR changed. For us that's two or three minutes per PR on the critical module, which nobody minds.",
			},
			worked: "Nightly run on «mod» only, and two table-driven tests killed most of the boundary survivors. Mutation score went from 61% to 88%.",
			partly: "The nightly run works, but nobody reads the report unless someone nags. I've added it to our weekly quality review.",
			didNot: "Even scoped to «mod» it took 40 minutes, and the team didn't see the value against other work. Parked for now.",
			gist:   "Scope mutation testing to the code where a wrong comparison costs money, run it nightly or incrementally, and fix patterns of survivors rather than each one.",
		},
		{key: "bdd-readable", tags: []string{"bdd", "test-automation"},
			vars: "n=140|220|380; feat=checkout|account settings|subscriptions",
			titles: []string{
				"Our Gherkin scenarios have turned into scripts. How do you keep them readable?",
				"BDD: who should write the Given/When/Then?",
				"«n» Cucumber scenarios and nobody reads them",
			},
			body: `We have «n» Cucumber scenarios for «feat». They started as conversations with product and turned into step-by-step UI scripts ("When I click the button with id submit-2"). Product no longer reads them; developers hate maintaining the step definitions.

How do other teams keep scenarios about behaviour?`,
			tried: "Rewrote a few in a declarative style; the step definitions multiplied, because every old step is still used somewhere.",
			answers: []string{
				"Write each scenario in the business's words, one behaviour each, and push the clicking down into step definitions (or page objects the steps call). \"Given a customer with an expired card / When they pay / Then they are asked to update the card\" survives any redesign. Rewrite per feature as you touch it, not all «n» at once.",
				"The real fix for us was Example Mapping before the sprint: 25 minutes, product, a developer and a tester, rules and examples on cards. Scenarios that come out of that room are declarative by nature, because nobody there thinks in buttons.",
			},
			worked: "Example Mapping before each story, and scenarios rewritten as we touch features. Product reviews them again.",
			partly: "New scenarios are much better; the old ones are still scripts. We delete rather than rewrite where they duplicate unit tests.",
			didNot: "Product didn't have time for the sessions, and without them the scenarios drifted back into UI scripts.",
			gist:   "One behaviour per scenario in business language; clicks belong in step definitions; Example Mapping keeps new scenarios declarative.",
		},
		{key: "axe-baseline", tags: []string{"accessibility-testing", "playwright"},
			vars: "app=the merchant portal|checkout|the help centre|account settings; n=48|62|85",
			titles: []string{
				"Adding axe checks to our Playwright suite: what do you fail the build on?",
				"Automated accessibility tests for «app»: where do they stop being useful?",
				"axe-core in CI: «n» violations on day one",
			},
			body: `We want automated accessibility checks for «app». axe reports «n» violations on our main pages, mostly colour contrast and missing labels. If I make it fail the build, nothing will merge for a month.

How did you introduce it without blocking everyone?`,
			tried: "Ran ‵@axe-core/playwright‵ on five pages and exported the results to a spreadsheet.",
			answers: []string{
				"Baseline it. Record today's violations per page, fail the build only on *new* ones, and burn the baseline down as a team goal. We started with the critical and serious impacts only. And remember that axe finds maybe a third of real problems: keep a keyboard-only pass and a screen-reader smoke test in your exploratory sessions.",
				"Fix the shared components first. Most of our contrast and label violations came from three design-system components, so fixing them cleared hundreds of violations across every page. The design-system folks are usually keen to help.",
			},
			worked: "Baseline plus fail-on-new: nothing blocked, and we've fixed 45 of «n» violations in six weeks.",
			partly: "The baseline works, but the component fixes wait on another team, so the number is stuck around 30.",
			didNot: "The checks run, but the team treats them as noise. We need someone on the team to own accessibility; tooling alone didn't do it.",
			gist:   "Baseline today's violations and fail only on new ones; fix shared components first; keep manual keyboard and screen-reader checks.",
		},
		{key: "third-party-sandbox", tags: []string{"api-testing", "test-strategy"},
			vars: "p=the payment provider|the address lookup vendor|the shipping carrier|the tax service",
			titles: []string{
				"How do you test against «p»'s sandbox when it's down half the time?",
				"Stubbing «p» in integration tests: WireMock or record and replay?",
				"Our pipeline depends on «p»'s sandbox. Bad idea?",
			},
			body: `Our integration tests call «p»'s sandbox. It's slow, rate-limited, and down often enough that our pipeline goes red a couple of times a week for reasons we can't fix.

How do other teams test integrations with third parties without depending on them on every run?`,
			tried: "Retries around the sandbox calls. The pipeline is slower now and still fails.",
			answers: []string{
				"Stub «p» in the pipeline (WireMock, or a small fake you own) and run a separate scheduled job against the real sandbox that alerts instead of blocking merges. Stubs drift, so have that job record a few real responses every week and diff them against your stub mappings.",
				"Whatever you choose, don't write the stub responses from the documentation: they're always slightly wrong. Record them from the sandbox once, then edit.",
			},
			worked: "WireMock in the pipeline, a nightly job against the sandbox. The pipeline has only been red for reasons of our own since.",
			partly: "The stubs work well, but the nightly job fails so often on sandbox outages that we muted it. We need smarter alerting.",
			didNot: "The stubs hid a breaking change in «p»'s API that the sandbox would have caught. We now run the sandbox job before every release as well.",
			gist:   "Stub the third party in the pipeline and check the real sandbox on a schedule that alerts instead of blocking; record stub responses, don't write them.",
		},
		{key: "test-data", tags: []string{"test-automation", "test-strategy"},
			vars: "db=PostgreSQL|MySQL|MongoDB; env=staging|the shared QA environment|pre-production",
			titles: []string{
				"How do you manage test data in «env» without tests stepping on each other?",
				"Seeded test data or data created per test?",
				"Our tests break whenever someone changes data in «env»",
			},
			body: `Our automated tests in «env» rely on a set of known customers and orders. Every few days someone (a person, or another team's tests) changes one of them, and our suite fails in confusing ways.

How do you manage test data in a shared environment? We're on «db».`,
			tried: "A wiki page listing the reserved test accounts. Nobody reads it.",
			answers: []string{
				"Have each test create the data it needs through the API, with a unique marker in it, and never rely on records that already exist. Slower per test, but it removes the whole category of failure. For the few things you can't create through the API (a customer with two years of history), snapshot them into a fixture your setup restores.",
				"We went \"create your own data\" and added a cleanup job that deletes anything older than a day carrying the test marker. It keeps «env» from filling up with junk.",
			},
			worked: "Tests create their own customers now. Not one data-related failure in the last month.",
			partly: "Works for most tests; the ones that need historical data still share a fixture and occasionally break.",
			didNot: "Creating data through the API doubled the runtime of our 900 tests. We went back to seeded data with a nightly reset.",
			gist:   "Each test creates the data it needs, with a unique marker, and a cleanup job removes it; shared fixtures only for what cannot be created.",
		},
		{key: "quarantine", tags: []string{"test-automation", "flaky-tests"},
			vars: "n=3|5|8; svc=checkout|search|payments|onboarding",
			titles: []string{
				"What do you do with a test that's flaky but covers something important?",
				"A quarantine process for flaky tests: who decides?",
				"«n» known-flaky tests on «svc»: skip, retry or fix?",
			},
			body: `We have «n» tests on «svc» that fail now and then. Some cover important paths, so people are nervous about skipping them; meanwhile everyone re-runs the pipeline and ignores red builds.

Do you have a process for quarantining flaky tests? Who decides, and how do you make sure they come back?`,
			tried: "A \"flaky\" label in the tracker. It has 40 tickets and nobody picks them up.",
			answers: []string{
				"We quarantine within a day: whoever sees the flake tags the test (‵@quarantine‵), it moves to a separate job that runs but doesn't block, and a ticket gets an owner and a date. The quarantine job posts its results every morning, so a quarantined test that keeps failing stays visible. The rule that makes it work is the deadline: after two weeks the test is fixed or deleted, and deleting is allowed.",
				"Add a limit: our quarantine job fails when more than ten tests are in it. That forces the conversation about fixing rather than quarantining more.",
			},
			worked: "Quarantine tag, a separate job and the two-week rule. The main pipeline is trustworthy again, and we've fixed or deleted all «n».",
			partly: "Quarantine works; the two-week deadline slips when the team is busy. The limit helped.",
			didNot: "We quarantined, but nobody owned the tickets, and a month later a third of the suite was in quarantine. An owner per test from day one is the part we skipped.",
			gist:   "Quarantine a flaky test within a day into a job that doesn't block, give it an owner and a deadline, and fix or delete it within two weeks.",
		},
		{key: "cypress-to-playwright", tags: []string{"cypress", "playwright", "test-automation"},
			vars: "n=180|260|410; app=the merchant portal|checkout|the admin console",
			titles: []string{
				"Migrating «n» Cypress tests to Playwright: big bang or gradual?",
				"Anyone moved from Cypress to Playwright recently?",
				"Cypress or Playwright for «app», this year?",
			},
			body: `«app» has «n» Cypress tests. We keep hitting limits (several tabs, the payment provider's iframes, the cost of parallel runs), and Playwright seems to handle them. The team is split on whether migrating is worth it.

If you did it: how long did it take, and did you run both side by side?`,
			tried: "Ported ten tests as a spike. Two days, mostly spent learning fixtures.",
			answers: []string{
				"We ran both side by side for three months: new tests in Playwright, Cypress tests ported only when they broke or their feature changed. After three months the remaining Cypress tests were mostly dead weight and we deleted a third of them. A big bang would have frozen test work for a quarter.",
				"Before porting, check which tests still earn their keep. We found about 30% duplicating lower-level tests. A migration is a good excuse to prune.",
			},
			worked: "Gradual migration, old tests ported when touched. Halfway through, and CI time is down 35%.",
			partly: "Side by side works, but maintaining two sets of helpers is annoying. We've set a date to finish.",
			didNot: "The team decided it isn't worth it this year. We're staying on Cypress and using ‵cy.origin‵ for the iframe problem.",
			gist:   "Migrate gradually: new tests in the new tool, old ones ported when touched, and prune duplicates on the way.",
		},
		{key: "feature-flags", tags: []string{"test-strategy"},
			vars: "feat=the new search ranking|one-click reorder|the redesigned basket|instant refunds",
			titles: []string{
				"How do you test a feature behind a flag before it goes to 100%?",
				"Testing in production: your checklist for a staged rollout?",
				"Feature flags doubled our test matrix. Help.",
			},
			body: `We're releasing «feat» behind a feature flag: staff first, then 5% of customers, then everyone. I'm unsure what to test at each stage, and our suite only runs with every flag in its default state.

What do you check before each step of a rollout?`,
			answers: []string{
				"Test both states of the flag you're changing, and only the default state of every other flag, or the matrix explodes. For the rollout: the staff stage is for exploratory testing on real data; 5% is for watching error rates and the business metric on a dashboard you built *before* flipping; and the 100% step needs a rollback you've actually tried once.",
				"Write down the abort criteria before each step (error rate above 0.5%, conversion down more than 2%, that kind of thing). Without them every rollout turns into a debate at the worst moment.",
			},
			worked: "Abort criteria and a dashboard built in advance made the rollout boring, in the good way. We rolled back once at 5% and fixed a time-zone bug.",
			partly: "Good checklist, but our metrics lag by a day, so the 5% stage took much longer than planned.",
			didNot: "We tested both states, but the bug lived in the interaction between two flags. Lesson: list the flags that touch the same code.",
			gist:   "Test both states of the flag you change; agree abort criteria and build the dashboard before each rollout step; try the rollback once.",
		},
		{key: "reviewing-tests", tags: []string{"test-automation", "test-strategy"},
			titles: []string{
				"What do you look for when reviewing someone's tests in a PR?",
				"A code review checklist for test code?",
				"Test code reviews are rubber stamps here",
			},
			body: "On «team», reviewers read production code carefully and wave tests through. We end up with tests that assert nothing useful, or assert everything.\n\nDo you have a short checklist for reviewing test code?",
			answers: []string{
				`Mine fits on a sticky note:

1. Would this test fail if the behaviour broke? (Mutate the code in your head.)
2. Does its name say the behaviour, not the method?
3. Is there one reason for it to fail?
4. No sleeps, no order dependence, no shared mutable data.
5. Can I read arrange, act, assert without scrolling?`,
				"Ask the author to break the code and show the test failing. It sounds pedantic, takes thirty seconds, and catches the tests that pass whatever happens.",
			},
			worked: "We put the five questions in our PR template. Test reviews are real conversations now.",
			partly: "The checklist helps when people use it; under deadline it's the first thing skipped.",
			gist:   "Would it fail if the behaviour broke, does its name say the behaviour, one reason to fail, no sleeps or shared data, readable at a glance.",
		},
		{key: "visual-regression", tags: []string{"test-automation", "playwright"},
			vars: "app=the design system|the marketing site|checkout|the merchant portal",
			titles: []string{
				"Visual regression tests keep failing on font rendering",
				"Screenshot tests for «app»: worth it?",
				"How do you stop pixel diffs from being noise?",
			},
			body:  "We added screenshot comparisons for «app». Half the failures are anti-aliasing differences between macOS laptops and the Linux runners, so people update the baselines without looking.\n\nHow do you make visual tests trustworthy?",
			tried: "Raised ‵maxDiffPixelRatio‵ to 0.02. Now it misses real changes too.",
			answers: []string{
				"Create and compare baselines only in the same container image CI uses (Playwright publishes one), never on laptops. Then mask the dynamic regions (dates, avatars) and screenshot components rather than whole pages. Our false positives dropped to nearly none.",
				"Only keep visual tests where the look *is* the requirement: the design-system components and a few key pages. Everything else is better served by assertions on the DOM.",
			},
			worked: "Baselines from the CI image only, dates masked: not one false positive in three weeks.",
			partly: "Much better, though one icon font still renders differently. We masked it.",
			didNot: "Baselines moved into the container, but the team still didn't review the diffs. We removed the tests outside the design system.",
			gist:   "Create and compare baselines in the container CI uses, mask dynamic regions, and keep visual tests where the look is the requirement.",
		},
		{key: "legacy-tests", tags: []string{"test-automation", "test-strategy"},
			vars: "sys=the order service|the billing monolith|the warehouse integration; y=8|11|14",
			titles: []string{
				"Adding tests to «sys»: «y» years old, almost none",
				"Where do you start testing a legacy system nobody wants to touch?",
				"Characterisation tests: anyone done this at scale?",
			},
			body:  "«sys» is «y» years old, business-critical, and has almost no tests. Every change is a gamble. Management agreed we can spend 20% of next quarter on it.\n\nWhere would you start?",
			tried: "Listed the modules by number of production incidents.",
			answers: []string{
				"Start from the change, not the code: before each change you have to make anyway, write characterisation tests around the code it touches (capture what it does today, right or wrong). After a quarter, the tests sit exactly where change happens. Your incident list is a good tie-breaker for where to look first.",
				"Golden-master tests helped us a lot: push a few thousand recorded inputs through the old code, store the outputs, and compare after every change. Crude, but you get a safety net in days instead of months.",
			},
			worked: "Characterisation tests around every change. Three months in, the riskiest modules have a safety net and we've refactored two of them.",
			partly: "The golden master caught regressions, but the outputs contain timestamps, and normalising them took far too long.",
			gist:   "Write characterisation tests around the code each change touches, and use a golden master for a fast, crude safety net.",
		},
		{key: "p99-spikes", tags: []string{"performance-testing"},
			vars: "svc=the catalogue API|checkout|search; ms=180|250|420",
			titles: []string{
				"p95 is fine, p99 is terrible: where do I look?",
				"Latency spikes every minute during load tests on «svc»",
			},
			body:  "Load testing «svc»: p95 is around «ms» ms, well within target, but p99 jumps to three or four seconds, in spikes roughly every minute.\n\nWhat usually causes periodic spikes like these, and how do you investigate?",
			tried: "Looked at CPU and memory on the pods: nothing stands out at that granularity.",
			answers: []string{
				"Periodic spikes almost always come from something on a timer: garbage collection, a cache expiring all at once, a cron job, or the connection pool recycling (is ‵maxLifetime‵ 60 s?). Line the spikes up with GC logs and pool metrics at one-second resolution; one-minute dashboards average them away.",
				"Check the load generator too. We once chased a p99 spike for days that was k6's own machine pausing. Run it from two machines and see whether the spikes line up.",
			},
			worked: "It was the pool's max lifetime: every connection recycled at once, every 60 s. With jitter, p99 dropped to 600 ms.",
			partly: "GC pauses explain half the spikes; the other half are still a mystery.",
			didNot: "Not the pool, not GC, not the load generator. Still digging; I'll post here when we find it.",
			gist:   "Periodic latency spikes usually mean something on a timer (GC, cache expiry, pool recycling); look at one-second resolution and check the load generator.",
		},
		{key: "manual-regression", tags: []string{"test-strategy", "exploratory-testing"},
			vars: "days=two|three|four; app=the mobile app|the merchant portal|checkout",
			titles: []string{
				"Our manual regression takes «days» days before each release",
				"How did you shrink a manual regression checklist?",
			},
			body:  "Every release of «app» needs «days» days of manual regression against a 300-line checklist. It's exhausting, and bugs still slip through, usually in areas that weren't on the list.\n\nHow did other teams shrink this?",
			tried: "Automated the top 20 checks. The checklist didn't get shorter, because nobody dares remove a line.",
			answers: []string{
				"Score every line by risk (how likely it breaks × how bad that is) and by when it last found a bug. We dropped 60% of the lines: they hadn't found anything in a year and were covered by automation. Replace the rest with two or three exploratory sessions on what actually changed in this release.",
				"Ask for the change log of each release and test around the changes. A fixed checklist tests what was risky two years ago.",
			},
			worked: "Cut the checklist from 300 lines to 90 and added focused exploratory sessions. Regression takes a day now, and we find more bugs, not fewer.",
			partly: "We're down to 180 lines; the rest are \"required by compliance\", which we're discussing with them.",
			gist:   "Score checklist lines by risk and by when they last found a bug, drop what automation covers, and explore around what changed.",
		},
		{key: "async-tests", tags: []string{"test-automation", "api-testing"},
			vars: "bus=Kafka|SQS|RabbitMQ; evt=OrderPlaced|PaymentCaptured|StockReserved",
			titles: []string{
				"How do you write reliable tests for things that happen \"eventually\"?",
				"Testing a «bus» consumer without sleeps",
				"Integration tests for «evt» events keep timing out",
			},
			body:  "We test a flow where publishing «evt» on «bus» should update a read model. The tests publish, sleep five seconds, then check. They're slow, and still fail when the consumer is slow.\n\nWhat's the right pattern?",
			tried: "Increasing the sleep. You can guess how that went.",
			answers: []string{
				"Poll with a deadline instead of sleeping: check every 100 ms until the condition holds or ten seconds pass, and fail with the last state you saw. Most libraries have it (‵Eventually‵ in Gomega, Awaitility in Java, ‵expect.poll‵ in Playwright). And give each test its own correlation id, so you assert on your message and not someone else's.",
				"For the consumer itself, test without the broker: call the handler with a message and assert the effects. Then keep only a couple of end-to-end tests through «bus».",
			},
			worked: "Polling instead of sleeps, plus correlation ids. The suite went from nine minutes to three and the timeouts are gone.",
			gist:   "Poll with a deadline instead of sleeping, assert on your own correlation id, and test handlers without the broker.",
		},
		{key: "whole-team-quality", tags: []string{"test-strategy"},
			titles: []string{
				"Developers see testing as QA's job. How did you change that?",
				"Moving from a QA gate to whole-team quality",
				"I'm the only tester for nine developers",
			},
			body:  "I'm the only tester on «team», with nine developers. Everything waits for me at the end of the sprint; I've become the bottleneck and the gate.\n\nHow did you move to a team that owns quality together, without simply refusing to test?",
			tried: "Asked developers to test each other's work. It lasted two sprints.",
			answers: []string{
				"Move earlier instead of refusing later. Join refinement and ask \"how will we know it works?\" for every story; write the acceptance examples together; pair with a developer on the tests for the riskiest story each sprint. Within a couple of months you're the person who helps everyone test, not the one who tests everything.",
				"Make the waiting visible. We put a \"waiting for test\" column on the board with a WIP limit of two. When it filled up, developers started testing to unblock their own work. No speeches needed.",
			},
			worked: "A WIP limit on \"waiting for test\" plus pairing on the riskiest story. I'm no longer the bottleneck, and developers write most of the tests.",
			partly: "Joining refinement helped a lot; pairing only happens when I push for it.",
			didNot: "Our manager removed the WIP limit after one sprint because it \"slows delivery\". I'm taking it to the retro again.",
			gist:   "Move testing earlier (examples in refinement, pairing on the riskiest story) and make the waiting visible with a WIP limit.",
		},
		{key: "shared-staging", tags: []string{"test-strategy", "test-automation"},
			vars: "n=four|six|nine",
			titles: []string{
				"One shared staging environment for «n» teams: how do you cope?",
				"Ephemeral environments per pull request: worth it?",
				"Staging is always broken by someone else",
			},
			body:  "«n» teams share one staging environment. Someone's half-finished change breaks it most days, and we can't tell whose fault a failure is.\n\nHas anyone moved to an environment per pull request? What did it cost?",
			tried: "A chat channel to announce deployments to staging. It helps a little.",
			answers: []string{
				"We moved to an environment per PR on Kubernetes: each PR gets a namespace with its own service, and shares read-only dependencies. It cost about two weeks of platform work and a noticeable cloud bill, so environments are torn down after a day without activity. The win: a failure is always the PR's own.",
				"A cheaper first step: contract tests plus a \"staging is sacred\" rule, where only main is ever deployed there. Half our staging breakage was feature branches.",
			},
			worked: "Only main deploys to staging now, and we added contract tests. Staging breaks about once a fortnight instead of daily.",
			partly: "Environments per PR work for our service, but the dependencies are shared, so some failures are still ambiguous.",
			didNot: "Environments per PR were beyond our budget this year. We're starting with the main-only rule.",
			gist:   "Deploy only main to shared staging and add contract tests; an environment per PR makes every failure the PR's own, at a cost.",
		},
		{key: "email-tests", tags: []string{"test-automation", "api-testing"},
			vars: "kind=password reset emails|order confirmation emails|one-time codes by SMS",
			titles: []string{
				"How do you test «kind» end to end?",
				"Catching broken «kind» before customers do",
			},
			body: "Twice this year «kind» went out broken (a wrong link, a missing template variable) and we learned about it from customers. Our tests check that the send function is called, not what arrives.\n\nHow do you test what actually lands in the inbox?",
			answers: []string{
				"Point the test environment at a catch-all mail server (Mailpit or MailHog) and have the test fetch the message through its API: assert on the subject, follow the link, and check that no ‵{{‵ survived in the body. In production, a synthetic account that triggers one real message an hour and alerts when it doesn't arrive.",
				"Snapshot-test the rendered templates with realistic data, awkward cases included (long names, no first name at all). Most of our broken emails were template problems you can catch without sending anything.",
			},
			worked: "Mailpit in the test environment and assertions on the actual link. It caught a broken reset link the following week.",
			gist:   "Send to a catch-all mail server in tests and assert on what arrives (follow the link); snapshot the templates with awkward data.",
		},
		{key: "coverage-target", tags: []string{"test-strategy"},
			vars: "mgr=my director|our VP|the release board",
			titles: []string{
				"«mgr» wants a coverage target. What do you offer instead?",
				"Which quality measures do you actually report?",
			},
			body: "«mgr» asked for \"80% coverage on every service\" as a quarterly goal. I'm worried we'll get tests that execute code and check nothing.\n\nWhich quality measures have you reported that led to better decisions?",
			answers: []string{
				"Offer outcome measures: escaped defects per release (and where they escaped), change failure rate, time to restore, and how often the pipeline is red for reasons unrelated to the change (your flake rate). Coverage is fine as a team-internal smell detector, never as a target.",
				"Bring a story, not a number: one escaped bug, the test that would have caught it, and why it wasn't there. Then propose the two measures you'll track. Directors respond to that.",
			},
			worked: "I proposed change failure rate and flake rate instead, and they were accepted; coverage stays a team-level signal.",
			partly: "We got a compromise: coverage on new code only, plus escaped defects.",
			didNot: "The coverage target stayed. At least we now track escaped defects next to it.",
			gist:   "Report escaped defects, change failure rate and flake rate; keep coverage as a smell detector, never a target.",
		},
		{key: "time-zones", tags: []string{"test-automation"},
			vars: "feat=delivery slots|subscription renewals|end-of-month invoices",
			titles: []string{
				"How do you test time-zone and daylight-saving bugs in «feat»?",
				"«feat» broke on the clock change again",
			},
			body: "For the second year running, «feat» misbehaved the night the clocks changed. Our tests run at whatever time CI happens to run, so they never see it.\n\nHow do you test time-dependent logic properly?",
			answers: []string{
				"Inject the clock. Every piece of code that asks \"what time is it?\" takes a clock, and tests pass a fake one. Then write table-driven tests for the nasty instants: the switch in each market, 23:59 on the last day of the month, 29 February, and a customer in another time zone than the server.",
				"Run part of the suite with ‵TZ‵ set somewhere far from UTC (we use Pacific/Auckland). It flushes out code that silently assumes UTC.",
			},
			worked: "Injected the clock and added cases for our four markets' clock changes. Found two more bugs before the autumn switch.",
			gist:   "Inject the clock, table-test the nasty instants (clock changes, month ends, leap days), and run some tests in a far-away time zone.",
		},
		{key: "api-security-checks", tags: []string{"api-testing", "test-strategy"},
			vars: "api=the partner API|the orders API|the account API",
			titles: []string{
				"Basic security checks a tester can add to API tests for «api»?",
				"Which security tests belong in our regular suite?",
			},
			body: "We don't have a security tester, and «api» is about to open to partners. I'd like to add a few security checks to our API tests without pretending to be a penetration tester.\n\nWhat gives the most value for a non-specialist?",
			answers: []string{
				"Authorisation tests are the big one: for every endpoint, call it as another tenant's user and assert a 403 or 404. Broken object-level authorisation is the top API risk and it's easy to test. Add missing and expired tokens and oversized payloads. The Security Champions will happily review your list.",
				"Run OWASP ZAP's API scan against your OpenAPI document every night. It won't find everything, but it finds the embarrassing things.",
			},
			worked: "Cross-tenant tests on every endpoint: two of them leaked data. Both fixed before the partner launch.",
			gist:   "Test authorisation across tenants for every endpoint, plus missing and expired tokens; a nightly ZAP API scan catches the embarrassing things.",
		},
		{key: "slow-pipeline", tags: []string{"test-automation"},
			vars: "min=35|50|70; svc=the monorepo|checkout|the web app",
			titles: []string{
				"Our pipeline takes «min» minutes, mostly tests. Where do we start?",
				"Speeding up a «min»-minute test stage",
				"Sharding tests in CI: experiences?",
			},
			body:  "The pipeline for «svc» takes «min» minutes, and about 70% of that is tests. Developers batch their changes to avoid the wait, which makes failures harder to pin down.\n\nWhere would you look first?",
			tried: "Bigger runners: saved 10%.",
			answers: []string{
				"Measure first: export per-test durations and sort them. In every suite I've seen, 5% of the tests take half the time (usually UI tests doing their setup through the UI, or tests with sleeps). Fix those, then shard what's left across parallel jobs, and run the full UI suite only on merge to main.",
				"Test impact analysis helped us: run only the tests whose dependencies changed in the PR, and the full suite nightly. Our monorepo went from 50 minutes per PR to 12.",
			},
			worked: "Per-test timings showed twelve UI tests logging in through the UI. API login plus sharding: «min» minutes down to 14.",
			gist:   "Sort tests by duration and fix the slowest 5% first (UI setup, sleeps), then shard; run the full UI suite on merge only.",
		},
		{key: "screen-reader", tags: []string{"exploratory-testing", "accessibility-testing"},
			vars: "feat=the new sign-up flow|the checkout redesign|the loyalty page",
			titles: []string{
				"Screen reader testing for «feat»: where do I even start?",
				"Manual accessibility testing: a tester's first hour",
			},
			body: "I've been asked to check «feat» with a screen reader before launch. I've never used one. Which one, with which browser, and what should I check in an hour?",
			answers: []string{
				"VoiceOver with Safari (macOS and iOS) and NVDA with Firefox or Chrome on Windows cover most users. In an hour: tab through the whole flow and note where the focus goes, listen to every field's label and error message, check the headings with the rotor, and try to finish the flow without touching the mouse. That finds most of the blockers.",
				"Before you start, spend ten minutes on the screen reader's own tutorial; otherwise you'll test your unfamiliarity with it, not the page.",
			},
			worked: "Did the one-hour pass with NVDA: an unlabelled button and error messages that were never announced. Both fixed before launch.",
			gist:   "VoiceOver with Safari, NVDA with Firefox; tab through the flow, listen to labels and errors, move by headings, and finish it without a mouse.",
		},
	}
}

// specialTopics are questions planted by hand for the stories (see the
// plant functions in help_stories.go); they are not dealt from a deck.
func specialTopics() []topic {
	return []topic{
		{key: "what-not-to-automate", tags: []string{"test-strategy", "test-automation"},
			titles: []string{"How do you decide what not to automate?"},
			body: `An honest question from someone who has automated a lot: I think we automate too much. Tests for admin screens that change once a year, UI tests for rules a unit test already covers, tests nobody remembers the reason for.

How do you decide what *not* to automate, and how do you delete tests without a fight?`,
			tried: "On payments we started tagging tests with the risk they cover. Half of them we couldn't tag.",
			answers: []string{
				"Ask two questions of every candidate: what would it protect, and how often does that code change? Rarely changing and low impact: leave it to a checklist in exploratory testing. For deleting, we look at tests that haven't failed in a year and aren't the only test on their risk; we delete them in a PR with the reasoning written down, so anyone can object. Nobody ever has.",
				"What helped us was a rule that a new automated test must name the risk it covers in its description. The untaggable half you found is probably your deletion list.",
			},
			worked: "We deleted 140 UI tests that covered nothing a lower-level test didn't. Pipeline down by 11 minutes and nobody missed them.",
			gist:   "Automate where the code changes often and a failure would hurt; delete tests that name no risk and haven't failed in a year, openly, in a PR.",
		},
		{key: "payment-iframe", tags: []string{"playwright", "test-automation"},
			titles: []string{"Playwright: how do you deal with the payment provider's iframe in checkout tests?"},
			body: `On checkout our Playwright tests have to fill in the card form, which lives in the payment provider's iframe. I'm using ‵page.frameLocator()‵ with a CSS selector that matches the provider's generated class names, and it breaks every time they ship.

Is there a stable way to do this, or should we not be testing through the iframe at all?`,
			tried: "Waiting for the frame's ‵load‵ event before filling in; it still breaks when their markup changes.",
			answers: []string{
				`Two things. Use role-based locators inside the frame, which survive their markup changes: ‵page.frameLocator('iframe[title="Secure card payment"]').getByRole('textbox', { name: 'Card number' })‵. And only go through the real iframe in one or two journeys against their sandbox; everywhere else, stub the payment step at the network level (‵page.route‵) so the rest of checkout doesn't depend on a third party's HTML.`,
			},
			gist: "Use role-based locators inside the provider's frame, and go through the real iframe in one or two journeys only; stub the payment step everywhere else.",
		},
		{key: "terraform-state", tags: []string{"terraform", "aws"},
			titles: []string{"Splitting one big Terraform state for the internal tools: by team or by something else?"},
			body: `All of our internal tools (this platform included, plus the wiki, the build cache and single sign-on) live in one Terraform state. A plan takes seven minutes and every apply feels like it could take everything down.

I want to split it. By team seems obvious, but the tools share a VPC, a database cluster and some IAM roles. How would you cut it?`,
			tried: "Tried ‵terraform state mv‵ on a copy of the state; it works, but I don't want to do it twice.",
			answers: []string{
				"Split by blast radius and rate of change, not by team: one state for the network and other shared foundations (changes yearly), one for the shared data stores (changes rarely, hurts most), and one per tool for everything that changes weekly. Wire them together with ‵terraform_remote_state‵ or, better, data sources that look things up by tag. Do the moves with ‵moved‵ blocks in a PR per state, so the history shows what went where.",
			},
			gist: "Split Terraform state by blast radius and rate of change (foundations, data stores, then each tool), and move resources with moved blocks in reviewed PRs.",
		},
		{key: "slo-alerts", tags: []string{"observability", "prometheus", "sre"},
			titles: []string{"We get 40 alerts a week and act on 3. How do we move to SLO-based alerting?"},
			body: `Our on-call gets about 40 Prometheus alerts a week (CPU, memory, 5xx counts over a fixed threshold) and acts on maybe three. People have started muting the channel, which is the scary part.

I'd like to move to alerts on SLOs and error budgets. Where do you start, and how do you convince the team to delete alerts?`,
			tried: "Added ‵for: 10m‵ to the noisiest rules. Fewer alerts, still not useful ones.",
			answers: []string{
				"Start with one user journey, not the whole estate: pick the checkout API, agree an SLO (99.5% of requests succeed within 500 ms over 28 days), and alert on burn rate with two windows: page when the last hour burns budget 14× too fast, open a ticket at 2× over six hours. Run it next to the old alerts for two weeks and count which ones would have mattered. That count is how you get permission to delete the rest.",
				"Keep the CPU and memory rules, but as dashboard panels, not pages. Nobody should be woken for a symptom customers can't feel. And write a one-line runbook link into every alert that survives.",
			},
			gist: "Pick one user journey, agree an SLO, page on fast multi-window burn rates, run it beside the old alerts for two weeks, then delete what never mattered.",
		},
		{key: "oomkilled", tags: []string{"kubernetes", "observability"},
			titles: []string{"Pods OOMKilled since the Java 21 upgrade, but heap usage looks fine"},
			body: `Since we moved the pricing service to Java 21 last week, pods get OOMKilled a few times a day. The container limit is 1 GiB, ‵-Xmx‵ is 768m, and the heap graphs never go above 600 MB.

Is the JVM using memory outside the heap that the old version didn't? What should the limit be?`,
			tried: "Raised the limit to 1.5 GiB on one replica: it survives longer but still dies.",
			answers: []string{
				"Almost certainly off-heap: metaspace, thread stacks and direct buffers. Use ‵-XX:MaxRAMPercentage‵ instead of a fixed ‵-Xmx‵, and turn on native memory tracking to see where the rest goes.",
			},
			gist: "The JVM uses memory beyond the heap (metaspace, threads, direct buffers); size it with MaxRAMPercentage and look with native memory tracking.",
		},
	}
}
