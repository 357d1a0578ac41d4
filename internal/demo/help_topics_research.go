package demo

// uxTopics: what researchers, designers and product people ask about
// learning from customers.
func uxTopics() []topic {
	return []topic{
		{key: "recruit-merchants", tags: []string{"interviews", "research-ops"},
			vars: "n=six|eight|ten; who=small merchants|restaurant owners|merchants who left us last year|first-time sellers",
			titles: []string{
				"Recruiting «who» for interviews: what actually works?",
				"We need «n» interviews with «who» in two weeks",
				"No-shows and wrong participants when recruiting «who»",
			},
			body: `We need «n» interviews with «who» before the planning in two weeks. Last time we emailed a list from the CRM: 3% replied, two didn't show, and one turned out to be an agency acting for a merchant.

How do you recruit business customers reliably, and what incentive do you offer?`,
			tried: "An email from the product manager's own address, and a €25 voucher. Low response.",
			answers: []string{
				"For business customers, ask their account managers for warm introductions: a personal note from someone they already talk to gets a 30–40% yes. Add a three-question screener (role, what they sell, when they last used the feature) to weed out agencies, confirm the day before by phone, and over-recruit by two. For incentives, money matters less than respect: offer to share what you learn, and keep it to 45 minutes.",
				"Intercept them in the product: a small banner in the merchant portal for people who used the feature this week. They remember what they did, which makes the interviews far richer than a cold list.",
			},
			worked: "Account managers introduced us to 14 merchants; we got «n» solid interviews and no agencies. The screener saved us twice.",
			partly: "The in-product banner worked for active merchants, not for the ones who left, who were the ones we most needed.",
			didNot: "Account managers were swamped with the quarter's renewals and couldn't help. We'll plan recruiting a month ahead next time.",
			gist:   "Recruit business customers through warm introductions from their account managers, screen with three questions, confirm the day before and over-recruit.",
		},
		{key: "consent-recordings", tags: []string{"research-ops", "interviews"},
			titles: []string{
				"Recording customer interviews: what consent do we need, and where do recordings live?",
				"Can I share interview clips in our all-hands?",
			},
			body: `I'm about to record customer interviews for the first time. Legal sent a 4-page consent form that scares participants, and I have no idea where recordings should be kept or for how long.

I'd also love to show a 30-second clip at the all-hands. Is that allowed?`,
			answers: []string{
				"Use research ops' one-page consent form: plain language, separate boxes for recording, for internal sharing of clips, and for quotes. Store recordings only in the research library (access-controlled, deleted after 12 months by default), never in personal drives or chat. A clip at the all-hands is fine *only* if the participant ticked the clip box; otherwise use a quote, with no name or company.",
				"Read the consent out loud at the start of the recording and let them ask questions. It takes a minute and participants relax when they understand it.",
			},
			worked: "Used the one-page form; every participant agreed to recording, and two to clips. The clip landed really well at the all-hands.",
			partly: "The form was fine, but one participant withdrew consent afterwards and deleting the clip from three places was painful. Library only, from now on.",
			gist:   "Use the one-page consent form with separate boxes for recording, clips and quotes; keep recordings only in the research library; share clips only with that consent.",
		},
		{key: "how-many-users", tags: []string{"usability-testing"},
			vars: "feat=the new onboarding|the checkout redesign|the merchant dashboard|the returns flow",
			titles: []string{
				"Is five users really enough for a usability test of «feat»?",
				"How many participants for a usability test, honestly?",
			},
			body: "Our stakeholders don't trust findings from five participants (\"that's not statistically significant\"). We're testing «feat» next week.\n\nHow many do you run, and how do you explain the number?",
			answers: []string{
				"Five per distinct user group is about finding problems, not measuring them: the classic result is that five people find most of the big usability problems *for one group*. If «feat» serves two very different groups, run five of each. If stakeholders want numbers (task success rates, time on task), that's a different study: unmoderated, 20 or more per group. Say which one you're doing up front.",
				"Invite the sceptical stakeholders to watch two sessions live. After the third participant stumbles at the same step, nobody asks about significance.",
			},
			worked: "Ran five plus five for our two groups and had the product lead watch. No significance debate at the readout.",
			partly: "Stakeholders accepted the findings but still wanted a number, so we're adding an unmoderated task test.",
			gist:   "Five participants per distinct group find most big problems; measuring rates is a different, larger study. Invite sceptics to watch live.",
		},
		{key: "survey-wording", tags: []string{"surveys"},
			vars: "topic=our new pricing page|the help centre|delivery updates|the mobile app",
			titles: []string{
				"Can someone review my survey about «topic» before it goes out?",
				"Survey question wording: leading questions and scales",
			},
			body: `I'm sending a survey about «topic» to 5,000 customers on Monday. A few of my questions:

1. How much do you like the new «topic»? (1–10)
2. Would you agree that the new «topic» is easier to use?
3. How often do you use it? (Often / Sometimes / Rarely)

Something feels off but I can't say what.`,
			answers: []string{
				"Questions 1 and 2 both lean towards a positive answer: ask \"How easy or difficult was it to…\" with a balanced 5-point scale instead. Question 3's options mean different things to different people: use concrete ranges (\"in the last month: not at all / once / 2–4 times / weekly or more\"). And pilot it with five colleagues from another team, watching them answer. You'll see the confusions in ten minutes.",
				"Ask about behaviour before opinions, and put one open question at the end (\"What's the one thing you'd change?\"). It's where the useful answers hide.",
			},
			worked: "Rewrote with balanced scales and concrete ranges, piloted with five people: two more questions turned out to be confusing. Response quality was much better.",
			partly: "Better questions, but response rate was low (4%). Next time I'll send it right after they used the feature.",
			gist:   "Avoid leading wording, use balanced scales and concrete frequency ranges, ask behaviour before opinion, and pilot with five people while watching.",
		},
		{key: "synthesis", tags: []string{"synthesis"},
			vars: "n=18|22|30",
			titles: []string{
				"Synthesising «n» interviews without drowning",
				"Affinity mapping: tools and shortcuts for «n» interviews?",
			},
			body: "I've run «n» interviews for a discovery project and have about 600 sticky notes in a whiteboard tool. Every time I try to group them, I end up with twenty vague clusters like \"communication\".\n\nHow do you get from notes to findings that change a decision?",
			answers: []string{
				"Go back to the decision first: write the two or three questions the team must answer, and cluster only the notes that bear on them. Write cluster names as full sentences that say something (\"Merchants check orders on their phone between customers\"), never single words. Then, for each finding, count how many participants said it and pick a quote. Park the rest; it's not wasted, it's for the library.",
				"Synthesise with someone else, out loud, in two-hour sessions. Alone, everything looks like \"communication\".",
			},
			worked: "Framing it around the team's three questions cut the notes in half, and full-sentence clusters made the readout land. The roadmap changed.",
			partly: "Better, but it still took a week. I need to tag notes during the interviews next time.",
			gist:   "Start from the decision, cluster only what bears on it, name clusters as full sentences, count participants and pick a quote per finding.",
		},
		{key: "diary-dropout", tags: []string{"diary-studies"},
			vars: "n=12|15|20; weeks=two|three|four",
			titles: []string{
				"Half my diary study participants stopped after the first week",
				"Keeping participants engaged in a «weeks»-week diary study",
			},
			body: "I'm running a «weeks»-week diary study with «n» participants on how they plan their weekly shopping. Entries were great in week one; by week two, half had gone quiet.\n\nHow do you keep people going?",
			answers: []string{
				"Make each entry tiny (one photo and one sentence beats a form), prompt at the moment it happens rather than at a fixed time, and reply to entries personally within a day, since people write for a reader. Pay per week completed, not only at the end. And plan a short mid-study call: it re-energises people and gives you the 'why' behind the entries.",
				"Front-load the study: put the important prompts in the first week, while motivation is high.",
			},
			worked: "Smaller entries and replying to each one: 13 of «n» finished, compared with 6 last time.",
			partly: "Replies helped, but the weekly incentive was blocked by procurement. Retention improved a bit.",
			gist:   "Keep entries tiny, prompt at the moment, reply to every entry within a day, pay per week, and hold a mid-study call.",
		},
		{key: "card-sorting", tags: []string{"card-sorting"},
			vars: "area=the help centre|the merchant portal's settings|our product catalogue",
			titles: []string{
				"Open or closed card sort to restructure «area»?",
				"Card sort results don't agree on anything",
			},
			body: "We're restructuring the navigation of «area» (about 70 pages). I ran an open card sort with 25 people and the results are all over the place: the similarity matrix shows no clear groups.\n\nWhat would you do next?",
			answers: []string{
				"That's a finding in itself: people don't share a mental model for part of «area». Look at the pairs that *do* agree strongly and build a draft structure from those, then test it with a tree test (it's faster and tells you where people get lost). Seventy cards is also a lot; next time cut it to the 40 most visited pages.",
				"Check the card labels: if they use our internal names, people sort by word matching, not meaning. Rewrite them in customers' words and the groups often appear.",
			},
			worked: "The tree test on the draft gave 78% task success versus 51% today. Shipping it next sprint.",
			partly: "Relabelling the cards helped; some areas still split people in two, so we'll add cross-links there.",
			gist:   "Build a draft from the pairs that agree, validate it with a tree test, and write cards in customers' words.",
		},
		{key: "repository", tags: []string{"research-ops", "synthesis"},
			titles: []string{
				"Our research library exists and nobody reads it",
				"How do you make past research findable?",
			},
			body: "We have three years of research reports in the library. Teams still commission studies on questions we've already answered, because nobody finds (or trusts) the old reports.\n\nHow do you make a research repository people actually use?",
			answers: []string{
				"Store findings, not reports: one atomic insight per entry (\"Merchants reconcile payouts weekly, on Mondays\"), tagged by product area and customer type, with a link to the evidence. Then go where people ask: when a new study is requested, spend ten minutes searching the library for them and reply with three links. That habit did more for adoption than any tool.",
				"Put a date and a confidence on every finding. People don't trust old research because they can't tell what still holds.",
			},
			worked: "We split the top ten reports into 80 findings with tags. Two studies were cancelled because the answer was already there.",
			partly: "Atomic findings are much easier to search, but writing them is slow, so only new research gets the treatment.",
			gist:   "Store atomic findings with tags, evidence, a date and a confidence, and answer new study requests with links from the library.",
		},
		{key: "jtbd-guide", tags: []string{"interviews", "jobs-to-be-done"},
			vars: "job=switching from spreadsheets to our invoicing|choosing a delivery option|setting up a first shop",
			titles: []string{
				"Review my discussion guide for jobs-to-be-done interviews?",
				"Switch interviews about «job»: am I asking the right things?",
			},
			body: "I'm running jobs-to-be-done interviews about «job». My guide has 25 questions, including \"What features would you like?\" and \"Would you use X?\".\n\nCould someone experienced look at the structure before Thursday?",
			answers: []string{
				"Drop the feature and \"would you\" questions: people can't predict their own behaviour. A switch interview is a timeline: the first thought that things had to change, what they looked at, what almost stopped them, the moment they decided, and the first use. Ask for specifics (\"Where were you? What did you do next?\") and let silences run. Fewer questions, more \"tell me more about that\".",
				"Rehearse the guide with a colleague who recently made a similar switch (any product). You'll hear which questions produce stories and which produce opinions.",
			},
			worked: "A timeline guide with eight questions. The stories were so much richer; we found two 'forces' nobody had thought of.",
			partly: "The timeline worked, but I kept slipping back into asking about features. It takes practice.",
			gist:   "Drop 'would you' and feature questions; walk the timeline of the switch and ask for specifics, letting silences run.",
		},
		{key: "accessibility-participants", tags: []string{"accessibility", "usability-testing"},
			titles: []string{
				"Recruiting disabled participants for usability testing",
				"How do we include screen reader users in our research?",
			},
			body: "We've never tested with disabled people. I'd like to include screen reader users and people with low vision in our next round on the checkout, but don't know where to find participants or how to run sessions respectfully.",
			answers: []string{
				"Work with a specialist recruiter or a disability organisation and pay more than usual: sessions take longer and the pool is small. Let participants use their own devices and settings, remotely if they prefer, and ask in advance what they need. Budget 90 minutes instead of 60. And don't test \"accessibility\" as a topic: test the same tasks as everyone else.",
				"Run a pilot with a colleague who uses assistive technology every day (ask in the accessibility channel). It'll show you which parts of your setup get in the way.",
			},
			worked: "Four sessions through a specialist recruiter. They found three blockers automated checks missed. The team was shaken, in a useful way.",
			partly: "Recruiting took five weeks, so only two sessions made it into this release.",
			gist:   "Recruit through specialists, pay fairly, let people use their own set-up, allow more time, and test the same tasks as everyone else.",
		},
		{key: "journey-workshop", tags: []string{"journey-mapping"},
			vars: "journey=merchant onboarding|a customer's first return|a failed payment",
			titles: []string{
				"Running a journey mapping workshop for «journey» with stakeholders",
				"Journey maps that become wall art: how do you avoid it?",
			},
			body: "I'm facilitating a half-day journey mapping workshop about «journey» with people from sales, support and engineering. Last time, we produced a beautiful map that nobody looked at again.\n\nHow do you make the map lead to action?",
			answers: []string{
				"Ground it in evidence: bring real quotes and support tickets for each stage, so the map isn't built from opinions. End the workshop by choosing the two worst moments and naming an owner and a first experiment for each. Then put the map where decisions are made (the team's planning board), not on a wall.",
				"Invite someone from support. They know exactly where the journey hurts, and they'll keep asking about it afterwards.",
			},
			worked: "Two owners and two experiments came out of the workshop; one already cut onboarding tickets by a fifth.",
			partly: "We picked owners, but one experiment got lost in the next planning. I'm following up monthly.",
			gist:   "Bring evidence for each stage, end by naming owners and a first experiment for the worst moments, and keep the map where planning happens.",
		},
		{key: "unmoderated-tools", tags: []string{"usability-testing", "research-ops"},
			titles: []string{
				"Unmoderated testing: which tool, and what goes wrong?",
				"First time running an unmoderated usability test",
			},
			body: "We want to run unmoderated tests to get quicker feedback between moderated rounds. Research ops says we have a licence for one tool. What goes wrong with unmoderated tests, and how do you write tasks that work without a moderator?",
			answers: []string{
				"Everything that goes wrong comes from unclear tasks: participants can't ask you what you meant. Write each task as a realistic scenario with a clear end (\"You want to return the blue jacket you bought last week. Start the return.\"), add a success question after it, and pilot with two people before launching to twenty. Screen out the professional testers with a question only real customers can answer.",
				"Keep it under fifteen minutes. Completion and quality drop off a cliff after that.",
			},
			worked: "Piloting caught two ambiguous tasks. Twenty sessions in 48 hours, and the findings matched our last moderated round.",
			gist:   "Write realistic scenario tasks with a clear end and a success question, keep it under fifteen minutes, and pilot before launching.",
		},
	}
}

