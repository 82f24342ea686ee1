"""A programme's own intake questions (issue 14): a manager adds them, applicants answer the
required ones before applying, mentors' choice answers filter the catalog, and a weighted
question counts in matching."""

import re

from django.test import Client, TestCase

import numpy as np
import pytest

from portal.matching import engine
from portal.matching.queries import load_problem
from portal.people.roles import Role
from portal.programmes.models import Application, IntakeAnswer, IntakeQuestion
from tests.factories import UserFactory
from tests.programmes.factories import applicant, available_mentor, cohort, cycle, programme

pytestmark = pytest.mark.django_db


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict, page: str | None = None):
    """Post as the browser would: the token read from the rendered page."""
    body = client.get(page or url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {**data, "csrfmiddlewaretoken": token})


def question(owner, **fields) -> IntakeQuestion:
    defaults = {
        "prompt": "Which market do you know best?",
        "kind": IntakeQuestion.Kind.SINGLE,
        "choices": "Europe\nAmericas\nAsia-Pacific",
        "asked_of": IntakeQuestion.AskedOf.BOTH,
    }
    return IntakeQuestion.objects.create(programme=owner, **{**defaults, **fields})


@pytest.fixture
def open_programme():
    aurora = programme(name="Aurora", slug="aurora")
    cohort(cycle(aurora, seats=5))
    available_mentor()
    return aurora


# --- the manager's screen -------------------------------------------------------------------


def test_a_manager_adds_a_question_and_a_choice_question_without_choices_is_refused(
    programme_manager, open_programme
):
    open_programme.managers.add(programme_manager)
    client = csrf_client(programme_manager)
    add = "/admin/programmes/questions/new/"
    data = {
        "programme": open_programme.pk,
        "prompt": "Which market do you know best?",
        "help_text": "",
        "kind": "single",
        "choices": "Europe",
        "asked_of": "both",
        "matching_weight": "2",
        "prefer": "similar",
        "sort_order": "0",
    }
    refused = post(client, add, data)
    assert refused.status_code == 200  # Wagtail re-renders the form with its errors
    assert "Give at least two choices, one per line." in refused.content.decode()
    assert not IntakeQuestion.objects.exists()

    added = post(client, add, {**data, "choices": "Europe\nAmericas\n\nEurope"})
    assert added.status_code == 302
    saved = IntakeQuestion.objects.get()
    assert saved.options == ["Europe", "Americas"] and saved.matching_weight == 2


def test_a_weight_on_a_question_only_applicants_answer_is_refused(open_programme):
    from django.core.exceptions import ValidationError

    draft = IntakeQuestion(
        programme=open_programme,
        prompt="Anything else?",
        kind=IntakeQuestion.Kind.TEXT,
        asked_of=IntakeQuestion.AskedOf.APPLICANTS,
        matching_weight=3,
        catalog_filter=True,
    )
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert set(refused.value.message_dict) == {"matching_weight", "catalog_filter"}


def test_a_manager_cannot_open_another_programmes_questions(programme_manager, open_programme):
    theirs = question(open_programme)
    programme_manager.managed_programmes.add(programme(name="Mine", slug="mine"))
    client = csrf_client(programme_manager)
    assert client.get(f"/admin/programmes/questions/edit/{theirs.pk}/").status_code == 404
    listing = client.get("/admin/programmes/questions/").content.decode()
    assert theirs.prompt not in listing


# --- applying ---------------------------------------------------------------------------------


def test_a_required_question_is_answered_before_applying_and_then_the_application_goes_in(
    open_programme,
):
    question(
        open_programme,
        prompt="Why now?",
        kind=IntakeQuestion.Kind.TEXT,
        choices="",
        asked_of=IntakeQuestion.AskedOf.APPLICANTS,
        required=True,
        help_text="<b>Be brief</b>",
    )
    person = applicant(email="kwame@example.com")
    client = csrf_client(person)
    detail = "/programmes/aurora/"

    sent_away = post(client, "/programmes/aurora/apply/", {}, page=detail)
    assert sent_away.status_code == 302
    assert sent_away["Location"].startswith("/programmes/aurora/questions/?next=")
    assert not Application.objects.exists()

    page = client.get(sent_away["Location"]).content.decode()
    assert "Why now?" in page and "&lt;b&gt;Be brief&lt;/b&gt;" in page
    missing = post(client, sent_away["Location"], {"next": detail, "q1": ""})
    body = missing.content.decode()
    assert missing.status_code == 400
    assert "Answer this question: it is required to apply." in body
    assert not IntakeAnswer.objects.exists()

    field = f"q{IntakeQuestion.objects.get().pk}"
    answered = post(client, sent_away["Location"], {"next": detail, field: "A new market role."})
    assert answered["Location"] == detail
    assert IntakeAnswer.objects.get(user=person).text == "A new market role."
    assert "you have answered 1" in client.get(detail).content.decode()

    applied = post(client, "/programmes/aurora/apply/", {}, page=detail)
    assert applied["Location"] == detail
    assert Application.objects.filter(applicant=person).exists()


def test_a_mentor_answers_the_questions_asked_of_mentors_and_changes_them_later(open_programme):
    asked = question(open_programme, kind=IntakeQuestion.Kind.MULTIPLE)
    mentor = available_mentor().user
    client = csrf_client(mentor)
    url = "/programmes/aurora/questions/"
    post(client, url, {f"q{asked.pk}": ["Europe", "Asia-Pacific"]})
    assert set(IntakeAnswer.objects.values_list("option", flat=True)) == {"Europe", "Asia-Pacific"}
    post(client, url, {f"q{asked.pk}": ["Americas"]})
    assert list(IntakeAnswer.objects.values_list("option", flat=True)) == ["Americas"]
    # A question for applicants only is not shown to a mentor.
    question(open_programme, prompt="Why now?", asked_of=IntakeQuestion.AskedOf.APPLICANTS)
    assert "Why now?" not in client.get(url).content.decode()


