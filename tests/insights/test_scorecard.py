"""The balanced scorecard: figures from the database, each through suppression, for sponsors
(every programme, read-only) and the managers of each programme; nobody else."""

import re

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

import pytest

from portal.engagements.models import Assessment, Goal
from portal.insights import scorecard
from portal.programmes.models import Programme
from tests.insights.conftest import make_pairs
from tests.programmes import factories as pf


def _page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def _url(programme, **query):
    url = f"/insights/scorecard/{programme.pk}/"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_skill_growth_behaviour_and_health_come_from_the_pairs(programme, cohort):
    make_pairs(programme, cohort, 6, pre=2, post=4, satisfaction=4)
    card = scorecard.compute(scorecard.Scope((programme.pk,)))
    growth = {g.rater: g for g in card.growth}
    assert (growth["self"].before, growth["self"].after, growth["self"].change) == (2, 4, 2)
    assert growth["manager"].pairs == 6
    behaviour = {f.label: f.value for f in card.behaviour}
    assert behaviour["Behaviour change seen by line managers"] == 4
    assert behaviour["Managers seeing clear change (4 or 5)"] == 1
    health = {f.key: f.value for f in card.health}
    assert health["match-rate"] == 1
    assert health["time-to-match"] == 14
    assert health["sessions"] == 2
    assert health["checkin-completion"] == 0.5  # two check-ins opened, one side each answered
    assert health["stalled"] == 0
    assert health["satisfaction"] == 4
    # Every mentor is from another unit (the factories' own units).
    assert {f.key: f.value for f in card.collaboration}["cross-unit"] == 1
    assert card.pairs == 6


def test_a_cohort_of_three_shows_no_rate_and_no_average(programme, cohort, sponsor, cycle):
    make_pairs(programme, cohort, 6)
    small = pf.cohort(cycle, "Legal")
    make_pairs(programme, small, 3, pre=1, post=5)
    page = _page(sponsor, _url(programme, cohort=small.pk)).content.decode()
    assert "Cohort Legal" in page
    assert "Fewer than 5 pairs</td>" in page
    assert "+4.00" not in page and "5.00" not in page
    card = scorecard.compute(scorecard.Scope((programme.pk,), cohort=small))
    assert all(g.change is None for g in card.growth)
    by_people = ("forum", "satisfaction")
    figures = card.health + card.behaviour + card.collaboration
    assert all(f.value is None for f in figures if f.key not in by_people)
    # Forum participation and satisfaction count people, mentors too: three pairs are six.
    assert [f.people for f in figures if f.key in by_people] == [6, 6]
    assert card.pairs is None and card.chart["labels"] == []


def test_business_impact_counts_goals_that_reached_their_measure(programme, cohort):
    engagements = make_pairs(programme, cohort, 5)
    for index, engagement in enumerate(engagements):
        # Four raise a score to target; one lowers a cost only half way to its target.
        values = ("Engagement score", 60, 70, 72) if index < 4 else ("Days to close", 40, 20, 30)
        Goal.objects.filter(engagement=engagement).update(
            impact_metric=values[0],
            impact_baseline=values[1],
            impact_target=values[2],
            impact_result=values[3],
        )
    card = scorecard.compute(scorecard.Scope((programme.pk,)))
    reached, covered = (f.value for f in card.impact)
    assert reached == pytest.approx(0.8)
    assert covered == pytest.approx((1.2 * 4 + 0.5) / 5)


def test_themes_are_counted_never_quoted_and_a_rare_one_is_hidden(programme, cohort, sponsor):
    make_pairs(programme, cohort, 5, going_well="She DELEGATES the quarterly close now")
    make_pairs(programme, cohort, 4, going_well="Better networking across Asia")
    card = scorecard.compute(scorecard.Scope((programme.pk,)))
    assert card.themes == [("Delegation", 5)]
    page = _page(sponsor, _url(programme)).content.decode()
    assert "Delegation" in page and "Networking" not in page
    assert "quarterly close" not in page and "across Asia" not in page


