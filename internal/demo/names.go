package demo

import (
	"strconv"
	"strings"
)

// The tables in this file are read-only: functions return fresh slices, so
// nothing in the package can change what another Generate will see.

// culture is a naming tradition with the offices its people are likely to
// work from.
type culture struct {
	weight       int
	female, male []string
	family       []string
	zones        []string
}

func cultures() []culture {
	return []culture{
		{6, []string{"Emma", "Olivia", "Charlotte", "Sophie", "Hannah", "Lucy", "Amelia", "Eleanor"},
			[]string{"James", "Oliver", "Thomas", "Harry", "George", "Daniel", "Samuel", "Jack"},
			[]string{"Smith", "Clarke", "Hughes", "Turner", "Walker", "Wright", "Hall", "Green", "Baker", "Cooper"},
			[]string{"Europe/London"}},
		{5, []string{"Ashley", "Megan", "Rachel", "Jessica", "Lauren", "Brianna", "Kayla", "Monique"},
			[]string{"Tyler", "Ryan", "Brandon", "Justin", "Marcus", "Kyle", "Andrew", "Caleb"},
			[]string{"Johnson", "Miller", "Davis", "Anderson", "Jackson", "Harris", "Robinson", "Coleman", "Brooks", "Reed"},
			[]string{"America/New_York", "America/Chicago", "America/Toronto"}},
		{2, []string{"Aoife", "Niamh", "Siobhán", "Ciara", "Róisín"},
			[]string{"Cian", "Seán", "Oisín", "Darragh", "Ronan"},
			[]string{"Murphy", "Byrne", "Kelly", "Doyle", "Walsh", "Gallagher", "Brennan"},
			[]string{"Europe/Dublin", "Europe/London"}},
		{5, []string{"Chiamaka", "Ngozi", "Funmilayo", "Adaeze", "Temitope", "Yetunde", "Ifeoma"},
			[]string{"Chinedu", "Emeka", "Olumide", "Babatunde", "Tunde", "Obinna", "Segun"},
			[]string{"Okonkwo", "Eze", "Balogun", "Nwosu", "Adebayo", "Ogunleye", "Chukwu", "Afolabi"},
			[]string{"Africa/Lagos", "Europe/London"}},
		{2, []string{"Akosua", "Ama", "Efua", "Abena"},
			[]string{"Kofi", "Kwabena", "Yaw", "Kojo"},
			[]string{"Asante", "Boateng", "Owusu", "Mensah", "Agyeman", "Darko"},
			[]string{"Africa/Accra", "Europe/London"}},
		{3, []string{"Wanjiru", "Achieng", "Njeri", "Akinyi"},
			[]string{"Kamau", "Otieno", "Baraka", "Odhiambo"},
			[]string{"Kariuki", "Wambua", "Ochieng", "Njoroge", "Kimani", "Mutua"},
			[]string{"Africa/Nairobi"}},
		{7, []string{"Priya", "Ananya", "Neha", "Shreya", "Kavya", "Pooja", "Ritu"},
			[]string{"Rahul", "Vikram", "Aditya", "Rohan", "Karan", "Amit", "Siddharth"},
			[]string{"Sharma", "Gupta", "Verma", "Singh", "Kapoor", "Agarwal", "Malhotra", "Joshi"},
			[]string{"Asia/Kolkata", "Europe/London"}},
		{4, []string{"Lakshmi", "Divya", "Meena", "Keerthana", "Nandini"},
			[]string{"Karthik", "Arvind", "Suresh", "Venkat", "Prakash"},
			[]string{"Krishnan", "Subramanian", "Nair", "Reddy", "Menon", "Pillai", "Raghavan"},
			[]string{"Asia/Kolkata"}},
		{4, []string{"Xiaoling", "Mei", "Jing", "Yan", "Hui", "Lina"},
			[]string{"Wei", "Jun", "Hao", "Lei", "Zhiwei", "Yong"},
			[]string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Wu"},
			[]string{"Asia/Singapore", "Asia/Shanghai"}},
		{2, []string{"Haruka", "Aiko", "Sakura", "Misaki"},
			[]string{"Kenji", "Takumi", "Daisuke", "Ren", "Sho"},
			[]string{"Tanaka", "Suzuki", "Watanabe", "Ito", "Yamamoto", "Kobayashi", "Kato", "Mori"},
			[]string{"Asia/Tokyo"}},
		{2, []string{"Ji-woo", "Seo-yeon", "Min-ji", "Eun-ji"},
			[]string{"Min-jun", "Seung-ho", "Jae-won", "Dong-hyun"},
			[]string{"Kim", "Lee", "Choi", "Jung", "Kang", "Yoon"},
			[]string{"Asia/Seoul"}},
		{2, []string{"Linh", "Thao", "Huong", "Mai"},
			[]string{"Minh", "Duc", "Tuan", "Quang"},
			[]string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"},
			[]string{"Asia/Ho_Chi_Minh", "Asia/Singapore"}},
		{2, []string{"Maricel", "Kristine", "Joy", "Angelica"},
			[]string{"Paolo", "Jerome", "Carlo", "Rafael"},
			[]string{"Santos", "Reyes", "Cruz", "Bautista", "Villanueva", "Mendoza"},
			[]string{"Asia/Manila"}},
		{4, []string{"Camila", "Juliana", "Larissa", "Beatriz", "Fernanda"},
			[]string{"Thiago", "Rafael", "Gustavo", "Felipe", "João"},
			[]string{"Silva", "Souza", "Oliveira", "Costa", "Pereira", "Rodrigues", "Almeida", "Ferreira"},
			[]string{"America/Sao_Paulo", "Europe/Lisbon"}},
		{2, []string{"Inês", "Mariana", "Joana"},
			[]string{"Tiago", "Rui", "Nuno"},
			[]string{"Carvalho", "Gonçalves", "Martins", "Lopes", "Sousa"},
			[]string{"Europe/Lisbon"}},
		{5, []string{"Carmen", "Valeria", "Paula", "Sofía", "Daniela", "Marta"},
			[]string{"Javier", "Alejandro", "Pablo", "Sergio", "Carlos", "Miguel"},
			[]string{"Martínez", "López", "Sánchez", "Ramírez", "Torres", "Navarro", "Hernández", "Romero"},
			[]string{"Europe/Madrid", "America/Mexico_City"}},
		{4, []string{"Camille", "Léa", "Manon", "Chloé", "Élodie"},
			[]string{"Julien", "Mathieu", "Antoine", "Hugo", "Théo"},
			[]string{"Martin", "Bernard", "Lefèvre", "Laurent", "Girard", "Roux", "Fontaine"},
			[]string{"Europe/Paris"}},
		{5, []string{"Anna", "Katharina", "Julia", "Miriam", "Johanna"},
			[]string{"Lukas", "Felix", "Jonas", "Tobias", "Maximilian"},
			[]string{"Müller", "Schmidt", "Schneider", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer"},
			[]string{"Europe/Berlin"}},
		{2, []string{"Sanne", "Lotte", "Femke"},
			[]string{"Daan", "Bram", "Joost"},
			[]string{"de Vries", "Jansen", "Bakker", "Visser", "van Dijk", "Smit"},
			[]string{"Europe/Amsterdam"}},
		{3, []string{"Agnieszka", "Katarzyna", "Magdalena", "Zofia"},
			[]string{"Piotr", "Krzysztof", "Paweł", "Michał", "Jakub"},
			[]string{"Nowak", "Mazur", "Krawczyk", "Zając", "Wróbel", "Kaczmarek"},
			[]string{"Europe/Warsaw"}},
		{3, []string{"Olena", "Iryna", "Oksana", "Kateryna"},
			[]string{"Andriy", "Oleksandr", "Dmytro", "Taras"},
			[]string{"Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Melnyk", "Boyko"},
			[]string{"Europe/Kyiv", "Europe/Warsaw"}},
		{3, []string{"Astrid", "Freja", "Sigrid", "Maja", "Karin"},
			[]string{"Erik", "Lars", "Magnus", "Anders", "Henrik"},
			[]string{"Johansson", "Nilsson", "Andersen", "Berg", "Lund", "Eriksen"},
			[]string{"Europe/Stockholm", "Europe/Oslo"}},
		{3, []string{"Ayşe", "Defne", "Selin", "Merve"},
			[]string{"Emre", "Burak", "Mehmet", "Can"},
			[]string{"Yılmaz", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan"},
			[]string{"Europe/Istanbul", "Europe/Berlin"}},
		{4, []string{"Layla", "Nour", "Mariam", "Yasmin", "Salma"},
			[]string{"Omar", "Karim", "Youssef", "Hassan", "Samir"},
			[]string{"Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Bennani"},
			[]string{"Africa/Cairo", "Africa/Casablanca", "Asia/Dubai", "Europe/London"}},
		{2, []string{"Shirin", "Parisa", "Negin"},
			[]string{"Arash", "Reza", "Kian"},
			[]string{"Ahmadi", "Hosseini", "Rahimi", "Karimi", "Moradi"},
			[]string{"Europe/London", "Europe/Berlin"}},
		{3, []string{"Giulia", "Chiara", "Francesca", "Martina"},
			[]string{"Luca", "Matteo", "Alessandro", "Davide"},
			[]string{"Russo", "Bianchi", "Romano", "Ricci", "Esposito", "Colombo"},
			[]string{"Europe/Rome"}},
		{3, []string{"Ayesha", "Sana", "Nusrat", "Farah"},
			[]string{"Imran", "Bilal", "Faisal", "Tanvir"},
			[]string{"Khan", "Hussain", "Chowdhury", "Qureshi", "Malik", "Siddiqui"},
			[]string{"Asia/Karachi", "Asia/Dhaka", "Europe/London"}},
		{2, []string{"Noa", "Tamar", "Shira"},
			[]string{"Eitan", "Yonatan", "Ariel"},
			[]string{"Cohen", "Levi", "Friedman", "Katz", "Mizrahi"},
			[]string{"Asia/Jerusalem", "America/New_York"}},
	}
}

// discipline is a kind of work at Northwind, with what people in it are
// called, work on, know and say about themselves.
type discipline struct {
	key       string
	weight    int
	field     string   // "software testing", for bios
	titles    []string // sentence case; a seniority may go before
	seniority []string // "" for none; repeats weigh
	teams     []string
	tags      []string // expertise
	related   []string // other disciplines people often also know
	focus     []string // bio sentences about the work
}

// productTeams are the teams that build Northwind's products.
func productTeams() []string {
	return []string{"payments", "checkout", "onboarding", "search", "logistics", "billing", "identity", "pricing",
		"notifications", "partner APIs", "support tools", "growth", "warehouse systems", "merchant portal"}
}

func disciplines() []discipline {
	pt := productTeams()
	return []discipline{
		{key: "testing", weight: 22, field: "software testing",
			titles:    []string{"QA engineer", "Test automation engineer", "Quality engineer", "SDET"},
			seniority: []string{"", "", "Senior", "Senior", "Junior", "Lead", "Staff"},
			teams:     pt,
			tags: []string{"test-automation", "exploratory-testing", "playwright", "cypress", "contract-testing", "performance-testing",
				"api-testing", "test-strategy", "bdd", "k6", "mutation-testing", "accessibility-testing"},
			related: []string{"frontend", "backend"},
			focus: []string{
				"I care about tests a team actually trusts: fast, readable and honest about what they cover.",
				"Most of my week goes into making a slow, flaky end-to-end suite smaller and more useful.",
				"I started in manual testing and still think a good exploratory session finds what scripts miss.",
				"I like getting into a feature early, while a question can still change the design.",
			}},
		{key: "ux-research", weight: 8, field: "user research",
			titles:    []string{"UX researcher", "User researcher", "Research operations specialist"},
			seniority: []string{"", "", "Senior", "Lead"},
			teams:     pt,
			tags: []string{"usability-testing", "interviews", "surveys", "accessibility", "journey-mapping", "diary-studies",
				"card-sorting", "research-ops", "synthesis", "jobs-to-be-done"},
			related: []string{"design", "product"},
			focus: []string{
				"I run interviews and usability tests and try to make sure the findings change a decision.",
				"Lately I spend more time coaching product teams to run their own studies than running them myself.",
				"I look after our research library so we stop asking customers the same questions twice.",
			}},
		{key: "design", weight: 11, field: "product design",
			titles:    []string{"Product designer", "Interaction designer", "Content designer", "Design systems designer"},
			seniority: []string{"", "", "Senior", "Lead", "Junior"},
			teams:     pt,
			tags: []string{"figma", "design-systems", "prototyping", "accessibility", "information-architecture", "ux-writing",
				"interaction-design", "visual-design", "usability-testing"},
			related: []string{"ux-research", "frontend"},
			focus: []string{
				"I design what customers see when something goes wrong, which is more of the product than it sounds.",
				"I look after parts of our design system, and the conversations about when to break it.",
				"I prototype in the browser early, so we learn what is hard before it is expensive.",
			}},
		{key: "data", weight: 16, field: "data and analytics",
			titles:    []string{"Data analyst", "Analytics engineer", "Data scientist", "BI developer", "Data engineer"},
			seniority: []string{"", "", "Senior", "Senior", "Junior", "Lead"},
			teams:     []string{"data platform", "marketing analytics", "finance analytics", "product analytics", "forecasting", "payments", "logistics"},
			tags: []string{"sql", "dbt", "dashboards", "python", "statistics", "looker", "experimentation", "airflow",
				"data-modeling", "spark", "forecasting", "data-quality"},
			related: []string{"ml", "product"},
			focus: []string{
				"I turn messy event data into tables people can trust and dashboards they actually open.",
				"I help product teams design experiments and read the results without fooling themselves.",
				"Most of my work is modelling data in dbt and writing tests so numbers stop changing under people.",
			}},
		{key: "security", weight: 6, field: "security",
			titles:    []string{"Application security engineer", "Security engineer", "Security analyst"},
			seniority: []string{"", "Senior", "Senior", "Lead"},
			teams:     []string{"product security", "security operations", "identity", "payments"},
			tags: []string{"threat-modeling", "owasp", "secrets-management", "sast", "penetration-testing", "iam",
				"incident-response", "supply-chain-security", "cryptography", "secure-code-review"},
			related: []string{"backend", "platform"},
			focus: []string{
				"I help teams find the weak spots in a design before an attacker does.",
				"I triage what our scanners find and turn the real issues into fixes a team can make in an afternoon.",
				"I spend a lot of time on secrets and access: the boring controls that prevent the exciting incidents.",
			}},
		{key: "frontend", weight: 18, field: "frontend development",
			titles:    []string{"Frontend engineer", "Web developer", "UI engineer", "Full-stack engineer"},
			seniority: []string{"", "", "Senior", "Senior", "Junior", "Staff"},
			teams:     pt,
			tags: []string{"react", "typescript", "css", "web-performance", "accessibility", "nextjs", "testing-library",
				"design-systems", "graphql", "web-components"},
			related: []string{"design", "testing", "backend"},
			focus: []string{
				"I build the screens customers see most and keep an eye on how fast they load on a cheap phone.",
				"I work on our component library and care a lot about keyboard and screen-reader users.",
				"I enjoy untangling state management, and deleting more code than I write.",
			}},
		{key: "backend", weight: 24, field: "backend development",
			titles:    []string{"Backend engineer", "Software engineer", "API engineer"},
			seniority: []string{"", "", "Senior", "Senior", "Junior", "Staff", "Principal"},
			teams:     pt,
			tags: []string{"go", "java", "kotlin", "postgresql", "api-design", "event-driven", "kafka", "grpc",
				"domain-driven-design", "python", "caching"},
			related: []string{"platform", "testing", "security", "data"},
			focus: []string{
				"I build and run the services behind our APIs, and like them boring, observable and well documented.",
				"I spend my days on event-driven integrations and the odd bug that only shows up at scale.",
				"I like clear API contracts and sensible database schemas more than clever code.",
			}},
		{key: "platform", weight: 13, field: "infrastructure and operations",
			titles:    []string{"Platform engineer", "Site reliability engineer", "DevOps engineer", "Cloud engineer"},
			seniority: []string{"", "", "Senior", "Senior", "Staff"},
			teams:     []string{"developer platform", "cloud infrastructure", "observability", "release engineering", "databases"},
			tags: []string{"kubernetes", "terraform", "observability", "incident-management", "ci-cd", "aws", "prometheus",
				"linux", "finops", "sre"},
			related: []string{"backend", "security"},
			focus: []string{
				"I keep our Kubernetes clusters healthy and try to make the easy path the safe one.",
				"I work on deployment pipelines and the tooling that lets teams ship many times a day.",
				"I am usually in the room when something is on fire, and I write the incident review afterwards.",
			}},
		{key: "mobile", weight: 10, field: "mobile development",
			titles:    []string{"iOS engineer", "Android engineer", "Mobile engineer"},
			seniority: []string{"", "", "Senior", "Junior", "Lead"},
			teams:     []string{"mobile app", "checkout", "onboarding", "notifications"},
			tags: []string{"swift", "kotlin", "swiftui", "jetpack-compose", "react-native", "mobile-testing", "app-performance",
				"offline-first", "ci-cd"},
			related: []string{"frontend", "testing"},
			focus: []string{
				"I work on the app most of our customers open every day, and on keeping its crash rate low.",
				"I care about build times, release trains and testing on real devices.",
				"I moved to mobile from the web and still compare the two whenever anyone lets me.",
			}},
		{key: "product", weight: 11, field: "product management",
			titles:    []string{"Product manager", "Product owner", "Product analyst"},
			seniority: []string{"", "", "Senior", "Lead"},
			teams:     pt,
			tags: []string{"discovery", "roadmapping", "okrs", "experimentation", "stakeholder-management", "user-stories",
				"prioritization", "pricing"},
			related: []string{"ux-research", "data", "delivery"},
			focus: []string{
				"I work with my team on what to build next and, more often, on what not to build.",
				"I spend a lot of time with customers and with data, trying to keep the two in agreement.",
				"I write fewer specifications than I used to and run more small experiments.",
			}},
		{key: "delivery", weight: 8, field: "agile delivery",
			titles:    []string{"Scrum master", "Agile coach", "Delivery manager", "Engineering manager"},
			seniority: []string{"", "", "", "Senior"},
			teams:     pt,
			tags: []string{"facilitation", "retrospectives", "kanban", "scrum", "coaching", "flow-metrics", "team-topologies",
				"okrs", "remote-teams"},
			related: []string{"product"},
			focus: []string{
				"I help teams see how their work really flows and improve it a little every sprint.",
				"I facilitate retrospectives and planning, and try to make myself unnecessary.",
				"I care about a sustainable pace, healthy on-call and meetings that end early.",
			}},
		{key: "ml", weight: 6, field: "machine learning",
			titles:    []string{"Machine learning engineer", "MLOps engineer", "Applied scientist"},
			seniority: []string{"", "Senior", "Senior", "Staff"},
			teams:     []string{"search", "pricing", "forecasting", "recommendations", "fraud detection"},
			tags: []string{"machine-learning", "mlops", "python", "pytorch", "feature-stores", "model-monitoring", "statistics",
				"recommendation-systems"},
			related: []string{"data", "backend"},
			focus: []string{
				"I take models from notebooks into production and keep them honest once they are there.",
				"I work on recommendations and spend most of my time on data quality rather than algorithms.",
			}},
	}
}

func disciplineByKey(key string) discipline {
	for _, d := range disciplines() {
		if d.key == key {
			return d
		}
	}
	return discipline{}
}

func backgrounds() []string {
	return []string{"teaching", "physics", "customer support", "a coding bootcamp", "music production", "accounting",
		"game development", "journalism", "nursing", "architecture", "the hotel trade", "retail"}
}

func hobbies() []string {
	return []string{"climbing", "sourdough baking", "chess", "running half-marathons", "singing in a choir", "gardening",
		"board games", "cycling to work in all weathers", "photography", "woodworking", "playing bass in a covers band",
		"two cats and too many plants", "football on Sundays", "birdwatching", "pottery", "learning Japanese", "open-water swimming"}
}

var numberWords = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// count spells n in words up to ten.
func count(n int) string {
	if n >= 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return strconv.Itoa(n)
}

// capitalize upper-cases the first letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// withSeniority puts seniority before title: "Senior QA engineer",
// "Senior data analyst", "Lead iOS engineer".
func withSeniority(seniority, title string) string {
	if seniority == "" {
		return title
	}
	// Keep acronyms (QA, SDET, UX, UI, BI, MLOps) and iOS as they are.
	if len(title) > 1 && !(title[1] >= 'A' && title[1] <= 'Z') && title[0] >= 'A' && title[0] <= 'Z' {
		title = strings.ToLower(title[:1]) + title[1:]
	}
	return seniority + " " + title
}

// emailLocal turns a name into the local part of an address:
// "Lucía Fernández" → "lucia.fernandez", "Liam O'Connor" → "liam.oconnor".
func emailLocal(first, family string) string {
	return foldASCII(first) + "." + foldASCII(family)
}

// foldASCII lower-cases s, drops accents from the letters the name tables
// use, and keeps only a–z, digits and inner hyphens.
func foldASCII(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := asciiFold[r]; ok {
			b.WriteString(f)
			continue
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-':
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "-")
}

// asciiFold is read-only.
var asciiFold = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ą': "a", 'æ': "ae",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ę': "e", 'ě': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ı': "i",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'ő': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ů': "u", 'ű': "u",
	'ç': "c", 'ć': "c", 'č': "c", 'ñ': "n", 'ń': "n", 'ł': "l", 'ś': "s", 'š': "s", 'ş': "s",
	'ź': "z", 'ż': "z", 'ž': "z", 'ğ': "g", 'ř': "r", 'ý': "y", 'ß': "ss",
}
