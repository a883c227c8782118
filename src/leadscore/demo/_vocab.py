"""Fixed vocabularies for the demo data generator.

Everything the generator draws from lives here so that the categorical codes the dbt
models expect (seeds/, accepted_values tests) can be checked against one place.
Order matters: codes are stored as indices into these tuples, so reordering a tuple
changes the generated data for a given seed.
"""

from __future__ import annotations

SITE = "https://www.acme-scoring.com"

SENIORITIES: tuple[str, ...] = (
    "c_level",
    "vp",
    "director",
    "manager",
    "individual_contributor",
    "student",
)
# Weights for non-student contacts; students are a separate segment.
SENIORITY_WEIGHTS: tuple[float, ...] = (0.04, 0.07, 0.13, 0.24, 0.52)
STUDENT_SENIORITY = SENIORITIES.index("student")

DEPARTMENTS: tuple[str, ...] = (
    "marketing",
    "sales",
    "engineering",
    "it",
    "finance",
    "operations",
    "hr",
    "product",
    "other",
)
DEPARTMENT_WEIGHTS: tuple[float, ...] = (0.22, 0.18, 0.16, 0.10, 0.06, 0.08, 0.05, 0.07, 0.08)

# Job titles per (seniority, department); several options per cell so titles are not a
# 1:1 recoding of the codes (the warehouse has to parse titles, not look them up).
TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("c_level", "marketing"): ("Chief Marketing Officer", "CMO"),
    ("c_level", "sales"): ("Chief Revenue Officer", "Chief Sales Officer"),
    ("c_level", "engineering"): ("Chief Technology Officer", "CTO"),
    ("c_level", "it"): ("Chief Information Officer", "CIO"),
    ("c_level", "finance"): ("Chief Financial Officer", "CFO"),
    ("c_level", "operations"): ("Chief Operating Officer", "COO"),
    ("c_level", "hr"): ("Chief People Officer", "Chief Human Resources Officer"),
    ("c_level", "product"): ("Chief Product Officer",),
    ("c_level", "other"): ("Chief Executive Officer", "CEO", "Founder & CEO"),
    ("vp", "marketing"): ("VP of Marketing", "VP Demand Generation", "Vice President, Marketing"),
    ("vp", "sales"): ("VP of Sales", "VP Sales", "Vice President of Sales"),
    ("vp", "engineering"): ("VP of Engineering", "VP Engineering"),
    ("vp", "it"): ("VP of IT", "VP Information Technology"),
    ("vp", "finance"): ("VP of Finance", "VP Finance"),
    ("vp", "operations"): ("VP of Operations", "VP Revenue Operations"),
    ("vp", "hr"): ("VP of People", "VP Human Resources"),
    ("vp", "product"): ("VP of Product", "VP Product Management"),
    ("vp", "other"): ("Vice President", "VP Strategy"),
    ("director", "marketing"): ("Director of Marketing", "Marketing Director", "Head of Growth"),
    ("director", "sales"): ("Director of Sales", "Head of Sales Operations", "Sales Director"),
    ("director", "engineering"): ("Director of Engineering", "Head of Engineering"),
    ("director", "it"): ("IT Director", "Head of IT"),
    ("director", "finance"): ("Finance Director", "Head of Finance", "Controller"),
    ("director", "operations"): ("Director of Operations", "Head of Revenue Operations"),
    ("director", "hr"): ("HR Director", "Head of People"),
    ("director", "product"): ("Director of Product", "Head of Product"),
    ("director", "other"): ("Director", "Managing Director"),
    ("manager", "marketing"): ("Marketing Manager", "Demand Generation Manager", "Growth Manager"),
    ("manager", "sales"): ("Sales Manager", "Sales Operations Manager", "Account Manager"),
    ("manager", "engineering"): ("Engineering Manager", "Software Development Manager"),
    ("manager", "it"): ("IT Manager", "Systems Manager"),
    ("manager", "finance"): ("Finance Manager", "Accounting Manager"),
    ("manager", "operations"): ("Operations Manager", "Marketing Operations Manager"),
    ("manager", "hr"): ("HR Manager", "Talent Acquisition Manager"),
    ("manager", "product"): ("Product Manager", "Senior Product Manager"),
    ("manager", "other"): ("Manager", "Office Manager", "Project Manager"),
    ("individual_contributor", "marketing"): (
        "Marketing Specialist",
        "Content Marketer",
        "Marketing Coordinator",
    ),
    ("individual_contributor", "sales"): (
        "Account Executive",
        "Sales Development Representative",
        "Business Development Representative",
    ),
    ("individual_contributor", "engineering"): (
        "Software Engineer",
        "Senior Software Engineer",
        "Data Engineer",
    ),
    ("individual_contributor", "it"): (
        "Systems Administrator",
        "IT Specialist",
        "Helpdesk Analyst",
    ),
    ("individual_contributor", "finance"): ("Financial Analyst", "Accountant"),
    ("individual_contributor", "operations"): ("Operations Analyst", "RevOps Analyst"),
    ("individual_contributor", "hr"): ("Recruiter", "HR Generalist"),
    ("individual_contributor", "product"): ("Product Designer", "UX Researcher", "Product Analyst"),
    ("individual_contributor", "other"): ("Consultant", "Analyst", "Assistant"),
}
STUDENT_TITLES: tuple[str, ...] = ("Student", "Graduate Student")

