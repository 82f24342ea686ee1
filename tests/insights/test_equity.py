"""Equity monitoring: who may read it, what it shows and hides, and that the page, its chart
data and its download carry the same suppressed numbers."""

import csv
import io
import json
import re

from django.urls import reverse

import pytest

from portal.insights import queries, suppression
from portal.people.models import DemographicRecord
from tests.insights.attack import Population, pinned
from tests.insights.world import SELF_DESCRIPTION, add_people, world

pytestmark = pytest.mark.django_db
URL = reverse("insights:equity")


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def charts(response) -> dict:
    found = re.search(
        r'<script id="equity-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def test_a_sponsor_reads_every_programme_and_a_mentee_none(client, sponsor, mentee):
    the_world = world()
    response = page(client, sponsor)
    assert response.status_code == 200
    assert the_world.programme.name in response.content.decode()
    assert page(client, mentee).status_code == 403


def test_a_manager_reads_only_the_programmes_they_manage(client, programme_manager):
    the_world = world()
    from tests.programmes.factories import programme as make_programme

    theirs = make_programme(name="Finance Futures")
    theirs.managers.add(programme_manager)
    response = page(client, programme_manager, programme=the_world.programme.slug)
    text = response.content.decode()
    assert "Finance Futures" in text and "Leaders of Tomorrow" not in text
    assert "Choose one of the programmes listed." in text
    download = client.get(
        reverse("insights:equity_download"),
        {"programme": the_world.programme.slug, "export": "csv"},
    )
    assert download.status_code == 404


def test_the_small_unit_is_hidden_with_the_next_smallest_everywhere(client, programme_manager):
    the_world = world()
    the_world.programme.managers.add(programme_manager)
    response = page(client, programme_manager)
    units = next(t for t in response.context["tables"] if t.slug == "unit")
    shown = {row.label: row.counts for row in units.rows}
    assert shown["Finance"] == (30, 22, 17, 13)
    assert shown["Legal"] == shown["Operations"] == (None, None, None, None)
    assert units.total.counts == (45, 31, 23, 13)
    # Outcome: the mentors rated each of Finance's 13 completed engagements 4.
    finance_row = next(row for row in units.rows if row.label == "Finance")
    assert finance_row.outcome == 4.0 and units.total.outcome == 4.0
    # The chart draws the same: Finance's rates, nothing for the hidden units.
    unit_chart = charts(response)["unit"]
    finance = unit_chart["labels"].index("Finance")
    legal = unit_chart["labels"].index("Legal (hidden)")
    participation = unit_chart["series"][0]["values"]
    assert participation[finance] == round(100 * 22 / 30, 1) and participation[legal] is None
    assert "No business unit" not in unit_chart["labels"]  # nobody there: in the table only
    # Non-binary (3 people) is hidden in the gender table, with a partner.
    genders = next(t for t in response.context["tables"] if t.slug == "gender")
    hidden = {row.label for row in genders.rows if row.hidden}
    assert "Non-binary" in hidden and len([r for r in genders.rows if r.hidden and r.label]) >= 2


def test_a_view_too_small_to_look_within_is_refused_with_a_message(client, sponsor):
    the_world = world()
    legal = the_world.units["Legal"]
    response = page(client, sponsor, programme=the_world.programme.slug, within=f"unit:{legal.pk}")
    assert "too small to look within" in response.content.decode()
    assert response.context["within"] is None
    codes = [choice.code for choice in queries.equity_report(the_world.programme).choices]
    assert f"unit:{legal.pk}" not in codes
    finance = the_world.units["Finance"]
    assert f"unit:{finance.pk}" in codes
    within = page(client, sponsor, programme=the_world.programme.slug, within=f"unit:{finance.pk}")
    assert within.context["within"].label == "Finance"


def test_a_group_below_four_fifths_raises_an_alert_on_the_page(client, sponsor):
    world()
    response = page(client, sponsor)
    alerts = response.context["alerts"]
    # Completion: London 13 of 17 matched (76%), Lagos 0 of 6.
    assert any(
        a.dimension == "Location" and a.group == "Lagos" and a.measure == "completion"
        for a in alerts
    )
    assert "below four-fifths" in response.content.decode()


def test_the_page_reads_the_same_number_of_queries_however_many_people(
    client, sponsor, django_assert_num_queries
):
    the_world = world()
    client.force_login(sponsor)
    client.get(URL)
    with django_assert_num_queries(9) as small:
        client.get(URL)
    add_people(
        the_world.units["Operations"],
        40,
        the_world.programme,
        applied=30,
        matched=20,
        completed=10,
        gender="man",
        level=4,
        location="Lyon",
    )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_a_sponsor_sees_aggregates_only(client, sponsor):
    the_world = world()
    client.force_login(sponsor)
    texts = [client.get(URL).content.decode()]
    report = queries.equity_report(the_world.programme)
    for choice in report.choices:
        texts.append(
            client.get(
                URL, {"within": choice.code, "programme": the_world.programme.slug}
            ).content.decode()
        )
    # Downloads are not theirs.
    download = client.get(
        reverse("insights:equity_download"),
        {"programme": the_world.programme.slug, "export": "csv"},
    )
    assert download.status_code == 403
    # Age bands are never shown (their "Prefer not to say" is also a gender group's label).
    genders = set(DemographicRecord.Gender.labels)
    markers = [SELF_DESCRIPTION, *set(DemographicRecord.AgeBand.labels) - genders]
    for person in the_world.people:
        markers += [person.email, person.first_name, person.last_name]
    for text in texts:
        for marker in markers:
            assert marker not in text


def _download(client, manager, programme, export="csv"):
    client.force_login(manager)
    return client.get(
        reverse("insights:equity_download"), {"programme": programme.slug, "export": export}
    )


def test_the_download_carries_the_pages_numbers_and_is_in_the_audit_trail(
    client, programme_manager
):
    from wagtail.models import ModelLogEntry

    from portal.exports import EXPORTED
    from portal.people.models import PersonLogEntry

    the_world = world()
    the_world.programme.managers.add(programme_manager)
    response = _download(client, programme_manager, the_world.programme)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    finance = next(r for r in rows if r["View"] == "Everyone" and r["Group"] == "Finance")
    assert (finance["Eligible"], finance["Took part"], finance["Completed"]) == ("30", "22", "13")
    legal = next(r for r in rows if r["View"] == "Everyone" and r["Group"] == "Legal")
    assert legal["Eligible"] == "hidden"
    logged = [
        entry
        for model in (ModelLogEntry, PersonLogEntry)
        for entry in model.objects.filter(action=EXPORTED)
    ]
    assert len(logged) == 1 and logged[0].data["format"] == "CSV"
    xlsx = _download(client, programme_manager, the_world.programme, export="xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_the_download_pins_no_small_group(client, programme_manager):
    """Rebuild what a reader knows from the CSV alone, then attack it."""
    the_world = world()
    the_world.programme.managers.add(programme_manager)
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    _download(client, programme_manager, the_world.programme).streaming_content
                ).decode()
            )
        )
    )
    people = queries.population(the_world.programme)
    keys = list(people.cells)
    # Only the traits that vary in this world, so the attack stays small.
    used = [sorted({key[d] for key in keys}, key=str) for d in range(5)]
    titles = list(queries.DIMENSIONS)
    label_to_key = [{people.labels[d][k]: k for k in used[d]} for d in range(5)]
    views: dict = {}
    for row in rows:
        d = titles.index(row["Dimension"])
        if row["Group"] != "All" and row["Group"] not in label_to_key[d]:
            assert row["Eligible"] in ("0", "hidden")
            continue
        views.setdefault(row["View"], {}).setdefault(d, []).append(row)
    filters = {}
    published_views = []
    for view_label, tables in views.items():
        view_filter = None
        if view_label != "Everyone":
            f = next(f for f in queries.FILTERS if view_label in label_to_key[f])
            view_filter = (f, label_to_key[f][view_label])
            filters[f] = True
        made = []
        for d, table_rows in sorted(tables.items()):

            def counts(r):
                return tuple(
                    None if r[h] == "hidden" else int(r[h])
                    for h in ("Eligible", "Took part", "Matched", "Completed")
                )

            made.append(
                suppression.Table(
                    d,
                    tuple(
                        suppression.Row(label_to_key[d][r["Group"]], counts(r))
                        for r in table_rows
                        if r["Group"] != "All"
                    ),
                    next(counts(r) for r in table_rows if r["Group"] == "All"),
                )
            )
        published_views.append(suppression.View(view_filter, tuple(made)))
    published = suppression.Published(tuple(published_views), {})
    cells = {key: list(value) for key, value in people.cells.items()}
    assert pinned(Population(used), published, cells, queries.FILTERS) == []


