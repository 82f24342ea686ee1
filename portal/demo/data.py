"""Names, units, titles and places for the demo organisation, Meridian Group."""

COMPANY_DOMAIN = "meridian.example"
DEMO_PASSWORD = "lodestar-demo"  # noqa: S105 - printed for the demo, refused in production

BUSINESS_UNITS = [
    ("Consumer Products", "consumer", "Brands, marketing and retail partnerships across 40 markets."),
    ("Industrial Solutions", "industrial", "Engineered components and services for manufacturers."),
    ("Digital & Technology", "digital", "Platforms, data and the group's technology estate."),
    ("Finance & Corporate Services", "corporate", "Finance, legal, people and group functions."),
]

# (title, level) per business unit family; levels follow people.Profile.Level.
MENTEE_TITLES = [
    ("Senior Manager, Brand Strategy", 1),
    ("Senior Manager, Category Growth", 1),
    ("Director of Supply Planning", 2),
    ("Director, Product Engineering", 2),
    ("Director of Financial Planning & Analysis", 2),
    ("Director, Data Platforms", 2),
    ("Head of Customer Experience", 2),
    ("Senior Director, Operations", 3),
    ("Senior Director, Commercial Excellence", 3),
    ("Senior Director, Cloud Infrastructure", 3),
    ("Regional Finance Director", 3),
    ("Head of Procurement", 2),
    ("Director, Talent Acquisition", 2),
    ("Senior Manager, Treasury", 1),
    ("Plant Director", 3),
]
MENTOR_TITLES = [
    ("Vice President, Marketing", 4),
    ("Vice President, Manufacturing", 4),
    ("Chief Information Security Officer", 5),
    ("Vice President, Finance", 4),
    ("General Manager, Northern Europe", 5),
    ("Chief Data Officer", 5),
    ("Vice President, Strategy", 4),
    ("President, Industrial Solutions", 5),
    ("Group Treasurer", 4),
    ("Vice President, People", 4),
    ("Chief Operating Officer, Consumer Products", 5),
    ("Vice President, Engineering", 4),
]
EXPERT_FIRMS = [
    ("Executive Coach", "Harbourline Coaching"),
    ("Founding Partner", "Northgate Leadership Advisory"),
    ("Former CFO, now Board Adviser", "Independent"),
    ("Principal", "Keystone Transformation Partners"),
    ("Leadership Psychologist", "Clearwater Associates"),
    ("Senior Adviser", "Atlas Board Practice"),
]

PLACES = [
    ("London, United Kingdom", "Europe/London"),
    ("Rotterdam, Netherlands", "Europe/Amsterdam"),
    ("Munich, Germany", "Europe/Berlin"),
    ("New York, United States", "America/New_York"),
    ("Chicago, United States", "America/Chicago"),
    ("São Paulo, Brazil", "America/Sao_Paulo"),
    ("Johannesburg, South Africa", "Africa/Johannesburg"),
    ("Bengaluru, India", "Asia/Kolkata"),
    ("Singapore", "Asia/Singapore"),
    ("Sydney, Australia", "Australia/Sydney"),
]

FIRST_NAMES = [
    "Aisha", "Alejandro", "Amelia", "Anders", "Ana", "Arjun", "Beatriz", "Bilal", "Camille",
    "Chen", "Chloe", "Daniel", "Deepa", "Dmitri", "Elena", "Emeka", "Emma", "Fatima", "Felix",
    "Gabriel", "Hannah", "Hiroshi", "Ines", "Isaac", "Jana", "Javier", "Jin", "Julia", "Kofi",
    "Laila", "Lars", "Leila", "Lucas", "Maya", "Marco", "Mariam", "Mateo", "Mei", "Nadia",
    "Naveen", "Nia", "Noah", "Olivia", "Omar", "Paulo", "Priya", "Rafael", "Rania", "Ravi",
    "Rosa", "Samir", "Sara", "Sean", "Sipho", "Sofia", "Tariq", "Thandiwe", "Theo", "Valentina",
    "Victor", "Wei", "Yara", "Yusuf", "Zanele", "Zoe",
]
LAST_NAMES = [
    "Abara", "Adeyemi", "Andersson", "Banerjee", "Becker", "Bianchi", "Castillo", "Chen",
    "Costa", "Dubois", "Eriksen", "Fernandes", "Fischer", "Garcia", "Gupta", "Hansen", "Haddad",
    "Ibrahim", "Iyer", "Jansen", "Kim", "Kowalski", "Kumar", "Lambert", "Lee", "Lindqvist",
    "Mahlangu", "Martins", "Mensah", "Moreau", "Mukherjee", "Murphy", "Nakamura", "Nguyen",
    "Novak", "Okafor", "Oliveira", "Osei", "Patel", "Petrov", "Quinn", "Reddy", "Rossi",
    "Santos", "Schmidt", "Silva", "Singh", "Tanaka", "Van Dijk", "Wagner", "Walsh", "Wang",
    "Williams", "Yilmaz", "Zhang",
]

# One named person per role: the demo logins `make run` prints.
# (role, first, last, email local part, title, unit code or None, organisation, place index, level)
NAMED_PEOPLE = [
    ("Mentee", "Amara", "Okafor", "amara.okafor", "Director, Customer Insight", "consumer", "", 0, 2),
    ("Mentor", "Daniel", "Hartmann", "daniel.hartmann", "Vice President, Manufacturing",
     "industrial", "", 2, 4),
    ("External expert", "Priya", "Raman", "priya.raman", "Founding Partner", None,
     "Raman Leadership Advisory", 8, None),
    ("Programme manager", "Sofia", "Lindqvist", "sofia.lindqvist",
     "Head of Leadership Development", "corporate", "", 0, 3),
    ("Sponsor", "James", "Whitfield", "james.whitfield", "Chief People Officer", "corporate", "",
     0, 5),
    ("Communications", "Mei", "Chen", "mei.chen", "Internal Communications Lead", "corporate", "",
     8, 2),
    ("Moderator", "Tomás", "Alvarez", "tomas.alvarez", "Community Manager, Talent", "corporate",
     "", 1, 1),
]