COUNTRIES: tuple[str, ...] = (
    "US",
    "GB",
    "DE",
    "FR",
    "CA",
    "AU",
    "NL",
    "SE",
    "IN",
    "BR",
    "ES",
    "IT",
    "JP",
    "SG",
    "MX",
    "IE",
    "CH",
    "PL",
)
COUNTRY_WEIGHTS: tuple[float, ...] = (
    0.40,
    0.10,
    0.08,
    0.05,
    0.05,
    0.04,
    0.03,
    0.02,
    0.06,
    0.03,
    0.03,
    0.02,
    0.02,
    0.02,
    0.02,
    0.01,
    0.01,
    0.01,
)
CALLING_CODES: tuple[str, ...] = (
    "1",
    "44",
    "49",
    "33",
    "1",
    "61",
    "31",
    "46",
    "91",
    "55",
    "34",
    "39",
    "81",
    "65",
    "52",
    "353",
    "41",
    "48",
)
# Company TLD by country; generic TLDs are mixed in independently of country.
COUNTRY_TLDS: tuple[str, ...] = (
    "com",
    "co.uk",
    "de",
    "fr",
    "ca",
    "com.au",
    "nl",
    "se",
    "in",
    "com.br",
    "es",
    "it",
    "jp",
    "sg",
    "mx",
    "ie",
    "ch",
    "pl",
)
GENERIC_TLDS: tuple[str, ...] = ("com", "io", "ai", "co", "net")

INDUSTRIES: tuple[str, ...] = (
    "software",
    "financial_services",
    "healthcare",
    "manufacturing",
    "retail",
    "education",
    "government",
    "media",
    "consulting",
    "nonprofit",
    "logistics",
    "energy",
)
INDUSTRY_WEIGHTS: tuple[float, ...] = (
    0.20,
    0.12,
    0.10,
    0.11,
    0.09,
    0.06,
    0.04,
    0.06,
    0.09,
    0.04,
    0.05,
    0.04,
)
# Median revenue per employee (USD) by industry, for annual_revenue.
INDUSTRY_REVENUE_PER_EMPLOYEE: tuple[float, ...] = (
    250_000,
    400_000,
    180_000,
    220_000,
    160_000,
    90_000,
    120_000,
    200_000,
    170_000,
    70_000,
    210_000,
    500_000,
)

LEAD_SOURCES: tuple[str, ...] = (
    "organic_search",
    "paid_search",
    "referral",
    "event",
    "webinar",
    "content",
    "outbound",
    "partner",
    "social",
)

LIFECYCLE_STAGES: tuple[str, ...] = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "other",
)