def test_managers_are_told_of_an_alert_once_a_month_and_sponsors_never(programme_manager, sponsor):
    from django.core.management import call_command

    from portal.notifications.kinds import EQUITY_ALERT
    from portal.notifications.models import Notification

    the_world = world()
    the_world.programme.managers.add(programme_manager)
    out = io.StringIO()
    call_command("send_equity_alerts", stdout=out)
    told = Notification.objects.filter(kind=EQUITY_ALERT.key)
    titles = list(told.values_list("title", flat=True))
    assert set(told.values_list("recipient_id", flat=True)) == {programme_manager.pk}
    assert any("completion rate of Lagos (location)" in title for title in titles)
    assert f"Sent {len(titles)} alert" in out.getvalue()
    # The next day's run tells nobody again; the link opens the page for the programme.
    call_command("send_equity_alerts", stdout=io.StringIO())
    assert told.count() == len(titles)
    assert told.first().url == f"{URL}?programme={the_world.programme.slug}"
    # No alert names a person or carries a number about fewer than five people.
    for notification in told:
        assert "Quillon" not in notification.title + notification.body


def test_a_unit_named_like_a_formula_is_text_in_the_csv(client, programme_manager):
    the_world = world()
    the_world.programme.managers.add(programme_manager)
    the_world.units["Finance"].name = '=HYPERLINK("http://evil.example")'
    the_world.units["Finance"].save()
    response = _download(client, programme_manager, the_world.programme)
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text
    assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())
