package demo

import "math/rand/v2"

// The phrases below dress the topics' texts so that the same question,
// asked twice, does not read the same. Each function returns a fresh
// slice. Tokens are a topic's: «team» is the writer's team, «them» the
// first name of whoever the text answers, «@» the person mentioned,
// «gist» the answer in one sentence, «a|b» a free choice.

// openers start a request now and then.
func openers() []string {
	return []string{
		"Hi all,",
		"Hoping someone has been here before.",
		"Looking for a sanity check.",
		"Quick one, I hope.",
		"Long-time reader, first question.",
		"Bit of a long one, sorry.",
		"Asking on behalf of «team» as well as myself.",
	}
}

// closers end a request now and then.
func closers() []string {
	return []string{
		"Thanks in advance!",
		"Any pointers welcome.",
		"Happy to pair on it if someone has twenty minutes.",
		"Even a one-line \"we do X\" would help.",
		"If there's an FAQ I missed, point me at it.",
		"I'll write up whatever we end up doing.",
		"Not urgent, but it's blocking a decision «this week|next sprint|before our planning».",
	}
}

// askMentions call on someone who may know.
func askMentions() []string {
	return []string{
		"«@», I think you dealt with something like this before?",
		"Maybe «@» has seen this?",
		"cc «@», since you know this area better than anyone.",
		"«@» mentioned at the last meetup that you'd solved something similar. Could you have a look?",
	}
}

// replyOpeners start a reply now and then.
func replyOpeners() []string {
	return []string{
		"We hit exactly this on «team» last «quarter|spring|year».",
		"Short version first, details below.",
		"Good question, and a more common one than people admit.",
		"Had the same a few months ago, «them».",
		"Been there.",
	}
}

// replyClosers end a reply now and then.
func replyClosers() []string {
	return []string{
		"Happy to pair on it if that helps.",
		"Shout if that doesn't do it.",
		"Let us know how it goes!",
		"Curious to hear what you end up doing.",
		"DM me if you want to look at our setup.",
	}
}

// replyMentions bring someone else in.
func replyMentions() []string {
	return []string{
		"cc «@», who set this up for us.",
		"«@» knows more about this than I do, might be worth a chat.",
		"Looping in «@», who had the same problem recently.",
	}
}

// genericSecond is a second reply that agrees with the first and adds a
// caution, for topics with one answer.
func genericSecond(r *rand.Rand) string {
	return pick(r, []string{
		"Agree with the above. The only thing I'd add: measure before and after, or in three months nobody will know whether it helped.",
		"+1 to this. We learned the hard way that it only sticks if one named person owns it.",
		"Same experience on «team». Start with the smallest version you can try this week; the perfect version never ships.",
		"What's been said. And write down what you decided and why, for the next person who asks.",
	})
}

// commentPairs are the asker's comment under a reply and, after them,
// the reply's author's answer ("" for none).
func commentPairs() [][2]string {
	return [][2]string{
		{"Thanks «them», that's clear. Trying it this week and I'll report back.", "Good luck! Shout if you hit anything odd."},
		{"Really helpful, thank you. Anything you'd do differently if you started again?", "Start smaller. We tried to do everything at once the first time."},
		{"Makes sense. Did you need anyone's sign-off for this, or did you just do it?", "We just did it and showed the result afterwards. Easier than asking."},
		{"Oh, I hadn't thought of that. Checking now.", ""},
		{"Great, that's what I needed. Sharing it with «team».", ""},
		{"Do you have an example you could share?", "Sent you a link in a DM; it's in an internal repository, so I can't paste it here."},
		{"Would you do the same on a much smaller team?", "Yes, with less ceremony. The idea holds at any size."},
		{"Thanks! Any pitfalls to watch out for?", "Mainly that it's easy to start and easy to let slip. Put a reminder in your calendar to check in a month."},
	}
}

// chimes are what a third member adds under a reply.
func chimes() []string {
	return []string{
		"+1, we do the same on «team» and it has held up for months.",
		"Saving this thread. We have the exact problem on «team».",
		"Adding to what «them» said: write down what you decide, future you will thank you.",
		"This is great, «them». Could it go in the FAQ?",
		"We tried something similar and it worked too, once we stopped treating it as optional.",
	}
}

// giveUps are why an asker closes a request nobody answered.
func giveUps() []string {
	return []string{
		"Sorted it with a colleague on «team». For the next person: «gist»",
		"No longer needed: the work was deprioritised.",
		"Found what I needed in the end. In short: «gist»",
		"Asked in my team's channel and got an answer there. Closing so it doesn't sit in the queue.",
		"Closing, we went another way for now.",
	}
}

// askerEdits are what an asker adds to a request soon after asking.
func askerEdits() []string {
	return []string{
		"**Edit:** to be clear, I'm after what worked for you in practice, not the textbook answer.",
		"**Edit:** approaches that didn't work for you are just as welcome; they save us time too.",
		"**Edit:** «team» has the same question, so an answer helps two teams.",
		"**Edit:** a deadline for context: we'd like to decide «this week|by the end of the sprint|before the quarterly planning».",
	}
}

// replyEdits are what a helper adds to a reply soon after posting.
func replyEdits() []string {
	return []string{
		"*Edit: fixed a typo.*",
		"*Edit: one more thing: write down what you try, it makes the follow-up much easier.*",
		"*Edit: reworded the second paragraph, it read as if this were mandatory. It isn't.*",
		"*Edit: added the numbers from our last attempt.*",
	}
}

// workedNotes, partlyNotes and didNotNotes are outcome notes for topics
// without their own, or for variety.
func workedNotes() []string {
	return []string{
		"It worked. Thanks again, «them»: I've shared the approach with «team».",
		"Worked first time, which never happens. Doing it in small steps was the key.",
		"It worked, and it was less effort than I feared. Thanks, everyone.",
	}
}

func partlyNotes() []string {
	return []string{
		"Partly. It solved the main problem but not all of it; we're following up on the rest.",
		"It helped, but we had to adapt it to «team»'s setup more than expected.",
		"Half of it worked straight away; the other half needs buy-in we don't have yet.",
	}
}

func didNotNotes() []string {
	return []string{
		"It didn't work for us, but the discussion helped me find the real cause. Writing it up.",
		"Not in our context: the constraint turned out to be organisational, not technical.",
		"No luck yet. We've parked it and will try again next quarter with more time.",
	}
}
