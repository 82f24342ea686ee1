"""Editors' rules: page-type structure, refused bad input, review workflow, scheduled publishing."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.models import Page, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from content import blocks
from content.models import (
    ArticlePage,
    CaseStudyPage,
    ConsentRecord,
    LibraryIndexPage,
    LibrarySectionPage,
    SimulationPage,
    StoryPerson,
    SuccessStoryPage,
)
from content.services import WORKFLOW_NAME, ensure_publishing_workflow, withdraw_consent
from portal.people.models import Competency
from tests.content.factories import SCENARIO, add_item
from tests.factories import UserFactory


def test_page_types_state_where_they_live():
    assert LibraryIndexPage.max_count == 1
    assert LibrarySectionPage.parent_page_types == ["content.LibraryIndexPage"]
    assert CaseStudyPage.clean_parent_page_models() == [LibrarySectionPage]
    assert CaseStudyPage.clean_subpage_models() == []
    assert SimulationPage in LibrarySectionPage.clean_subpage_models()
    assert LibraryIndexPage not in CaseStudyPage.clean_subpage_models()


def test_a_second_library_index_cannot_be_created(library):
    root = Page.objects.get(depth=1)
    assert not LibraryIndexPage.can_create_at(root)


def _scenario_value(nodes):
    block = blocks.ScenarioBlock()
    return block.to_python([{"type": kind, "value": value} for kind, value in nodes])


def test_a_dangling_choice_is_refused_with_the_keys_that_exist():
    nodes = [(k, dict(v)) for k, v in SCENARIO]
    nodes[0][1]["choices"] = [dict(c) for c in nodes[0][1]["choices"]]
    nodes[0][1]["choices"][1]["leads_to"] = "nowhere"
    with pytest.raises(StreamBlockValidationError) as caught:
        blocks.ScenarioBlock().clean(_scenario_value(nodes))
    message = str(caught.value.as_json_data())
    assert "No situation or ending has the key “nowhere”" in message
    assert "Use one of: customer, stalled, start, trusted." in message


def test_a_valid_scenario_passes():
    blocks.ScenarioBlock().clean(_scenario_value(SCENARIO))


def test_an_image_without_alt_text_is_refused():
    block = blocks.AccessibleImageBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python({"image": None, "alt_text": "  ", "caption": ""}))
    assert "alt" in str(caught.value.as_json_data()).lower()


def test_a_card_image_needs_alt_text(library):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Plant", file=get_test_image_file())
    page = add_item(library[1], CaseStudyPage, "With image")
    page.card_image = image
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "Add alt text for the card image" in str(caught.value)


def test_restricting_to_a_cohort_requires_the_cohort(library):
    page = add_item(library[1], CaseStudyPage, "Cohort case")
    page.audience = "cohort"
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "Choose the cohort" in str(caught.value)


# --- success stories and consent ------------------------------------------------------------------


def _story_post(title, body_text, people=()):
    data = nested_form_data({
        "title": title, "slug": "story", "summary": "A journey.",
        "content_format": "read", "minutes": 5,
        "mentee_description": "A plant director", "mentor_description": "A VP",
        "body": streamfield([("paragraph", rich_text(body_text))]),
        "named_people": inline_formset(
            [{"consent": c.pk, "role_in_story": "Mentor"} for c in people]
        ),
        "card_image_alt": "",
        "audience": "members",
        "comment_notifications": False,
        "comments": inline_formset([]),
    })  # fmt: skip
    data["competencies"] = [Competency.objects.get(slug="executive-presence").pk]
    return data


def test_a_story_naming_someone_without_consent_is_refused(client, library, communications):
    UserFactory(first_name="Daniel", last_name="Hartmann")
    client.force_login(communications)
    url = f"/admin/pages/add/content/successstorypage/{library[1].pk}/"
    response = client.post(url, _story_post("A story", "Daniel Hartmann mentored her for a year."))
    assert response.status_code == 200
    assert "This story names Daniel Hartmann without recorded consent" in response.content.decode()
    assert not SuccessStoryPage.objects.exists()


def test_a_story_naming_someone_with_consent_is_saved(client, library, communications):
    daniel = UserFactory(first_name="Daniel", last_name="Hartmann")
    consent = ConsentRecord.objects.create(person=daniel, evidence="Signed form")
    client.force_login(communications)
    url = f"/admin/pages/add/content/successstorypage/{library[1].pk}/"
    response = client.post(url, _story_post("A story", "Daniel Hartmann mentored her.", [consent]))
    assert response.status_code == 302, response.content.decode()[:2000]
    story = SuccessStoryPage.objects.get()
    assert story.named_people.get().consent == consent


def test_withdrawn_consent_unpublishes_the_stories_naming_the_person(library):
    daniel = UserFactory(first_name="Daniel", last_name="Hartmann")
    consent = ConsentRecord.objects.create(person=daniel, evidence="Signed form")
    story = add_item(library[1], SuccessStoryPage, "Daniel's mentee")
    StoryPerson.objects.create(page=story, consent=consent, role_in_story="Mentor")
    assert withdraw_consent(consent) == [story]
    story.refresh_from_db()
    assert not story.live


# --- workflow and scheduling ----------------------------------------------------------------------


def test_the_publishing_workflow_is_moderator_review_and_idempotent(db):
    ensure_publishing_workflow()
    ensure_publishing_workflow()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Moderator"]
    assert WorkflowPage.objects.get(page__depth=1).workflow == workflow


def test_communications_submits_and_a_moderator_approves(library, communications, moderator):
    page = add_item(library[1], ArticlePage, "Spring newsletter", publish=False)
    page.save_revision(user=communications)
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    state = workflow.start(page, communications)
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(page, moderator)
    assert not task_state.task.specific.user_can_access_editor(page, UserFactory())
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live


def test_scheduled_publishing_goes_live_with_publish_scheduled(library):
    page = add_item(library[1], ArticlePage, "Next week's newsletter", publish=False)
    page.go_live_at = timezone.now() + timedelta(days=7)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    # A week later: move the schedule into the past instead of travelling in time.
    revision.refresh_from_db()
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live
