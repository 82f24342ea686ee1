"""Stable-matching mode: mentee-proposing deferred acceptance beside the best-total-fit solve.

The engine is checked against brute force written here, apart from the engine's own code:
each side's preferences as plain sorted lists, blocking pairs by their definition, and every
valid pairing of small instances enumerated. Then the workflow: a programme chooses the mode,
the run records it, the run page says it and the compare screen shows both modes.
"""

from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.matching import engine, services
from portal.matching.models import MatchEvent, MatchRun
from portal.people.models import Format
from portal.people.services import ensure_roles
from portal.programmes.models import MatchingMode, ProgrammeLogEntry
from tests.engagements.conftest import csrf_from
from tests.matching.factories import cohort_with_people
from tests.matching.test_engine import assignments, check_valid

# --- random instances with capacities, forbidden pairs and shortlists -------------------------


@st.composite
def instances(draw, max_mentees=8, max_mentors=5):
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scores = np.round(rng.uniform(-1, 5, size=(n, m)), 2)
    if draw(st.booleans()):
        scores = np.round(scores)  # many ties, on both sides
    if draw(st.booleans()):
        scores = scores.astype(np.float32)  # what services pass
    capacity = rng.integers(0, 3, size=m)
    allowed = rng.random((n, m)) > draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    listed = rng.random((n, m)) < draw(st.sampled_from([0.0, 0.2, 0.6]))
    shortlist = np.nonzero(listed)
    if draw(st.booleans()):  # the same entry twice changes nothing
        shortlist = tuple(np.concatenate([part, part]) for part in shortlist)
    return scores, capacity, allowed, listed, shortlist


def choices(scores, allowed, listed, i):
    """Mentee i's acceptable mentors, best first: shortlist, then score, then mentor index."""
    acceptable = [j for j in range(scores.shape[1]) if allowed[i, j] and scores[i, j] > 0]
    return sorted(acceptable, key=lambda j: (not listed[i, j], -scores[i, j], j))


def mentor_prefers(scores, j, a, b):
    """Mentor j ranks mentees by score, then the lower index."""
    return (scores[a, j], -a) > (scores[b, j], -b)


def brute_force_blocking(result, scores, capacity, allowed, listed):
    """Every (mentee, mentor) who both prefer each other to what `result` gives them."""
    n, _ = scores.shape
    found = []
    for i in range(n):
        mine = choices(scores, allowed, listed, i)
        for j in mine:
            if j == result[i]:
                break  # the rest of the list is worse than what they have
            theirs = [k for k in range(n) if result[k] == j]
            if len(theirs) < capacity[j] or any(mentor_prefers(scores, j, i, k) for k in theirs):
                found.append((i, j))
    return sorted(found)


def place(scores, allowed, listed, i, j):
    """Where mentor j stands in mentee i's list (1 is first); unmatched is last of all."""
    mine = choices(scores, allowed, listed, i)
    return mine.index(j) + 1 if j in mine else len(mine) + 1


def _pairs(rows_cols):
    rows, cols = rows_cols
    return sorted(zip(rows.tolist(), cols.tolist(), strict=True))


@settings(max_examples=300, deadline=None)
@given(instances())
def test_stable_mode_has_no_blocking_pair(instance):
    scores, capacity, allowed, listed, shortlist = instance
    result = engine.solve_stable(scores, capacity, allowed, shortlist)
    assert brute_force_blocking(result, scores, capacity, allowed, listed) == []


