"""The organisation's reference data in the Wagtail admin (issue 14, "Organisation set-up"):
business units with parent units, formats and languages; each list shows what uses each row,
deleting a row in use is refused with what uses it, and additions reach the intake at once."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from portal.people.models import BusinessUnit, Format, Language
from tests.factories import BusinessUnitFactory, MentorProfileFactory, ProfileFactory
from tests.people.test_membership import csrf_client, post_form
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db


def url(model, action: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def test_a_programme_manager_adds_a_unit_under_a_parent_and_it_is_offered_in_the_intake(
    programme_manager, mentee
):
    retail = BusinessUnitFactory(name="Retail", code="retail")
    client = csrf_client(programme_manager)
    response = post_form(
        client,
        url(BusinessUnit, "add"),
        {"name": "Retail Nordics", "code": "retail-nordics", "parent": retail.pk},
    )
    assert response.status_code == 302
    nordics = BusinessUnit.objects.get(code="retail-nordics")
    assert nordics.parent == retail

    page = csrf_client(mentee).get(reverse("intake:step", args=["career"]))
    assert "Retail Nordics" in page.content.decode()


def test_a_language_added_in_the_admin_is_offered_in_the_intake(programme_manager, mentee):
    response = post_form(
        csrf_client(programme_manager), url(Language, "add"), {"name": "Swahili", "code": "sw"}
    )
    assert response.status_code == 302
    page = csrf_client(mentee).get(reverse("intake:step", args=["career"]))
    assert "Swahili" in page.content.decode()


def test_a_unit_cannot_sit_inside_itself_or_its_own_sub_unit():
    group = BusinessUnitFactory(name="Group", code="group")
    child = BusinessUnitFactory(name="Child", code="child", parent=group)
    group.parent = child
    with pytest.raises(ValidationError, match="inside itself"):
        group.full_clean()


def test_the_lists_show_what_uses_each_row(programme_manager):
    unit = BusinessUnitFactory(name="Finance", code="finance")
    BusinessUnitFactory(name="Finance Treasury", code="treasury", parent=unit)
    ProfileFactory(business_unit=unit)
    ProfileFactory(business_unit=unit)
    pf.programme(name="Finance leaders").eligible_units.add(unit)
    body = csrf_client(programme_manager).get(url(BusinessUnit, "list")).content.decode()
    assert "2 people, 1 sub-unit, 1 programme" in body

    mentor = MentorProfileFactory()
    mentor.formats.add(Format.objects.get(code="one_on_one"))
    body = csrf_client(programme_manager).get(url(Format, "list")).content.decode()
    assert "1 mentor" in body


def test_deleting_a_unit_in_use_is_refused_with_what_uses_it_and_nothing_is_deleted(
    programme_manager,
):
    unit = BusinessUnitFactory(name="Finance", code="finance")
    ProfileFactory(business_unit=unit)
    client = csrf_client(programme_manager)
    page = client.get(url(BusinessUnit, "delete", unit.pk), follow=True)
    assert "“Finance” cannot be deleted: it is in use by 1 person" in page.content.decode()

    token = client.cookies["csrftoken"].value
    response = client.post(
        url(BusinessUnit, "delete", unit.pk), {"csrfmiddlewaretoken": token}, follow=True
    )
    assert response.status_code == 200
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()
    assert unit.profiles.count() == 1


def test_a_bulk_delete_with_one_row_in_use_deletes_none_of_them(programme_manager):
    used = Language.objects.create(name="Klingon", code="tlh")
    unused = Language.objects.create(name="Esperanto", code="eo")
    ProfileFactory().languages.add(used)
    client = csrf_client(programme_manager)
    bulk = (
        reverse("wagtail_bulk_action", args=["people", "language", "delete"])
        + f"?id={used.pk}&id={unused.pk}"
    )
    page = client.get(bulk, follow=True)
    assert "“Klingon” cannot be deleted" in page.content.decode()
    token = client.cookies["csrftoken"].value
    response = client.post(bulk, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Language.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_an_unused_format_is_deleted(programme_manager):
    spare = Format.objects.create(code="walk_and_talk", name="Walk and talk")
    client = csrf_client(programme_manager)
    response = post_form(client, url(Format, "delete", spare.pk), {})
    assert response.status_code == 302
    assert not Format.objects.filter(pk=spare.pk).exists()


def test_a_new_unit_retires_the_catalog_reference_data():
    from portal import generations
    from portal.people.catalog import cache

    before = generations.read(cache.REFERENCE)
    BusinessUnitFactory(name="Logistics", code="logistics")
    assert generations.read(cache.REFERENCE) != before


@pytest.mark.parametrize("model", [BusinessUnit, Format, Language])
def test_a_mentee_cannot_open_the_organisation_screens(mentee, model):
    client = csrf_client(mentee)
    for action, args in (("list", ()), ("add", ())):
        response = client.get(url(model, action, *args))
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("model", [BusinessUnit, Format, Language])
def test_the_lists_cost_the_same_queries_as_they_grow(
    programme_manager, model, django_assert_max_num_queries
):
    client = csrf_client(programme_manager)
    client.get(url(model, "list"))  # session, permissions, Wagtail's own first reads

    def grow(n):
        for i in range(n):
            code = f"x{model.__name__[:2].lower()}{i}{model.objects.count()}"
            if model is BusinessUnit:
                parent = BusinessUnit.objects.first()
                row = BusinessUnitFactory(name=f"Unit {code}", code=code, parent=parent)
                ProfileFactory(business_unit=row)
            elif model is Format:
                row = Format.objects.create(code=code, name=f"Format {code}")
                MentorProfileFactory().formats.add(row)
            else:
                row = Language.objects.create(code=code, name=f"Language {code}")
                ProfileFactory().languages.add(row)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(model, "list")).status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url(model, "list")).status_code == 200