def test_someone_asked_nothing_gets_no_questions_page(open_programme):
    sponsor = UserFactory(roles=[Role.SPONSOR])
    question(open_programme)
    assert csrf_client(sponsor).get("/programmes/aurora/questions/").status_code == 404


# --- the catalog ------------------------------------------------------------------------------


def test_mentors_choice_answers_filter_the_catalog(open_programme, mentee):
    markets = question(open_programme, catalog_filter=True)
    europe = available_mentor()
    asia = available_mentor()
    IntakeAnswer.objects.create(question=markets, user=europe.user, option="Europe")
    IntakeAnswer.objects.create(question=markets, user=asia.user, option="Asia-Pacific")
    client = csrf_client(mentee)

    page = client.get("/mentors/").content.decode()
    assert "Which market do you know best?" in page
    filtered = client.get("/mentors/", {f"q{markets.pk}": "Europe"}).content.decode()
    assert europe.user.get_full_name() in filtered
    assert asia.user.get_full_name() not in filtered

    # A mentor changing their answer moves them at once (the cached ranking is retired).
    IntakeAnswer.objects.filter(user=asia.user).update(option="Europe")
    IntakeAnswer.objects.get(user=asia.user).save()
    filtered = client.get("/mentors/", {f"q{markets.pk}": "Europe"}).content.decode()
    assert asia.user.get_full_name() in filtered


# --- matching ---------------------------------------------------------------------------------


def test_the_answers_factor_prefers_the_same_answer_or_a_different_one():
    groups = (engine.AnswerGroup(0, 2, 1.0, similar=True), engine.AnswerGroup(2, 4, 3.0, False))
    base = {
        "gap": np.zeros((1, 1), np.float32),
        "style_preference": np.zeros((1, 1), np.float32),
        "formats": np.zeros((1, 1), np.float32),
        "availability": np.zeros((1, 48), np.float32),
        "languages": np.zeros((1, 1), np.float32),
        "functions": np.zeros((1, 1), np.float32),
        "industries": np.zeros((1, 1), np.float32),
        "business_unit": np.array([-1]),
    }
    mentee = engine.MenteeFeatures(
        **base,
        person=np.array([1]),
        answers=np.array([[1, 0, 1, 0]], np.float32),
        answer_groups=groups,
    )
    mentors = engine.MentorFeatures(
        strength=np.zeros((3, 1), np.float32),
        style=np.zeros((3, 1), np.float32),
        formats=np.zeros((3, 1), np.float32),
        availability=np.zeros((3, 48), np.float32),
        languages=np.zeros((3, 1), np.float32),
        functions=np.zeros((3, 1), np.float32),
        industries=np.zeros((3, 1), np.float32),
        business_unit=np.array([-1, -1, -1]),
        person=np.array([2, 3, 4]),
        capacity=np.array([1, 1, 1]),
        matchable=np.array([True, True, True]),
        # Same first answer and a different second; different first, same second; nothing.
        answers=np.array([[1, 0, 0, 1], [0, 1, 1, 0], [0, 0, 0, 0]], np.float32),
    )
    values = engine.factor_values("answers", mentee, mentors, engine.PairLists())
    assert values.tolist() == [[1.0, 0.0, 0.0]]
    paired = engine.factor_values(
        "answers",
        engine._take_mentees(mentee, np.array([0, 0, 0])),
        mentors,
        engine.PairLists(),
        paired=True,
    )
    assert paired.tolist() == [1.0, 0.0, 0.0]


def test_a_weighted_question_reaches_the_matching_problem(open_programme):
    markets = question(open_programme, matching_weight=2)
    mentee = applicant()
    group = open_programme.cycles.get().cohorts.get()
    from portal.programmes import services

    services.apply_to_programme(mentee, open_programme)
    mentor = available_mentor()
    IntakeAnswer.objects.create(question=markets, user=mentee, option="Europe")
    IntakeAnswer.objects.create(question=markets, user=mentor.user, option="Europe")

    problem = load_problem(group)
    assert problem.mentee_features.answer_groups == (engine.AnswerGroup(0, 3, 2.0, True),)
    row = [u.pk for u in problem.mentees].index(mentee.pk)
    col = [m.pk for m in problem.mentors].index(mentor.pk)
    values = engine.factor_values(
        "answers", problem.mentee_features, problem.mentor_features, problem.pairs
    )
    assert values[row, col] == 1.0
    assert values[row].sum() == 1.0  # the other mentor gave no answer


def test_the_waiting_list_shows_each_applicants_answers_to_the_team(
    programme_manager, django_assert_max_num_queries
):
    from portal.programmes import services

    aurora = programme(name="Aurora", slug="aurora")
    running = cycle(aurora, seats=0)
    cohort(running)
    aurora.managers.add(programme_manager)
    why = question(
        aurora, prompt="Why now?", kind=IntakeQuestion.Kind.TEXT, choices="", asked_of="applicants"
    )
    client = csrf_client(programme_manager)
    url = f"/admin/programmes/waiting-lists/{running.pk}/"

    def add_applicant(text):
        person = applicant()
        IntakeAnswer.objects.create(question=why, user=person, text=text)
        services.apply_to_programme(person, aurora)

    add_applicant("<script>alert(1)</script> A new market role.")
    page = client.get(url).content.decode()
    assert "Answers to the programme's questions (1)" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A new market role." in page

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        add_applicant(f"Answer {n}")
    with django_assert_max_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert "Answer 3" in page