DEAL_STAGES: tuple[str, ...] = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "closedwon",
    "closedlost",
)
OPEN_DEAL_STAGES = 5

SOURCE_SYSTEMS: tuple[str, ...] = (
    "hubspot",
    "marketo",
    "website",
    "webinar_platform",
    "ads",
    "events",
)

FREE_MAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "aol.com",
    "icloud.com",
    "proton.me",
    "gmx.de",
)
FREE_MAIL_WEIGHTS: tuple[float, ...] = (0.45, 0.12, 0.10, 0.12, 0.03, 0.08, 0.04, 0.06)
EDU_DOMAINS: tuple[str, ...] = (
    "stateuniversity.edu",
    "techinstitute.edu",
    "cityuniversity.edu",
    "northernstate.edu",
    "lakesidecollege.edu",
)
COMPETITOR_DOMAINS: tuple[str, ...] = ("rivalscore.io", "leadmetrics.com", "funnelforge.com")

FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark",
    "Ashley", "Steven", "Emily", "Andrew", "Michelle", "Joshua", "Amanda", "Kevin", "Melissa",
    "Brian", "Stephanie", "George", "Rebecca", "Oliver", "Amelia", "Harry", "Isla", "Jack",
    "Sophie", "Lukas", "Hannah", "Felix", "Lena", "Jonas", "Marie", "Louis", "Camille",
    "Hugo", "Chloe", "Lucas", "Manon", "Liam", "Emma", "Noah", "Olivia", "Ethan", "Ava",
    "Mateo", "Sofia", "Diego", "Valentina", "Gabriel", "Julia", "Rafael", "Beatriz", "Arjun",
    "Priya", "Rahul", "Ananya", "Vikram", "Deepa", "Hiroshi", "Yuki", "Kenji", "Aiko", "Wei",
    "Mei", "Jun", "Lin", "Erik", "Astrid", "Lars", "Ingrid", "Sven", "Freya", "Pieter", "Sanne",
    "Daan", "Femke", "Marco", "Giulia", "Luca", "Chiara", "Pablo", "Lucia", "Javier", "Elena",
    "Kasia", "Piotr", "Aoife", "Sean", "Nina", "Omar", "Fatima", "Samuel", "Grace", "Leo",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Roberts", "Evans", "Turner", "Collins", "Murphy", "Cook",
    "Patel", "Shah", "Sharma", "Gupta", "Singh", "Kumar", "Mueller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Dubois", "Moreau", "Laurent", "Bernard",
    "Lefebvre", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Silva", "Santos",
    "Oliveira", "Souza", "Costa", "Fernandez", "Gonzalez", "Sanchez", "Perez", "Ramirez",
    "Tanaka", "Suzuki", "Sato", "Watanabe", "Takahashi", "Chen", "Wang", "Zhang", "Liu",
    "Huang", "Tan", "Lim", "Ng", "Johansson", "Andersson", "Nilsson", "Larsson", "de Vries",
    "Jansen", "van Dijk", "Bakker", "Kowalski", "Nowak", "Wisniewski", "O'Brien", "Kelly",
    "Byrne", "Ryan", "Walsh", "Novak", "Khan", "Ali", "Hussain", "Cohen", "Levi", "Ivanov",
)  # fmt: skip