@settings(max_examples=200, deadline=None)
@given(instances())
def test_stable_mode_keeps_capacity_and_never_pairs_a_forbidden_or_non_positive_pair(instance):
    scores, capacity, allowed, _listed, shortlist = instance
    result = engine.solve_stable(scores, capacity, allowed, shortlist)
    check_valid(result, scores, capacity, allowed)
    matched = np.flatnonzero(result >= 0)
    assert np.all(scores[matched, result[matched]] > 0)


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=5, max_mentors=3))
def test_stable_mode_is_mentee_optimal(instance):
    """Of every stable pairing (all enumerated), each mentee does best in the engine's."""
    scores, capacity, allowed, listed, shortlist = instance
    n, m = scores.shape
    result = engine.solve_stable(scores, capacity, allowed, shortlist)
    acceptable = allowed & (scores > 0)
    stable = [
        a
        for a in assignments(n, m, np.maximum(capacity, 0), acceptable)
        if not brute_force_blocking(a, scores, capacity, allowed, listed)
    ]
    assert stable, "a stable pairing always exists"
    for other in stable:
        for i in range(n):
            assert place(scores, allowed, listed, i, result[i]) <= place(
                scores, allowed, listed, i, other[i]
            )


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=10, max_mentors=6))
def test_reading_preferences_a_block_at_a_time_changes_nothing(instance):
    """One mentor per block and two mentees per chunk: every later block is read, ties at a
    block's edge included, and the pairing is the same stable one."""
    scores, capacity, allowed, listed, shortlist = instance
    expected = engine.solve_stable(scores, capacity, allowed, shortlist)
    with (
        mock.patch.object(engine, "_FIRST_BLOCK", 1),
        mock.patch.object(engine, "_NEXT_BLOCK", 1),
        mock.patch.object(engine, "_ROW_CHUNK", 2),
    ):
        small_blocks = engine.solve_stable(scores, capacity, allowed, shortlist)
    assert np.array_equal(small_blocks, expected)
    assert brute_force_blocking(small_blocks, scores, capacity, allowed, listed) == []


@settings(max_examples=150, deadline=None)
@given(instances())
def test_blocking_pairs_and_ranks_agree_with_brute_force_for_either_mode(instance):
    scores, capacity, allowed, listed, shortlist = instance
    for result in (
        engine.solve(scores, capacity, allowed),
        engine.solve_stable(scores, capacity, allowed, shortlist),
    ):
        found = engine.blocking_pairs(result, scores, capacity, allowed, shortlist)
        assert _pairs(found) == brute_force_blocking(result, scores, capacity, allowed, listed)
        rows = np.flatnonzero(result >= 0)
        ranks = engine.preference_ranks(scores, allowed, rows, result[rows], shortlist)
        expected = [place(scores, allowed, listed, i, result[i]) for i in rows]
        assert ranks.tolist() == expected


@settings(max_examples=150, deadline=None)
@given(instances())
def test_without_shortlists_the_stable_pairing_is_best_pair_first(instance):
    """Both sides then rank pairs by the same score (ties by mentee, then mentor index), so the
    only stable pairing is the one greedy builds from the best pair down: a second, independent
    implementation to agree with."""
    scores, capacity, allowed, _listed, _shortlist = instance
    stable = engine.solve_stable(scores, capacity, allowed)
    assert np.array_equal(stable, engine.greedy(scores, capacity, allowed))


@settings(max_examples=60, deadline=None)
@given(instances())
def test_stable_mode_gives_the_same_answer_every_time(instance):
    scores, capacity, allowed, _listed, shortlist = instance
    first = engine.solve_stable(scores, capacity, allowed, shortlist)
    again = engine.solve_stable(scores.copy(), capacity.copy(), allowed.copy(), shortlist)
    assert np.array_equal(first, again)


def test_best_total_fit_can_leave_a_pair_that_would_rather_swap_and_stable_does_not():
    # Mentee 0 and mentor 0 prefer each other (10 beats 9 for her, 10 beats 8 for him), but
    # the best total pairs them elsewhere (9 + 8 = 17 > 10 + 1).
    scores = np.array([[10.0, 9.0], [8.0, 1.0]])
    capacity = np.array([1, 1])
    best = engine.solve(scores, capacity)
    assert best.tolist() == [1, 0]
    assert _pairs(engine.blocking_pairs(best, scores, capacity)) == [(0, 0)]
    assert engine.solve_stable(scores, capacity).tolist() == [0, 1]


def test_a_shortlisted_mentor_comes_first_in_the_mentees_choices():
    scores = np.array([[10.0, 9.0], [8.0, 1.0]])
    shortlist = (np.array([0]), np.array([1]))  # mentee 0 shortlisted mentor 1
    assert engine.solve_stable(scores, [1, 1], shortlist=shortlist).tolist() == [1, 0]
    assert engine.preference_ranks(scores, None, [0, 0], [1, 0], shortlist).tolist() == [1, 2]


