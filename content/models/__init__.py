"""The knowledge library's data: page types, the editors' snippets and members' private records."""

from content.models.activity import (
    ModuleCompletion,
    Reflection,
    SimulationDecision,
    SimulationRun,
)
from content.models.library import Audience, ContentFormat, LibraryPage
from content.models.newsletters import NewsletterAudience, NewsletterSend
from content.models.pages import (
    ArticlePage,
    CaseStudyPage,
    LearningModulePage,
    LibraryIndexPage,
    LibrarySectionPage,
    PlaybookPage,
    SimulationPage,
    SuccessStoryPage,
)
from content.models.snippets import ConsentRecord, CuratedCollection, CuratedItem, StoryPerson

ITEM_TYPES = (
    CaseStudyPage,
    PlaybookPage,
    SimulationPage,
    SuccessStoryPage,
    LearningModulePage,
    ArticlePage,
)

__all__ = [
    "ITEM_TYPES",
    "ArticlePage",
    "Audience",
    "CaseStudyPage",
    "ConsentRecord",
    "ContentFormat",
    "CuratedCollection",
    "CuratedItem",
    "LearningModulePage",
    "LibraryIndexPage",
    "LibraryPage",
    "LibrarySectionPage",
    "ModuleCompletion",
    "NewsletterAudience",
    "NewsletterSend",
    "PlaybookPage",
    "Reflection",
    "SimulationDecision",
    "SimulationPage",
    "SimulationRun",
    "StoryPerson",
    "SuccessStoryPage",
]
