"""The starting competency framework, formats and languages (editable afterwards in the admin).

The data is frozen here on purpose: a migration must not depend on code that changes later.
"""

from django.db import migrations
from django.utils.text import slugify

FRAMEWORK = [
    ("Strategic leadership", "Setting direction and making the big calls well.", [
        ("Strategic thinking", "Sees patterns across markets and years; turns them into a few clear choices."),
        ("Vision and purpose", "Articulates where the organisation is going and why it matters."),
        ("Decision-making under uncertainty", "Decides with incomplete information and revisits as facts change."),
        ("Business model innovation", "Finds new ways to create and capture value."),
    ]),
    ("Leading change", "Moving people and organisations from here to there.", [
        ("Leading change", "Mobilises people through change; manages resistance with empathy and pace."),
        ("Transformation delivery", "Runs large programmes of change to measurable outcomes."),
        ("Digital fluency", "Understands technology well enough to lead its use and its risks."),
        ("Data-informed leadership", "Asks the right questions of data and acts on the answers."),
    ]),
    ("Commercial and financial", "Running the business soundly and profitably.", [
        ("Financial acumen", "Reads P&L, balance sheet and cash flow; knows the levers of value."),
        ("Commercial judgement", "Prices, negotiates and invests with a clear view of return."),
        ("Risk and governance", "Balances risk and reward; upholds controls and good governance."),
        ("Customer centricity", "Keeps customers' needs at the centre of decisions."),
    ]),
    ("Influence and relationships", "Earning trust and moving others.", [
        ("Stakeholder influence", "Builds coalitions and moves decisions without formal authority."),
        ("Executive presence", "Projects calm, credible authority in high-stakes settings."),
        ("Board and investor engagement", "Works effectively with boards, investors and regulators."),
        ("Negotiation", "Reaches durable agreements that hold value for both sides."),
        ("Communication and storytelling", "Makes complex ideas simple, memorable and motivating."),
    ]),
    ("Leading people", "Building teams and leaders around you.", [
        ("Inclusive leadership", "Creates teams where different people do their best work."),
        ("Coaching others", "Develops people by asking, listening and stretching them."),
        ("Building high-performing teams", "Sets up teams with clarity, trust and accountability."),
        ("Talent and succession", "Spots, grows and places talent; plans for succession."),
        ("Leading across cultures", "Leads effectively across countries, cultures and time zones."),
    ]),
    ("Personal leadership", "Leading yourself, sustainably.", [
        ("Resilience and wellbeing", "Sustains energy and perspective under pressure."),
        ("Self-awareness", "Knows their strengths, blind spots and impact on others."),
        ("Learning agility", "Learns fast from experience and applies it in new situations."),
        ("Ethical leadership", "Acts with integrity and makes the right call when it is hard."),
    ]),
]

FORMATS = [
    ("one_on_one", "One-on-one", "Regular private conversations with one mentor."),
    ("group", "Group coaching", "A small group with one mentor or coach."),
    ("shadowing", "Shadowing", "Spend time alongside a leader in their real work."),
    ("project", "Project-based", "Learn by doing on a stretch project with a mentor's guidance."),
]

LANGUAGES = [
    ("en", "English"), ("es", "Spanish"), ("fr", "French"), ("de", "German"), ("pt", "Portuguese"),
    ("nl", "Dutch"), ("it", "Italian"), ("sv", "Swedish"), ("zh", "Mandarin Chinese"),
    ("ja", "Japanese"), ("hi", "Hindi"), ("ar", "Arabic"), ("zu", "Zulu"), ("pl", "Polish"),
    ("tr", "Turkish"), ("ko", "Korean"),
]


def seed(apps, schema_editor):
    Cluster = apps.get_model("people", "CompetencyCluster")
    Competency = apps.get_model("people", "Competency")
    Format = apps.get_model("people", "Format")
    Language = apps.get_model("people", "Language")
    for c_order, (cluster_name, cluster_description, competencies) in enumerate(FRAMEWORK):
        cluster, _ = Cluster.objects.get_or_create(
            slug=slugify(cluster_name),
            defaults={"name": cluster_name, "description": cluster_description, "sort_order": c_order},
        )
        for order, (name, description) in enumerate(competencies):
            Competency.objects.get_or_create(
                slug=slugify(name),
                defaults={"name": name, "description": description, "cluster": cluster,
                          "sort_order": order},
            )
    for code, name, description in FORMATS:
        Format.objects.get_or_create(code=code, defaults={"name": name, "description": description})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_taxonomy_intake_mentors")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