def test_ties_go_to_the_lower_index_on_both_sides():
    # Two mentees tie for one mentor: the first keeps the place; one mentee ties two mentors.
    assert engine.solve_stable(np.ones((2, 1)), [1]).tolist() == [0, -1]
    assert engine.solve_stable(np.ones((1, 2)), [1, 1]).tolist() == [0]


def test_stable_mode_edge_cases_and_input_checks():
    assert engine.solve_stable(np.zeros((2, 0)), []).tolist() == [-1, -1]
    assert engine.solve_stable(np.zeros((0, 2)), [1, 1]).tolist() == []
    assert engine.solve_stable(np.ones((2, 2)), [0, 0]).tolist() == [-1, -1]
    assert engine.solve_stable(np.ones((2, 2)), [1, 1], np.zeros((2, 2), bool)).tolist() == [-1, -1]
    with pytest.raises(ValueError, match="capacity"):
        engine.solve_stable(np.ones((2, 2)), [1])
    with pytest.raises(ValueError, match="allowed"):
        engine.solve_stable(np.ones((2, 2)), [1, 1], np.ones((2, 3), dtype=bool))
    with pytest.raises(ValueError, match="finite"):
        engine.solve_stable(np.array([[np.nan]]), [1])


def test_stable_mode_on_a_contested_medium_cohort_reads_further_blocks():
    """Every mentee wants the same few strong mentors, so most are turned away by their whole
    first block; the result is still stable (checked by the engine's vectorised check, which
    the brute force above vouches for)."""
    rng = np.random.default_rng(3)
    n, m = 400, 150
    scores = (rng.random(m)[None, :] * 4 + rng.random((n, m))).astype(np.float32)
    capacity = rng.integers(1, 3, size=m)
    allowed = rng.random((n, m)) > 0.1
    shortlist = (np.repeat(np.arange(n), 2), rng.integers(0, m, size=2 * n))
    result = engine.solve_stable(scores, capacity, allowed, shortlist)
    check_valid(result, scores, capacity, allowed)
    assert engine.blocking_pairs(result, scores, capacity, allowed, shortlist)[0].size == 0
    assert np.count_nonzero(result >= 0) == min(n, int(capacity.sum()))


# --- the workflow: the programme's mode, the run, its pages -----------------------------------


@pytest.fixture
def pm(programme_manager):
    ensure_roles()
    return programme_manager


@pytest.mark.django_db
def test_a_run_records_the_programmes_mode_in_its_log_and_its_publication(pm):
    cohort, *_ = cohort_with_people(mentees=3, mentors=2, managers=[pm])
    programme = cohort.cycle.programme
    programme.matching_mode = MatchingMode.STABLE
    programme.save()

    run = services.run_matching(cohort, pm)

    assert run.mode == MatchingMode.STABLE and run.status == MatchRun.Status.DONE
    ran = MatchEvent.objects.get(run=run, action=MatchEvent.Action.RAN)
    assert ran.details["mode"] == "stable" and ran.details["settings"] == run.settings
    assert all(pair.mentee_rank >= 1 for pair in run.pairs.all())
    services.publish_run(run, pm)
    published = MatchEvent.objects.filter(run=run, action=MatchEvent.Action.PUBLISHED)
    assert published.count() == run.matched_count
    assert {event.details["mode"] for event in published} == {"stable"}


@pytest.mark.django_db
def test_a_what_if_run_in_the_other_mode_keeps_the_settings_and_leaves_the_programme_alone(pm):
    cohort, *_ = cohort_with_people(mentees=3, mentors=1, capacity=2, managers=[pm])
    best = services.run_matching(cohort, pm, weights={"gap_coverage": 3.0, "availability": 1.0})
    assert best.mode == MatchingMode.BEST_FIT

    stable = services.run_in_other_mode(best, pm)

    assert stable.mode == MatchingMode.STABLE and stable.settings == best.settings
    cohort.cycle.programme.refresh_from_db()
    assert cohort.cycle.programme.matching_mode == MatchingMode.BEST_FIT
    with pytest.raises(services.MatchingError, match="Unknown matching mode"):
        services.run_matching(cohort, pm, mode="fastest")