def test_a_mentee_or_a_mentor_gets_404(programme, cohort, mentee, mentor):
    for person in (mentee, mentor):
        assert _page(person, "/insights/scorecard/").status_code == 404
        assert _page(person, _url(programme)).status_code == 404


def test_a_manager_sees_only_their_programmes(programme, cohort, programme_manager):
    other = pf.programme(name="Board Ready", slug="board-ready")
    make_pairs(programme, cohort, 5)
    assert _page(programme_manager, _url(other)).status_code == 404
    overview = _page(programme_manager, "/insights/scorecard/").content.decode()
    assert "Emerging Executives" in overview and "Board Ready" not in overview
    assert _page(programme_manager, _url(programme)).status_code == 200


def test_a_sponsor_reads_every_programme(programme, sponsor):
    pf.programme(name="Board Ready", slug="board-ready")
    overview = _page(sponsor, "/insights/scorecard/").content.decode()
    assert "Emerging Executives" in overview and "Board Ready" in overview
    for listed in Programme.objects.all():
        assert _page(sponsor, _url(listed)).status_code == 200


def test_a_bad_filter_says_what_is_wrong_and_shows_every_cycle(programme, cohort, sponsor):
    other_cycle = pf.cycle(programme, name="Autumn")
    response = _page(sponsor, _url(programme, cycle=other_cycle.pk, cohort=cohort.pk))
    assert response.status_code == 400
    assert "That cohort is in another cycle" in response.content.decode()
    assert _page(sponsor, _url(programme, cycle="abc")).status_code == 400


def test_each_figure_has_its_definition_one_click_away(programme, cohort, sponsor):
    make_pairs(programme, cohort, 5)
    page = _page(sponsor, _url(programme)).content.decode()
    for text in scorecard.DEFINITIONS.values():
        if text is not scorecard.DEFINITIONS["suppression"]:
            assert escape(text)[:40] in page
    assert page.count("<details>") >= 12
    # The chart's data is embedded as JSON, not as script.
    data = re.search(r'<script id="growth-data" type="application/json">(.*?)</script>', page)
    assert data and "At completion" in data.group(1)


def test_the_page_keeps_its_queries_as_pairs_grow(programme, cohort, sponsor):
    def queries_for_page() -> int:
        for cache in caches.all():
            cache.clear()
        client = Client()
        client.force_login(sponsor)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(programme)).status_code == 200
        return len(captured)

    make_pairs(programme, cohort, 5)
    small = queries_for_page()
    make_pairs(programme, cohort, 15)
    assert queries_for_page() == small


def test_the_scorecard_follows_a_new_rating(programme, cohort, sponsor):
    engagements = make_pairs(programme, cohort, 5, pre=2, post=4)
    before = scorecard.cached(scorecard.Scope((programme.pk,)))
    assert before.growth[0].change == 2
    Assessment.objects.filter(engagement=engagements[0], phase="post", rater_role="self").update(
        mean_level=1
    )
    # An UPDATE sends no signal; a saved row does.
    row = Assessment.objects.get(engagement=engagements[1], phase="post", rater_role="self")
    row.mean_level = 1
    row.save()
    after = scorecard.cached(scorecard.Scope((programme.pk,)))
    assert after.growth[0].change == pytest.approx(2 - 6 / 5)


def test_the_sponsor_home_shows_the_headline_and_a_link(programme, cohort, sponsor):
    make_pairs(programme, cohort, 5)
    home = _page(sponsor, "/").content.decode()
    assert "How the programmes are doing" in home
    assert 'href="/insights/scorecard/"' in home
    assert "+2.00" in home and "4.0 of 5" in home
    assert "will appear here" not in home


def test_a_sponsor_reads_no_name_and_no_person_level_row(programme, cohort, sponsor):
    engagements = make_pairs(programme, cohort, 6, going_well="Clearer priorities")
    people = [e.mentee for e in engagements] + [e.mentor.user for e in engagements]
    for url in ("/insights/scorecard/", _url(programme), "/"):
        page = _page(sponsor, url).content.decode()
        for person in people:
            assert person.email not in page
            assert person.get_full_name() not in page


