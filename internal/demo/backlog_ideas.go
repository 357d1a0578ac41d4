package demo

// The ideas each story's backlog holds, oldest first (the "backlog"
// step). Written for the demo; the titles are what members of such
// communities tend to ask for.

func testingIdeas() []backlogIdea {
	return []backlogIdea{
		{"Brown bag: how we test the payment flow", "The payments team has a neat setup with contract tests and a sandbox. Could they show it?", "contract-testing payments", "How payments cut"},
		{"Kata: test data builders", "We all build fixtures differently. A hands-on hour with builders would help us converge.", "kata fixtures", "Our flaky tests are mostly telling us about our test data"},
		{"A shared list of flaky tests", "One place to report flaky tests, with an owner each, instead of muting them in silence.", "flaky-tests ci", "Quarantine flaky tests"},
		{"Lightning talks: one testing tool you can't live without", "Five minutes each, any tool.", "tools lightning-talks", ""},
		{"Exploratory testing charters", "How to write a charter and run a time-boxed session. Maybe a workshop with real features.", "exploratory-testing", ""},
		{"Problem clinic: testing legacy code without tests", "Bring the scariest untested module you own; we find seams together.", "legacy", ""},
		{"Mutation testing: worth it?", "Someone who tried it on a real codebase could tell us what it found and what it cost.", "mutation-testing", ""},
		{"Visual regression testing across browsers", "Screenshots differ between CI and laptops. What do others do?", "visual ci", ""},
		{"Pairing sessions between testers and developers", "A monthly slot where a tester and a developer pair on one story.", "pairing", ""},
		{"Test strategy template for new services", "A one-page template teams can start from.", "strategy", ""},
		{"Accessibility testing basics", "What can every team check without a specialist?", "accessibility", ""},
		{"Property-based testing workshop", "Hands-on, in Go and in Java.", "property-based kata", ""},
		{"Retrospective of quality week", "What should we keep and change for next year?", "retrospective", "Quality week: what"},
		{"Invite the SRE team to talk about chaos testing", "They run game days; we could learn from them.", "chaos sre", ""},
	}
}

func crossOrgIdeas() []backlogIdea {
	return []backlogIdea{
		{"How other teams run their retrospectives", "Three teams, ten minutes each: format, tools, what changed because of it.", "retrospectives", "What twelve teams told us about retrospectives"},
		{"A shared definition of done", "Could we agree on a minimal one across the organization?", "definition-of-done", ""},
		{"Working agreements for hybrid teams", "What works when half the team is in the office.", "hybrid", ""},
		{"Open-door session with the leadership team", "Ask them how decisions about team structure are made.", "open-door", ""},
		{"Estimation without story points", "Some teams stopped estimating. How did it go?", "estimation", ""},
		{"Onboarding buddies across teams", "A buddy outside your own team for your first month.", "onboarding", ""},
		{"A guide to running a good demo", "Short, with the customer's problem first.", "demos", ""},
		{"Reduce meeting load: an experiment", "A no-meeting afternoon for a month, and measure what happens.", "meetings experiment", ""},
		{"Kanban board clinic", "Bring your board; we look at flow and WIP limits together.", "kanban", ""},
		{"Cross-team incident reviews", "Share the lessons of incidents beyond the team involved.", "incidents", ""},
	}
}

func frontendIdeas() []backlogIdea {
	return []backlogIdea{
		{"Brown bag: design tokens", "How the design system team keeps colours and spacing in sync with Figma.", "design-system", ""},
		{"Lightning talks: CSS features we now can use", "Container queries, :has(), nesting…", "css lightning-talks", "Lightning talks, autumn"},
		{"Web performance budget for our apps", "Agree on budgets and show them in CI.", "performance", "A performance budget in CI"},
		{"Kata: accessible forms", "Labels, errors next to fields, keyboard only.", "accessibility kata", ""},
		{"Migrating off the old state library", "Share what worked for the teams that did it.", "state migration", ""},
		{"Component testing with real browsers", "Compare our options.", "testing", ""},
		{"Show and tell: side projects", "An evening of demos.", "show-and-tell", ""},
		{"Frontend on-call: what to watch", "Which alerts matter for the frontend?", "on-call", ""},
		{"Internationalization pitfalls", "Dates, plurals and right-to-left layouts.", "i18n", ""},
	}
}

func dataIdeas() []backlogIdea {
	return []backlogIdea{
		{"A glossary of our business metrics", "One definition per metric, with its owner.", "metrics glossary", "Every metric has a named owner"},
		{"SQL review clinic", "Bring a slow or scary query.", "sql clinic", ""},
		{"Dashboard hygiene: retiring unused dashboards", "Half our dashboards have not been opened in months.", "dashboards", ""},
		{"Intro to dbt for analysts", "Hands-on, with our warehouse.", "dbt", ""},
		{"Data quality checks in pipelines", "Which checks catch the most problems for the least effort?", "data-quality", "This quarter's data incidents"},
		{"Causal inference reading group", "A chapter a month.", "statistics reading-group", ""},
		{"Privacy reviews for new datasets", "A checklist before a dataset is shared.", "privacy", ""},
	}
}

func securityIdeas() []backlogIdea {
	return []backlogIdea{
		{"Threat-model the new login flow", "Before it ships, with the identity team.", "threat-modelling auth", ""},
		{"Secret scanning rules for every repository", "Agree on a baseline and roll it out.", "secrets", "Secret scanning before every commit"},
		{"Dependency update policy", "How fast must critical updates land?", "dependencies", "Triage dependency alerts"},
		{"Capture-the-flag afternoon", "A friendly competition for the champions.", "ctf", ""},
		{"Security review checklist for pull requests", "Short enough that people use it.", "code-review", ""},
		{"Incident response tabletop exercise", "Walk through a leaked key scenario.", "incident-response", ""},
	}
}

func uxIdeas() []backlogIdea {
	return []backlogIdea{
		{"A shared research repository", "Where do findings live so others can find them?", "repository", "What we know about merchants"},
		{"Interview guide templates", "Start from a good one instead of a blank page.", "interviews templates", ""},
		{"Recruiting participants without an agency", "What has worked for your team?", "recruiting", ""},
		{"Synthesis workshop: affinity mapping remotely", "Tools and tricks for remote synthesis.", "synthesis", ""},
		{"Research ops: consent forms and data retention", "One process for everyone.", "research-ops consent", "Check the consent form"},
		{"Show and tell: research that changed a roadmap", "Stories of impact.", "impact", ""},
		{"Diary studies: when are they worth it?", "Costs and benefits from teams who ran one.", "diary-studies", ""},
		{"Pair researchers with data analysts", "Mix qualitative and quantitative on one question.", "mixed-methods", ""},
	}
}

func mobileIdeas() []backlogIdea {
	return []backlogIdea{
		{"Share our release checklists", "iOS and Android teams do it differently.", "releases", ""},
		{"Kotlin Multiplatform: should we try it?", "Someone who tried it could tell us.", "kotlin", ""},
		{"Crash reporting dashboards", "Which crashes should wake someone up?", "crashes", ""},
		{"UI testing on real devices", "Device farms compared.", "testing devices", ""},
		{"App size budget", "Our app doubled in size in a year.", "performance", ""},
		{"Accessibility on mobile", "VoiceOver and TalkBack basics.", "accessibility", ""},
	}
}

func platformIdeas() []backlogIdea {
	return []backlogIdea{
		{"A golden path for new services", "Template, pipeline and dashboards out of the box.", "golden-path", ""},
		{"Platform office hours", "A weekly slot where teams bring their questions.", "office-hours", ""},
	}
}