COMPANY_PREFIXES: tuple[str, ...] = (
    "Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
    "Acorn", "Apex", "Arbor", "Aurora", "Beacon", "Birch", "Blue Harbor", "Bright", "Cascade",
    "Cedar", "Cobalt", "Copper", "Crescent", "Crystal", "Delta", "Ember", "Evergreen", "Falcon",
    "Fjord", "Granite", "Harbor", "Highland", "Horizon", "Iron", "Juniper", "Keystone", "Lakeside",
    "Lantern", "Maple", "Meridian", "Summit", "Nimbus", "Oak", "Orchid", "Pacific", "Pinnacle",
    "Prairie", "Quartz", "Redwood", "Ridge", "River", "Sable", "Sapphire", "Sierra", "Silver",
    "Solstice", "Spruce", "Sterling", "Stone", "Sunrise", "Tidal", "Timber", "Trident",
    "True North", "Vertex", "Vista", "Willow", "Zenith", "Atlas", "Orbit", "Nova", "Polar",
    "Quantum", "Echo",
    "Helix", "Lumen", "Mosaic", "Onyx", "Pioneer", "Radiant", "Signal", "Vantage",
)  # fmt: skip
COMPANY_NOUNS: tuple[str, ...] = (
    "Analytics", "Systems", "Labs", "Software", "Health", "Logistics", "Energy", "Capital",
    "Partners", "Media", "Retail", "Foods", "Manufacturing", "Consulting", "Networks", "Solutions",
    "Dynamics", "Industries", "Holdings", "Group", "Technologies", "Robotics", "Bank", "Insurance",
    "Pharma", "Clinics", "Motors", "Freight", "Power", "Studios", "Learning", "Academy",
    "Foundation", "Advisors", "Ventures", "Works", "Supply", "Cloud", "Data", "Security",
    "Devices", "Materials", "Textiles", "Outfitters", "Markets", "Publishing", "Broadcasting",
    "Agency", "Collective", "Trust", "Finance", "Payments", "Mobility", "Aerospace", "Marine",
    "Biotech", "Diagnostics", "Farms", "Brewing", "Interactive",
)  # fmt: skip

# Web paths, grouped by what a visit to them means. Blog and careers are deliberately
# separate groups: blog traffic is noise, careers traffic is job seekers.
BLOG_PATHS: tuple[str, ...] = tuple(
    f"/blog/{slug}"
    for slug in (
        "what-is-lead-scoring",
        "mql-vs-sql",
        "b2b-funnel-benchmarks-2026",
        "email-deliverability-checklist",
        "intent-data-explained",
        "account-based-marketing-101",
        "attribution-models-compared",
        "how-to-write-a-nurture-sequence",
        "revops-team-structure",
        "predictive-scoring-myths",
        "webinar-promotion-playbook",
        "sales-marketing-alignment",
        "gdpr-for-marketers",
        "data-warehouse-for-marketing",
        "scoring-decay-why-it-matters",
        "linkedin-ads-tips",
        "state-of-demand-gen",
        "customer-story-roundup",
        "crm-hygiene-guide",
        "product-led-growth-signals",
    )
)
PRODUCT_PATHS: tuple[str, ...] = (
    "/product/lead-scoring",
    "/product/intent-signals",
    "/product/routing",
    "/product/integrations/hubspot",
    "/product/integrations/salesforce",
    "/product/integrations/marketo",
    "/product/security",
    "/docs/getting-started",
    "/docs/scoring-rules",
    "/docs/api-reference",
    "/docs/data-sync",
    "/docs/sso-setup",
    "/customers/northwind",
    "/customers/globex",
    "/customers/case-studies",
    "/integrations",
)
PRICING_PATHS: tuple[str, ...] = ("/pricing", "/pricing/enterprise", "/pricing/compare-plans")
CAREER_PATHS: tuple[str, ...] = (
    "/careers/",
    "/careers/open-positions",
    "/careers/software-engineer",
    "/careers/account-executive",
    "/careers/product-designer",
    "/careers/customer-success-manager",
    "/careers/life-at-acme",
)
CONTENT_PATHS: tuple[str, ...] = (
    "/resources/lead-scoring-guide.pdf",
    "/resources/state-of-b2b-marketing-2026.pdf",
    "/resources/scoring-model-template.xlsx",
    "/resources/roi-calculator.xlsx",
    "/resources/intent-data-whitepaper.pdf",
    "/resources/revops-benchmark-report.pdf",
)
FORM_PATHS: tuple[str, ...] = (
    "/contact-sales",
    "/newsletter-signup",
    "/resources/lead-scoring-guide",
    "/resources/state-of-b2b-marketing-2026",
    "/partners/apply",
)