@pytest.mark.django_db
def test_the_stable_proposal_has_no_blocking_pair_in_the_cohorts_own_terms(pm):
    """Through the services: the pairs stored for a stable run, checked against the scores and
    rules the run used (the engine's check, which the brute force above vouches for)."""
    from portal.matching import queries

    cohort, *_ = cohort_with_people(mentees=6, mentors=3, capacity=1, managers=[pm])
    run = services.run_matching(cohort, pm, mode=MatchingMode.STABLE)
    problem = queries.load_problem(cohort)
    scores = engine.score_matrix(
        problem.mentee_features, problem.mentor_features, run.settings["weights"], problem.pairs
    )
    flags = engine.rule_flags(problem.mentee_features, problem.mentor_features, problem.pairs)
    row = {user.pk: i for i, user in enumerate(problem.mentees)}
    col = {mentor.pk: j for j, mentor in enumerate(problem.mentors)}
    assignment = np.full(len(problem.mentees), -1)
    for pair in run.pairs.all():
        assignment[row[pair.mentee_id]] = col[pair.mentor_id]
    capacity = problem.mentor_features.capacity
    found = engine.blocking_pairs(assignment, scores, capacity, flags == 0, problem.pairs.shortlist)
    assert found[0].size == 0 and run.matched_count == 3


@pytest.mark.django_db
def test_an_override_ranks_the_new_pair_in_the_mentees_choices(pm):
    cohort, mentees, mentors = cohort_with_people(mentees=2, mentors=2, capacity=1, managers=[pm])
    run = services.run_matching(cohort, pm, mode=MatchingMode.STABLE)
    pair = run.pairs.get(mentee=mentees[0])
    other = next(m for m in mentors if m.pk != pair.mentor_id)
    moved = services.override_pair(run, mentees[0], other, pm, "Asked for")
    assert moved.mentee_rank in (1, 2) and moved.mentee_rank != pair.mentee_rank


