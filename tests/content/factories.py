"""Small builders for library pages: a library with sections, and items of every type."""

from wagtail.models import Site

from content.models import (
    ArticlePage,
    Audience,
    CaseStudyPage,
    LearningModulePage,
    LibraryIndexPage,
    LibrarySectionPage,
    PlaybookPage,
    SimulationPage,
    SuccessStoryPage,
)
from portal.people.models import Competency


def build_library() -> tuple[LibraryIndexPage, LibrarySectionPage]:
    root = Site.objects.get(is_default_site=True).root_page
    index = LibraryIndexPage(title="Knowledge library", slug="library", intro="Cases and more.")
    root.add_child(instance=index)
    section = LibrarySectionPage(title="Everything", slug="everything")
    index.add_child(instance=section)
    return index, section


CASE_BODY = [
    ("context", {"body": "<p>A new COO inherits two plants.</p>"}),
    ("dilemma", {"body": "<p>One must close.</p>"}),
    ("action", {"body": "<p>She asked both managers to argue the other side.</p>"}),
    ("outcome", {"body": "<p>The transition ran ahead of plan.</p>"}),
    ("discussion", {"intro": "", "questions": ["What would you do?"]}),
]

SCENARIO = [
    (
        "situation",
        {
            "key": "start",
            "title": "Week one",
            "narrative": "<p>Your calendar is empty.</p>",
            "choices": [
                {
                    "label": "Visit the sites",
                    "consequence": "You learn a lot.",
                    "leads_to": "customer",
                },
                {
                    "label": "Restructure now",
                    "consequence": "The room goes quiet.",
                    "leads_to": "stalled",
                },
            ],
        },
    ),
    (
        "situation",
        {
            "key": "customer",
            "title": "The customer",
            "narrative": "<p>They may leave.</p>",
            "choices": [
                {
                    "label": "Let the account lead lead",
                    "consequence": "They stay.",
                    "leads_to": "trusted",
                },
                {
                    "label": "Take over yourself",
                    "consequence": "She resigns.",
                    "leads_to": "stalled",
                },
            ],
        },
    ),
    (
        "ending",
        {
            "key": "trusted",
            "title": "A team that trusts you",
            "outcome": "<p>Growth.</p>",
            "verdict": "strong",
        },
    ),
    (
        "ending",
        {"key": "stalled", "title": "Stalled", "outcome": "<p>Process.</p>", "verdict": "weak"},
    ),
]


def add_item(
    section,
    model=CaseStudyPage,
    title="Two plants, one budget",
    competencies=(),
    audience=Audience.MEMBERS,
    publish=True,
    **fields,
):
    defaults = {
        CaseStudyPage: {"body": CASE_BODY},
        PlaybookPage: {
            "stage": "first",
            "body": [
                (
                    "step",
                    {
                        "title": "Agree",
                        "minutes": 20,
                        "guidance": "<p>Agree how to work.</p>",
                        "checklist": ["Rhythm"],
                    },
                )
            ],
        },
        SimulationPage: {
            "intro": "You are the new MD.",
            "debrief": "<p>Listen first.</p>",
            "scenario": SCENARIO,
        },
        SuccessStoryPage: {
            "mentee_description": "A plant director",
            "mentor_description": "A VP",
            "body": [("paragraph", "<p>They met for a year.</p>")],
        },
        LearningModulePage: {
            "body": [
                ("prompt", {"prompt": "What did you notice?", "hint": ""}),
                ("prompt", {"prompt": "What will you try?", "hint": ""}),
            ]
        },
        ArticlePage: {
            "kind": "newsletter",
            "byline": "The programme team",
            "body": [("paragraph", "<p>The spring cycle is open.</p>")],
        },
    }[model]
    page = model(
        title=title,
        summary=f"About {title}.",
        audience=audience,
        live=publish,
        **{**defaults, **fields},
    )
    page.competencies = list(Competency.objects.filter(slug__in=competencies))
    section.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page