// dataTopics: what analysts, analytics engineers and data scientists ask.
func dataTopics() []topic {
	return []topic{
		{key: "dbt-incremental-dupes", tags: []string{"dbt", "data-modeling"},
			vars: "model=fct_orders|fct_order_lines|fct_order_events; n=0.4|1.2|3",
			titles: []string{
				"Duplicates in an incremental dbt model after late-arriving data",
				"‵«model»‵ has duplicate rows since we made it incremental",
			},
			body: `We made ‵«model»‵ incremental to cut run time. Since then about «n»% of rows are duplicated: the same ‵order_id‵ twice, with different ‵updated_at‵. My filter is:

‵‵‵sql
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
‵‵‵`,
			tried: "A ‵distinct‵ in the final select. Duplicates differ in one column, so it doesn't help.",
			answers: []string{
				"You're appending, not merging. Set ‵unique_key='order_id'‵ with the ‵merge‵ (or ‵delete+insert‵) strategy so a newer version replaces the old row, and look back a little to catch late arrivals: ‵where updated_at > (select max(updated_at) from {{ this }}) - interval '3 days'‵. Then add a ‵unique‵ test on ‵order_id‵ so it can't silently happen again.",
				"Also check the source: if it can emit the same id twice in one batch, deduplicate in a staging model with ‵row_number() over (partition by order_id order by updated_at desc) = 1‵ before the incremental step.",
			},
			worked: "unique_key with merge, a three-day lookback and a unique test. Duplicates gone, and the run is still 80% faster than the full rebuild.",
			partly: "Merge fixed it, but the lookback makes the run slower than I hoped. Tuning the window.",
			gist:   "Give the incremental model a unique_key with merge, look back a few days for late data, and test uniqueness.",
		},
		{key: "active-customer", tags: []string{"data-modeling", "dashboards"},
			vars: "a=marketing|finance|product; b=the executive dashboard|the board pack|the growth review",
			titles: []string{
				"Two teams, two numbers for \"active customers\"",
				"How do you settle a metric definition between «a» and another team?",
			},
			body: "«a» reports 41k active customers; «b» shows 36k. One counts a login in the last 30 days, the other an order in the last 30 days. Both are \"right\", and the CDO asked us to sort it out by the next review.\n\nHow do you get to one definition without a months-long argument?",
			answers: []string{
				"Don't pick a winner: name both. \"Active customers\" becomes \"Ordering customers (30 d)\" and \"Visiting customers (30 d)\", each with one owner, one SQL definition in the semantic layer, and a line on what decision it serves. Then retire the ambiguous name everywhere. It takes one meeting with the two owners and a week of renaming, not months.",
				"Write the definition down *with* the edge cases (staff accounts, refunds, merged accounts) in the metric's page. That's where the two numbers usually differ next time.",
			},
			worked: "Two named metrics, two owners, one definition each. The next review had no argument about numbers, for once.",
			partly: "Named and defined, but one old dashboard nobody owns still shows the ambiguous one.",
			gist:   "Don't pick a winner: give each meaning its own name, owner and single definition, and retire the ambiguous name.",
		},
		{key: "ab-peeking", tags: []string{"experimentation", "statistics"},
			vars: "page=the product page|checkout|the sign-up form; days=4|6|9",
			titles: []string{
				"Our A/B test on «page» was significant on day «days», not any more. Can we ship?",
				"Peeking at A/B tests: how bad is it really?",
			},
			body: "Our test on «page» showed +3.1% conversion, p = 0.03, on day «days». The PM wanted to ship; we let it run to the planned two weeks and now it's +0.8%, p = 0.4.\n\nWhat went wrong, and how do we stop this from happening?",
			answers: []string{
				"Nothing went wrong with the test; the day-«days» result was noise that looked like a signal because you checked it. Every look at an ongoing test is another chance of a false positive. Fix the sample size before starting (from the smallest effect you'd care about), and only decide at the end. If people must look early, use a sequential method with adjusted thresholds; our experimentation tool supports it.",
				"Also look at whether the early days were different (a campaign, a weekday mix). Novelty effects make early results look better than they are.",
			},
			worked: "We now fix sample size up front and use the sequential option for early looks. The PM stopped asking on day three.",
			partly: "Agreed in principle, but product still wants a daily number. We show it with a big 'do not decide' label.",
			gist:   "Decide the sample size up front and only decide at the end, or use a sequential method built for early looks; early results are noisy.",
		},
		{key: "looker-slow", tags: []string{"looker", "dashboards"},
			vars: "dash=the sales dashboard|the weekly trading dashboard|the ops overview; s=45|70|120",
			titles: []string{
				"«dash» takes «s» seconds to load",
				"Looker explores are slow: PDTs, aggregates or something else?",
			},
			body: "«dash» takes «s» seconds to load, and people open it every Monday morning at the same time. Each tile queries the raw events table joined to orders.\n\nWhat's the fix: persistent derived tables, aggregate awareness, or changing the model?",
			answers: []string{
				"Aggregate awareness is built for this: define a daily aggregate table for the tiles' grain, and Looker uses it automatically when the query fits. Persist it on a datagroup triggered by your dbt run, so it rebuilds after the data lands, not on someone's first click on Monday. Moving the join into a dbt model the explore reads directly usually helps even more.",
				"Check whether all tiles need raw events at all. Ours had two tiles filtering by hour; everything else was daily.",
			},
			worked: "A daily aggregate table and a datagroup tied to dbt: «dash» loads in four seconds.",
			partly: "Most tiles are fast now; the two hourly ones still hit the raw table. Acceptable.",
			gist:   "Use aggregate tables at the tiles' grain, rebuilt after the data lands, and move heavy joins into dbt models.",
		},
		{key: "airflow-backfill", tags: []string{"airflow"},
			vars: "dag=daily_revenue|marketing_attribution|inventory_snapshot; n=90|180|365",
			titles: []string{
				"Backfilling «n» days of ‵«dag»‵ without melting the warehouse",
				"Airflow backfill best practices?",
			},
			body: "We fixed a bug in ‵«dag»‵ and need to backfill «n» days. Last time someone ran ‵airflow dags backfill‵ with defaults, hundreds of runs started at once and the warehouse queue was stuck for a morning.\n\nHow do you backfill safely?",
			answers: []string{
				"Set ‵max_active_runs‵ on the DAG (2 or 3) and use a pool for the warehouse tasks so backfills can't starve the daily runs. Backfill in chunks of a month, newest first (people care about recent data), and run it outside business hours. Make sure the tasks are idempotent first: each run should overwrite its own partition, not append.",
			},
			worked: "max_active_runs 3, a warehouse pool, month chunks overnight. Done in two nights, nobody noticed.",
			partly: "The backfill went fine, but we found two tasks that append instead of overwrite. Cleaning up duplicates now.",
			gist:   "Limit active runs, use a pool, backfill in chunks newest first outside business hours, and make tasks idempotent first.",
		},
		{key: "data-tests", tags: []string{"data-quality", "dbt"},
			titles: []string{
				"Which dbt tests are worth having?",
				"We learn about broken data from the CFO. How do we catch it first?",
			},
			body: "Three times this quarter a broken pipeline was discovered by a stakeholder looking at a dashboard. We have dbt, but only a handful of ‵not_null‵ tests.\n\nWhich tests catch the problems that actually happen?",
			answers: []string{
				"In our experience the problems that actually happen are: late data, duplicates and volume drops. So: source freshness checks on every source (warn at 6 h, error at 24 h), ‵unique‵ on every primary key, and a row-count test comparing today with the same weekday last week (more than 30% off: fail). Send failures to a channel someone owns. That trio would have caught all three of your incidents.",
				"Add ‵accepted_values‵ on status columns. Upstream teams love adding a new status without telling anyone.",
			},
			worked: "Freshness, unique keys and a volume test. The next upstream outage was caught 20 minutes after it happened, before anyone opened a dashboard.",
			partly: "The tests work, but the alert channel gets ignored. We've put it in the on-call rota.",
			gist:   "Test freshness of every source, uniqueness of every key and day-over-day volume, and send failures to someone who owns them.",
		},
		{key: "sessionization", tags: []string{"sql"},
			vars: "gap=30|20|45",
			titles: []string{
				"Sessionizing click events in SQL with a «gap»-minute gap",
				"Window functions: how do I group events into sessions?",
			},
			body: "I have a table of events (user_id, event_time). I need sessions: a new session starts after «gap» minutes of inactivity. I can do it in Python, but it should be a dbt model.",
			answers: []string{
				`Flag the gaps, then running-sum the flags:

‵‵‵sql
with flagged as (
  select *,
    case when event_time - lag(event_time) over (partition by user_id order by event_time)
              > interval '«gap» minutes' then 1 else 0 end as new_session
  from events
)
select *,
  sum(new_session) over (partition by user_id order by event_time rows unbounded preceding) as session_number
from flagged
‵‵‵

The first event of each user has a null lag, so it gets 0, which is what you want. Build ‵session_id‵ from user_id and session_number.`,
			},
			worked: "Worked first time, and the model runs in a minute instead of the Python job's twenty.",
			gist:   "Flag events whose gap to the previous one exceeds the threshold with lag(), then number sessions with a running sum of the flags.",
		},
		{key: "weekly-forecast", tags: []string{"forecasting", "python"},
			vars: "what=warehouse orders|support tickets|deliveries per depot",
			titles: []string{
				"Forecasting weekly «what» with strong seasonality",
				"Which forecasting approach for «what», eight weeks ahead?",
			},
			body:  "Operations asked for an eight-week forecast of «what» to plan staffing. We have three years of weekly data, strong yearly seasonality and a few promotions. I tried Prophet out of the box and it misses the promotion weeks badly.\n\nWhat would you do?",
			tried: "Prophet with default settings, and a seasonal naive baseline for comparison.",
			answers: []string{
				"Keep the seasonal naive baseline and beat it honestly: backtest on rolling origins over the last year, not a single split. Add promotions as explicit regressors (Prophet supports them) and known holidays for your markets. And give operations a range, not a point: an 80% interval they can staff against is worth more than a precise-looking number.",
				"Ask operations what decision changes with the forecast. If it's \"how many temps to book four weeks out\", optimise for that horizon and that error, not for average accuracy.",
			},
			worked: "Promotions as regressors and a rolling backtest: 18% better than the seasonal naive. Operations now staff against the upper band.",
			partly: "Better than before, but next year's promotion calendar isn't known eight weeks out, so those weeks are still guesses.",
			gist:   "Backtest on rolling origins against a seasonal naive baseline, model promotions and holidays explicitly, and give a range, not a point.",
		},
		{key: "scd2", tags: []string{"data-modeling", "dbt"},
			vars: "what=customer segment|merchant tier|account manager",
			titles: []string{
				"Tracking history of «what» changes: snapshots or something else?",
				"Revenue by «what» changes when we re-run old reports",
			},
			body: "When a customer's «what» changes, our revenue-by-«what» reports for past months change too, because we join to the current value. Finance wants last quarter's numbers to stay as they were.\n\nWhat's the cleanest way in dbt?",
			answers: []string{
				"That's a slowly changing dimension (type 2): keep every version with ‵valid_from‵ and ‵valid_to‵. dbt snapshots do exactly this. Then join facts on the key *and* the time: ‵on f.customer_id = d.customer_id and f.order_date >= d.valid_from and f.order_date < coalesce(d.valid_to, '9999-12-31')‵. Start the snapshot today; history before it can only be reconstructed if the source kept it.",
			},
			worked: "Snapshot plus the as-of join. Last quarter's report no longer moves, and finance is happy.",
			partly: "Works going forward; for older months we approximated from the CRM's audit log.",
			gist:   "Keep every version of the dimension (a dbt snapshot) and join facts on the key and the validity interval.",
		},
		{key: "unused-dashboard", tags: []string{"dashboards"},
			vars: "team=the sales team|customer support|the growth team",
			titles: []string{
				"We built a dashboard for «team» and nobody opens it",
				"How do you design a dashboard people actually use?",
			},
			body: "Two months ago we built a dashboard for «team» after a long requirements session: 24 tiles. Usage logs show four views since launch, three of them mine.\n\nWhat would you do differently?",
			answers: []string{
				"Start from a decision, not a list of metrics: which decision does «team» make weekly, and which three numbers change it? Build those three, put the dashboard in the meeting where the decision happens (screen-shared, every week), and add tiles only when someone asks a question the dashboard can't answer. Then delete what nobody looked at in a month.",
				"Sit with them for an hour while they work. You'll find they answer most questions from a spreadsheet export, and that's the thing to replace.",
			},
			worked: "Three tiles, shown in their Monday meeting. It's now opened about forty times a week.",
			partly: "The cut-down version is used in the meeting but not outside it. Better than nothing.",
			gist:   "Start from the weekly decision and the three numbers that change it, show them in the meeting where it's made, and delete unused tiles.",
		},
		{key: "spark-skew", tags: []string{"spark"},
			vars: "key=merchant_id|country|product_id",
			titles: []string{
				"Spark job dies on one task: skewed join on ‵«key»‵",
				"One Spark task takes 40 minutes while the others take seconds",
			},
			body: "Our nightly Spark job joins events to a dimension on ‵«key»‵. 199 tasks finish in seconds; one runs for 40 minutes and sometimes runs out of memory. I suspect one huge key.",
			answers: []string{
				"Classic skew. First, turn on adaptive query execution's skew join handling (‵spark.sql.adaptive.skewJoin.enabled‵); it splits the big partition for you. If that's not enough, broadcast the dimension if it's small, or salt the hot key: add a random suffix 0–N to the big side and explode the small side N times. And check the hot key itself: ours was a null ‵«key»‵ from test traffic that should have been filtered.",
			},
			worked: "It was null keys from test traffic. Filtered them and turned on AQE: 40 minutes down to 4.",
			gist:   "Enable adaptive skew-join handling, broadcast or salt the hot key, and check whether the hot key is junk like nulls.",
		},
		{key: "ratio-ci", tags: []string{"statistics", "experimentation"},
			titles: []string{
				"Confidence interval for average order value in an A/B test",
				"Our experiment tool's interval for revenue per order looks too narrow",
			},
			body: "We're testing a change that might affect average order value. Our analysis treats each order as independent, but users place several orders, so I suspect the interval is too narrow.\n\nWhat's the correct way?",
			answers: []string{
				"You're right: randomisation is by user, so the unit of analysis is the user, and AOV is a ratio of two per-user sums. Use the delta method for the ratio's variance (or bootstrap by user, resampling whole users). The interval gets wider, often a lot. Our experimentation notebook has a function for it; I'll link it in the thread.",
			},
			worked: "Delta method by user: the interval was about 1.6× wider, and our 'significant' result wasn't. Glad we checked.",
			gist:   "When randomising by user, analyse per user: use the delta method or a user-level bootstrap for ratio metrics like AOV.",
		},
	}
}