def test_the_page_markup_follows_a_new_rating(programme, cohort, sponsor):
    engagements = make_pairs(programme, cohort, 5, pre=2, post=4)
    client = Client()
    client.force_login(sponsor)
    assert "+2.00" in client.get(_url(programme)).content.decode()
    for engagement in engagements:
        row = Assessment.objects.get(engagement=engagement, phase="post", rater_role="self")
        row.mean_level = 5
        row.save()
    page = client.get(_url(programme)).content.decode()
    assert "+3.00" in page and "+2.00" in page  # the mentor's and manager's stay at +2
    assert page.count("+3.00") == 1


def _hr(engagement, then, now, n):
    """An HR record for the pair's mentee: `then` dated before the start, `now` today."""
    from datetime import timedelta

    from portal.insights.models import HRRecord, ReadinessChange

    record = HRRecord.objects.create(
        employee_id=f"E{n:04d}",
        user=engagement.mentee,
        email=engagement.mentee.email,
        name=str(engagement.mentee),
        hire_date=engagement.started_on - timedelta(days=900),
        readiness=now,
    )
    ReadinessChange.objects.create(
        record=record, readiness=then, effective_on=engagement.started_on - timedelta(days=30)
    )
    ReadinessChange.objects.create(
        record=record,
        readiness=now,
        previous=then,
        effective_on=engagement.started_on + timedelta(days=150),
    )


def test_leadership_readiness_compares_the_hr_readiness_at_the_start_with_today(
    programme, cohort, cycle
):
    from portal.insights.models import Readiness

    made = make_pairs(programme, cohort, 5)
    for n, engagement in enumerate(made):
        now = Readiness.READY_NOW if n < 3 else Readiness.READY_3_PLUS
        _hr(engagement, Readiness.READY_3_PLUS, now, n)
    card = scorecard.compute(scorecard.Scope((programme.pk,)))
    figures = {f.label: f for f in card.readiness}
    assert figures["Nearer to ready than at their start"].value == 0.6
    assert figures["Ready now, at their start"].value == 0
    assert figures["Ready now, today"].value == 0.6
    assert figures["Ready now, today"].people == 5

    # Four mentees with HR readiness in a cohort: no readiness figure at all.
    small = pf.cohort(cycle, "Legal")
    for n, engagement in enumerate(make_pairs(programme, small, 4)):
        _hr(engagement, Readiness.READY_1_2, Readiness.READY_NOW, 10 + n)
    card = scorecard.compute(scorecard.Scope((programme.pk,), cohort=small))
    assert all(f.value is None for f in card.readiness)


def test_retention_compares_participants_with_matched_colleagues(programme, cohort, sponsor):
    from datetime import timedelta

    from django.utils import timezone

    from portal.insights.models import HRRecord
    from tests.factories import BusinessUnitFactory

    unit = BusinessUnitFactory(name="Finance", code="fin")
    made = make_pairs(programme, cohort, 6)
    today = timezone.localdate()
    hired = today - timedelta(days=6 * 365)
    for n, engagement in enumerate(made):
        HRRecord.objects.create(
            employee_id=f"P{n}",
            user=engagement.mentee,
            email=engagement.mentee.email,
            name="x",
            business_unit=unit,
            level=2,
            hire_date=hired,
        )
    # Six colleagues of the same unit, level and tenure who never took part: three have left.
    for n in range(6):
        HRRecord.objects.create(
            employee_id=f"C{n}",
            email=f"c{n}@example.com",
            name="y",
            business_unit=unit,
            level=2,
            hire_date=hired,
            leaver_date=today - timedelta(days=10) if n < 3 else None,
        )
    card = scorecard.compute(scorecard.Scope((programme.pk,)))
    assert card.retention.difference == pytest.approx(0.5)
    assert (card.retention.participants, card.retention.colleagues) == (6, 6)
    assert card.retention.low < 0.5 < card.retention.high
    page = _page(sponsor, _url(programme)).content.decode()
    assert "+50 points" in page and "6 participants, 6 colleagues" in page

    # With four matched colleagues, nothing is published.
    HRRecord.objects.filter(employee_id__in=["C0", "C1"]).delete()
    card = scorecard.compute(scorecard.Scope((programme.pk,)))
    assert card.retention is None