@pytest.mark.django_db
def test_a_manager_switches_a_programme_to_stable_in_its_admin_form_and_it_is_logged(pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    programme = cohort.cycle.programme
    programme.formats.add(Format.objects.first())
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    url = reverse("programme_admin:edit", args=[programme.pk])
    page = client.get(url).content.decode()
    assert "Best total fit" in page and "nobody has that reason to swap" in page
    data = _programme_form_data(programme)

    response = client.post(
        url, {**data, "matching_mode": "stable", "csrfmiddlewaretoken": csrf_from(page)}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.matching_mode == MatchingMode.STABLE
    assert ProgrammeLogEntry.objects.filter(programme=programme, action="wagtail.edit").exists()


@pytest.mark.django_db
def test_an_unknown_mode_in_the_programme_form_is_refused_and_nothing_changes(client, pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    programme = cohort.cycle.programme
    programme.formats.add(Format.objects.first())
    client.force_login(pm)
    url = reverse("programme_admin:edit", args=[programme.pk])

    response = client.post(url, {**_programme_form_data(programme), "matching_mode": "fastest"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert f'value="{programme.name}"' in body  # what was typed is still on the form
    programme.refresh_from_db()
    assert programme.matching_mode == MatchingMode.BEST_FIT


def _programme_form_data(programme):
    return {
        "name": programme.name,
        "slug": programme.slug,
        "purpose": programme.purpose,
        "strategic_priority": programme.strategic_priority,
        "formats": [f.pk for f in programme.formats.all()],
        "hours_per_month": programme.hours_per_month,
        "duration_months": programme.duration_months,
        "checkin_every_months": programme.checkin_every_months,
        "eligible_levels": programme.eligible_levels,
        "min_tenure_years": programme.min_tenure_years,
        "cross_unit_pairs": "on" if programme.cross_unit_pairs else "",
        "matching_mode": programme.matching_mode,
        "is_open": "on" if programme.is_open else "",
        "managers": [m.pk for m in programme.managers.all()],
    }


@pytest.mark.django_db
def test_the_run_form_runs_in_the_programmes_mode_unless_a_what_if_is_chosen(client, pm):
    cohort, *_ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    programme = cohort.cycle.programme
    programme.matching_mode = MatchingMode.STABLE
    programme.save()
    client.force_login(pm)
    page = client.get(reverse("matching_index"), {"cohort": cohort.pk}).content.decode()
    assert "The programme&#x27;s own mode (stable)" in page
    data = {"cohort": cohort.pk, **engine.DEFAULT_WEIGHTS}

    client.post(reverse("matching_index"), data)
    client.post(reverse("matching_index"), {**data, "mode": "best_fit"})

    assert [run.mode for run in MatchRun.objects.order_by("pk")] == ["stable", "best_fit"]


@pytest.mark.django_db
def test_an_unknown_mode_in_the_run_form_is_refused_and_the_weights_stay(client, pm):
    cohort, *_ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    client.force_login(pm)
    data = {"cohort": cohort.pk, **engine.DEFAULT_WEIGHTS, "gap_coverage": 7, "mode": "fastest"}

    body = client.post(reverse("matching_index"), data).content.decode()

    assert "Select a valid choice" in body
    assert 'name="gap_coverage" value="7"' in body
    assert not MatchRun.objects.exists()


@pytest.mark.django_db
def test_the_run_page_says_which_mode_ran_and_what_it_means(client, pm):
    cohort, *_ = cohort_with_people(mentees=3, mentors=1, capacity=2, managers=[pm])
    stable = services.run_matching(cohort, pm, mode=MatchingMode.STABLE)
    client.force_login(pm)

    page = client.get(reverse("matching_run", args=[stable.pk])).content.decode()

    assert "Mode: stable" in page
    assert "No mentee and mentor would both rather be paired with each other" in page
    assert "Ran matching (stable)" in page
    assert "Run again as best total fit to compare" in page
    assert "Match as many as possible first" not in page  # it does not apply to stable runs
    best = services.run_in_other_mode(stable, pm)
    page = client.get(reverse("matching_run", args=[best.pk])).content.decode()
    assert "Mode: best total fit" in page and "Run again as stable to compare" in page


@pytest.mark.django_db
def test_run_again_in_the_other_mode_from_the_run_page(pm, django_capture_on_commit_callbacks):
    cohort, *_ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    run = services.run_matching(cohort, pm)
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    url = reverse("matching_run", args=[run.pk])
    page = client.get(url).content.decode()
    token = csrf_from(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "other_mode", "csrfmiddlewaretoken": token})

    again = MatchRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("matching_run", args=[again.pk])
    assert again.mode == MatchingMode.STABLE and again.status == MatchRun.Status.DONE


@pytest.mark.django_db
def test_compare_shows_both_modes_outcomes_side_by_side(client, pm):
    cohort, *_ = cohort_with_people(mentees=3, mentors=2, capacity=1, managers=[pm])
    best = services.run_matching(cohort, pm)
    stable = services.run_in_other_mode(best, pm)
    client.force_login(pm)

    page = client.get(reverse("matching_compare"), {"a": stable.pk, "b": best.pk})

    body = page.content.decode()
    assert "Outcomes side by side" in body
    assert "<td>Stable</td><td>Best total fit</td>" in body
    comparison = services.compare_runs(stable, best)
    outcome_stable, outcome_best = comparison.outcomes
    assert outcome_best.total_score >= outcome_stable.total_score - 1e-6
    first = f"<td>{outcome_stable.first_choice} of {outcome_stable.matched}</td>"
    assert first in body
    assert f"{comparison.changed_count} of 3 mentees get a different mentor" in body
    assert "What stability costs" in body or "what stability costs" in body


def _queries_of(client, user, url):
    """The queries of a warm GET, right after signing in: a session's "last seen" is written at
    most once a minute, and a slow machine could otherwise count that write for one page only."""
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _both_modes(pm, mentees, mentors):
    cohort, *_ = cohort_with_people(mentees=mentees, mentors=mentors, managers=[pm])
    best = services.run_matching(cohort, pm)
    return best, services.run_in_other_mode(best, pm)


@pytest.mark.django_db
def test_compare_page_query_count_stays_constant(client, pm):
    def compare(mentees, mentors):
        best, stable = _both_modes(pm, mentees, mentors)
        return reverse("matching_compare") + f"?a={stable.pk}&b={best.pk}"

    small, large = compare(2, 1), compare(8, 4)
    assert _queries_of(client, pm, small) == _queries_of(client, pm, large)


@pytest.mark.django_db
def test_run_page_query_count_stays_constant(client, pm):
    small, large = _both_modes(pm, 2, 1)[1], _both_modes(pm, 8, 4)[1]
    assert _queries_of(client, pm, reverse("matching_run", args=[small.pk])) == _queries_of(
        client, pm, reverse("matching_run", args=[large.pk])
    )
