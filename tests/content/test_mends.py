"""Mends found in use (issue 14): the publishing roles may upload documents (micro-learning
videos), and withdrawing a consent in the Consents snippet unpublishes the stories naming the
person."""

from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupCollectionPermission

import pytest

from content.models import ConsentRecord, StoryPerson, SuccessStoryPage
from content.services import grant_library_permissions
from portal.people.roles import Role
from tests.content.factories import add_item
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COMMUNICATIONS, Role.MODERATOR, Role.PROGRAMME_MANAGER])
def test_publishing_roles_may_add_documents_in_the_root_collection(role):
    grant_library_permissions()
    granted = GroupCollectionPermission.objects.filter(
        group__name=role.value, permission__content_type__app_label="wagtaildocs"
    ).values_list("permission__codename", flat=True)
    assert {"add_document", "change_document", "choose_document"} <= set(granted)


def test_communications_can_open_the_document_upload(client, communications):
    grant_library_permissions()
    client.force_login(communications)
    assert client.get(reverse("wagtaildocs:add_multiple")).status_code == 200


def test_withdrawing_a_consent_in_the_snippet_unpublishes_the_stories_naming_the_person(library):
    daniel = UserFactory(first_name="Daniel", last_name="Hartmann")
    consent = ConsentRecord.objects.create(person=daniel, evidence="Signed form")
    story = add_item(library[1], SuccessStoryPage, "Daniel's mentee")
    other = add_item(library[1], SuccessStoryPage, "Someone else's story")
    StoryPerson.objects.create(page=story, consent=consent, role_in_story="Mentor")

    consent.withdrawn_at = timezone.now()
    consent.save()  # what the snippet's edit view does

    story.refresh_from_db()
    other.refresh_from_db()
    assert not story.live
    assert other.live
