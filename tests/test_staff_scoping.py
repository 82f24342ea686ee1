"""Staff screens show each programme manager their own programmes only.

Two programmes, "Aurora" (managed by Alice) and "Zenith" (managed by Bob), each with a cycle,
a cohort, admitted mentees, people waiting, a finished matching run, saved weights and admin
history; Nora holds the Programme manager role and manages nothing. The name of every
programme, cycle and cohort carries its programme's word, so "Zenith" anywhere on a page Alice
opens is a leak. Its applicants are named "Southwell…" (Aurora's "Northcott…"): the programme
screens must not show them to Alice, while screens that pick from everyone in the
organisation (the consent form's person list) may.

The first test walks the URL resolver: every admin URL our apps register must be listed in
OBJECT_ROUTES, LIST_ROUTES or SHARED_ROUTES below (a new staff screen fails the suite until
its scoping is tested here), and every Wagtail admin URL without arguments is opened by both
managers and checked for the other's names.
"""

import re
from datetime import timedelta

from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.log_actions import log

import pytest

from content.models import ArticlePage, Audience
from content.queries import reader_for
from forums.permissions import readable_forum_ids
from portal.governance import services as governance_services
from portal.governance.models import Charter, IncidentLink, Risk
from portal.matching import services as matching
from portal.matching.models import MatchingWeights, MatchRun
from portal.people.models import BusinessUnit
from portal.people.roles import Role
from portal.people.services import ensure_roles
from portal.programmes import services as programmes
from portal.programmes.models import Application, Cohort, Cycle, IntakeQuestion, Programme
from tests.content.factories import add_item, build_library
from tests.factories import UserFactory
from tests.governance.factories import current, policy, publish
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db

OUR_PACKAGES = ("portal.", "content.", "forums.", "search.")
OUR_APPS = {
    "people", "programmes", "matching", "content", "forums", "search", "demo", "governance",
}  # fmt: skip

VIEWSET_ACTIONS = ("edit", "delete", "copy", "history", "history_results", "usage")
RISK_ACTIONS = ("edit", "delete", "history", "history_results", "usage")
SNIPPET_ACTIONS = ("edit", "delete", "copy", "history", "history_results", "usage", "unpublish")
GOVERNANCE_SNIPPETS = {"policy": "policy", "charter": "charter"}
# Admin URLs of ours that name one programme's object: each is opened with the other
# manager's id (404 expected) and with the manager's own (200), by GET and by POST.
OBJECT_ROUTES = {
    **{f"programme_admin:{a}": "programme" for a in VIEWSET_ACTIONS},
    **{f"cycle_admin:{a}": "cycle" for a in VIEWSET_ACTIONS},
    **{f"cohort_admin:{a}": "cohort" for a in VIEWSET_ACTIONS},
    **{f"question_admin:{a}": "question" for a in VIEWSET_ACTIONS},
    "programmes_waiting_list": "cycle",
    "programmes_roll_over": "cycle",
    "matching_run": "run",
    "matching_weights": "programme",
    **{f"risk_admin:{a}": "risk" for a in RISK_ACTIONS},
    "governance_link_incident": "risk",
    "governance_unlink_incident": "incident_link",
    "governance_outstanding": "policy_version",
    **{
        f"wagtailsnippets_governance_{model}:{a}": key
        for model, key in GOVERNANCE_SNIPPETS.items()
        for a in SNIPPET_ACTIONS
    },
}
# A policy's or charter's revisions (named by the document and revision ids) and the chooser's
# GET-only "chosen": see test_another_managers_document_revisions_answer_404.
REVISION_ROUTES = (
    *(
        f"wagtailsnippets_governance_{model}:{a}"
        for model in GOVERNANCE_SNIPPETS
        for a in ("revisions_compare", "revisions_revert", "revisions_unschedule")
    ),
    *(f"wagtailsnippetchoosers_governance_{model}:chosen" for model in GOVERNANCE_SNIPPETS),
)
# Argument-free pages that list no rows (the chooser's empty creation form, a choice of no ids):
# the sweep of argument-free pages checks they show nobody's programme.
NO_ROWS_ROUTES = tuple(
    f"wagtailsnippetchoosers_governance_{model}:{a}"
    for model in GOVERNANCE_SNIPPETS
    for a in ("create", "chosen_multiple")
)
# Admin URLs of ours that list or choose across programmes: opened by every manager, they
# show the manager's own rows and none of anyone else's (exports included).
LIST_ROUTES = (
    "programme_admin:index",
    "programme_admin:index_results",
    "programme_admin:add",
    "cycle_admin:index",
    "cycle_admin:index_results",
    "cycle_admin:add",
    "cohort_admin:index",
    "cohort_admin:index_results",
    "cohort_admin:add",
    "question_admin:index",
    "question_admin:index_results",
    "question_admin:add",
    "programmes_waiting_lists",
    "matching_index",
    "forums_communities",
    "risk_admin:index",
    "risk_admin:index_results",
    "risk_admin:add",
    "governance_conflicts",
    "governance_acknowledgements",
    "governance_audit_trail",
    "governance_audit_trail_results",
    *(
        f"wagtailsnippets_governance_{model}:{a}"
        for model in GOVERNANCE_SNIPPETS
        for a in ("list", "list_results", "add")
    ),
    *(
        f"wagtailsnippetchoosers_governance_{model}:{a}"
        for model in GOVERNANCE_SNIPPETS
        for a in ("choose", "choose_results")
    ),
)
# matching_compare names two runs in its query string: see test_compare_refuses_other_runs.
QUERY_ROUTES = ("matching_compare",)
# The admin's sign-in is ours (portal.views.AdminSignInView, a safe `next`): it shows no
# programme's data to anyone.
SIGN_IN_ROUTES = ("wagtailadmin_login",)
# Snippets of ours that every programme shares (the competency taxonomy, the library's
# consents and collections): no row belongs to a programme. Their lists and choosers are
# in the sweep of argument-less URLs like every other admin page.
SHARED_PREFIXES = (
    "wagtailsnippets_people_competencycluster:",
    "wagtailsnippets_people_competency:",
    "wagtailsnippetchoosers_people_competencycluster:",
    "wagtailsnippetchoosers_people_competency:",
    "wagtailsnippets_content_consentrecord:",
    "wagtailsnippetchoosers_content_consentrecord:",
    "wagtailsnippets_content_curatedcollection:",
    "wagtailsnippetchoosers_content_curatedcollection:",
    # People are one pool (tests/people/test_membership.py: who may open and change what);
    # a person's funnel shows the viewer's programmes only (test_a_persons_page_shows_...).
    "people_",
    # External experts' due diligence: experts are one pool like mentors (tests/governance/
    # test_external_experts.py: who may open, check and approve).
    "governance_expert",
    "wagtailsnippets_people_alloweddomain:",
    "wagtailsnippetchoosers_people_alloweddomain:",
    # The organisation's reference data (tests/people/test_organisation.py).
    "wagtailsnippets_people_businessunit:",
    "wagtailsnippetchoosers_people_businessunit:",
    "wagtailsnippets_people_format:",
    "wagtailsnippetchoosers_people_format:",
    "wagtailsnippets_people_language:",
    "wagtailsnippetchoosers_people_language:",
    # A redirect to the library's pages in the explorer, which apply Wagtail's page permissions.
    "staff_publishing",
    # The steering group's quarterly reviews are the organisation's, read and recorded by every
    # programme manager (docs/decisions/0022-risks-and-reviews.md); tests/governance.
    "review_admin:",
    # Sending a newsletter: communications and superusers only, a 403 for programme managers
    # (tests/notifications/test_newsletters.py); its audiences are the whole organisation's.
    "content_send_newsletter",
    "content_newsletter_email",
    # The HR import and records are the organisation's whole population, read by programme
    # managers and superusers only (tests/insights/test_hr_import_screens.py: who may open what).
    "hr_",
)
# Wagtail's screens for people (our User model): for superusers, closed to programme managers.
SUPERUSER_PREFIXES = ("wagtailusers_users:",)
# Argument-less admin URLs the sweep does not open: they sign out, fail on purpose, or
# serve static assets.
NOT_OPENED = {
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_error_test",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete",
}


# --- the cast and their programmes ----------------------------------------------------------

SURNAMES = {"Aurora": "Northcott", "Zenith": "Southwell"}
# Business units are the organisation's (every manager sees them): named for neither programme.
SUPPLIERS = {"Aurora": "Harbour Supplies", "Zenith": "Quarry Supplies"}


def _programme(word: str, manager, mentors) -> dict:
    programme = pf.programme(name=f"{word} Programme", slug=word.lower())
    programme.managers.add(manager)
    cycle = pf.cycle(programme, seats=2, name=f"{word} Spring")
    cohort = pf.cohort(cycle, f"{word} Cohort")
    for n in range(2):
        person = pf.applicant(first_name="Mentee", last_name=f"{SURNAMES[word]}{n}")
        application = programmes.apply_to_programme(person, programme)
        if application.cohort_id != cohort.pk:
            programmes.admit_application(application, None, cohort)
    waiting = [
        programmes.apply_to_programme(
            pf.applicant(first_name="Waiting", last_name=f"{SURNAMES[word]}{n}"), programme
        )
        for n in range(2)
    ]
    assert {a.status for a in waiting} == {Application.Status.WAITING}
    # A waiting applicant's declared conflict, for the manager's review queue.
    governance_services.declare_conflict(
        waiting[0].applicant,
        "commercial",
        business_unit=BusinessUnit.objects.create(name=SUPPLIERS[word], code=SUPPLIERS[word][:3]),
    )
    run = matching.run_matching(cohort, manager)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE, run.status
    weights = matching.weights_for(programme)
    risk = Risk.objects.create(
        title=f"{word} risk",
        category=Risk.Category.TIME,
        programme=programme,
        likelihood=3,
        impact=4,
        owner=manager,
        next_review_on=timezone.localdate(),
    )
    incident_link = IncidentLink.objects.create(
        risk=risk,
        kind=IncidentLink.Kind.ENGAGEMENT_EXIT,
        source_id=1,
        summary=f"An engagement in {word} Programme ended early",
        occurred_on=timezone.localdate(),
    )
    rules = policy(f"{word} rules", programme=programme)
    charter = Charter(
        programme=programme,
        purpose=f"Why {word} Programme exists",
        decision_rights="<p>The manager decides.</p>",
        escalation_path="<p>To the sponsor.</p>",
        resource_commitments="<p>Two hours a month.</p>",
    )
    charter.save()
    publish(charter)
    question = IntakeQuestion.objects.create(
        programme=programme,
        prompt=f"Which {word} market do you know best?",
        choices="Europe\nAsia",
        asked_of=IntakeQuestion.AskedOf.BOTH,
    )
    for instance in (programme, cycle, cohort, risk, question):
        log(instance=instance, action="wagtail.edit", user=manager)
    return {
        "word": word,
        "manager": manager,
        "programme": programme,
        "cycle": cycle,
        "cohort": cohort,
        "question": question,
        "waiting": waiting,
        "run": run,
        "pair": run.pairs.first(),
        "weights": weights,
        "policy_version": current(rules),
        "policy": rules,
        "charter": charter,
        "mentors": mentors,
        "risk": risk,
        "incident_link": incident_link,
    }


@pytest.fixture
def world():
    ensure_roles()

    def manager(first, last):
        return UserFactory(
            email=f"{first.lower()}@example.com",
            first_name=first,
            last_name=last,
            roles=[Role.PROGRAMME_MANAGER],
        )

    alice, bob, nora = manager("Alice", "Adams"), manager("Bob", "Brown"), manager("Nora", "Nobody")
    mentors = [pf.available_mentor(capacity=4) for _ in range(2)]
    for n, mentor in enumerate(mentors):
        mentor.user.first_name, mentor.user.last_name = "Mentor", f"Number{n}"
        mentor.user.save()
    north, south = _programme("Aurora", alice, mentors), _programme("Zenith", bob, mentors)
    return {"alice": alice, "bob": bob, "nora": nora, "north": north, "south": south}


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _csrf(client, url) -> str:
    """The CSRF token of the form on the page at `url`, as a browser would send it."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found, f"no form on {url}"
    return found.group(1)


def _body(response) -> str:
    """The page, or the whole file of a CSV export (streamed)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _object_url(name: str, side: dict) -> str:
    obj = side[OBJECT_ROUTES[name]]
    return reverse(name, args=[obj.pk])


# --- every staff URL is known -------------------------------------------------------------------


def _routes(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name or "", entry.callback


def _is_ours(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    module = (view_class or callback).__module__
    if module.startswith(OUR_PACKAGES):
        return True
    model = getattr(callback, "view_initkwargs", {}).get("model") or getattr(
        view_class, "model", None
    )
    return (
        isinstance(model, type)
        and issubclass(model, models.Model)
        and model._meta.app_label in OUR_APPS
    )


def staff_routes() -> list[tuple[str, str, object]]:
    """Every URL of the Wagtail admin (/admin/): (route, name, view)."""
    return [r for r in _routes(get_resolver().url_patterns) if r[0].startswith("admin/")]


def test_every_admin_url_of_ours_is_covered_by_this_file():
    ours = {name for route, name, callback in staff_routes() if _is_ours(callback)}
    known = (
        set(OBJECT_ROUTES)
        | set(LIST_ROUTES)
        | set(QUERY_ROUTES)
        | set(SIGN_IN_ROUTES)
        | set(REVISION_ROUTES)
        | set(NO_ROWS_ROUTES)
    )
    unknown = {
        name for name in ours - known if not name.startswith(SHARED_PREFIXES + SUPERUSER_PREFIXES)
    }
    assert not unknown, f"staff URLs whose scoping no test covers: {sorted(unknown)}"
    assert known <= ours, f"listed here but gone: {sorted(known - ours)}"


def test_the_django_admin_and_the_people_screens_are_closed_to_programme_managers(world):
    client = _client(world["alice"])
    response = client.get("/django-admin/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]
    for route, name, _ in staff_routes():
        if name.startswith(SUPERUSER_PREFIXES):
            args = [world["bob"].pk] if "<" in route else []
            assert client.get(reverse(name, args=args)).status_code in (302, 403), name


def test_no_argument_free_admin_page_shows_another_managers_programmes(world):
    """Dashboards, reports (site history and its CSV export), searches, choosers, snippets."""
    clients = {viewer: _client(world[viewer]) for viewer in ("alice", "nora")}
    for client in clients.values():
        client.raise_request_exception = False  # a page that fails shows nothing either
    opened = 0
    for route, name, _ in staff_routes():
        if "<" in route or "(?P" in route or not name or name in NOT_OPENED:
            continue
        url = reverse(name)
        for viewer, others, suffixes in (
            ("alice", ("Zenith",), ("", "?export=csv", "?q=Programme")),
            ("nora", ("Aurora", "Zenith"), ("", "?q=Programme")),
        ):
            for suffix in suffixes:
                body = _body(clients[viewer].get(url + suffix))
                for word in others:
                    assert word not in body, f"{viewer} reads {word} at {url}{suffix}"
        opened += 1
    assert opened > 50


def test_the_audit_trail_export_shows_a_manager_their_own_programmes(world):
    url = reverse("governance_audit_trail") + "?export=csv"
    alice = _body(_client(world["alice"]).get(url))
    assert "Aurora Programme" in alice and "Aurora Spring" in alice and "Zenith" not in alice
    superuser = UserFactory(is_superuser=True, is_staff=True)
    everything = _body(_client(superuser).get(url))
    assert "Aurora Programme" in everything and "Zenith Programme" in everything


# --- lists, choosers, filters and exports ----------------------------------------------------


@pytest.mark.parametrize("name", LIST_ROUTES)
def test_lists_and_choosers_show_only_the_managers_programmes(world, name):
    url = reverse(name)
    for viewer, own, other in (("alice", "Aurora", "Zenith"), ("bob", "Zenith", "Aurora")):
        client = _client(world[viewer])
        for suffix in ("", "?export=csv", "?q=Programme"):
            response = client.get(url + suffix)
            assert response.status_code == 200, (viewer, url + suffix)
            body = _body(response)
            assert other not in body and SURNAMES[other] not in body, (viewer, url + suffix)
        if name != "programme_admin:add":  # its only choices are people, not programmes
            # The manager's own rows: named by programme, or by the programme's people.
            body = _body(client.get(url))
            assert own in body or SURNAMES[own] in body, (viewer, url)
    nobody = _body(_client(world["nora"]).get(url))
    for word in ("Aurora", "Zenith", *SURNAMES.values()):
        assert word not in nobody, (word, url)


def test_filters_offer_and_apply_only_managed_programmes(world):
    client = _client(world["alice"])
    south = world["south"]["programme"]
    for name in ("cycle_admin:index", "cohort_admin:index"):
        page = _body(client.get(reverse(name)))
        assert "Aurora Programme" in page  # the filter's choices and the rows
        filtered = _body(client.get(reverse(name) + f"?programme={south.pk}"))
        assert "Zenith" not in filtered


def test_the_manager_of_no_programme_sees_empty_lists(world):
    client = _client(world["nora"])
    assert "No run yet" in _body(client.get(reverse("matching_index")))
    page = _body(client.get(reverse("programmes_waiting_lists")))
    for side in ("north", "south"):
        assert reverse("programmes_waiting_list", args=[world[side]["cycle"].pk]) not in page
    cycles = _body(client.get(reverse("cycle_admin:add")))
    assert 'name="programme"' in cycles and "Programme</option>" not in cycles


# --- objects by id -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
def test_another_managers_objects_answer_404(world, name):
    alice, nora = _client(world["alice"]), _client(world["nora"])
    own, other = _object_url(name, world["north"]), _object_url(name, world["south"])
    page = alice.get(own)
    assert page.status_code == 200, own
    assert "Zenith" not in _body(page) and "Southwell" not in _body(page), own
    token = _csrf(alice, reverse("matching_index"))
    for url in (other,):
        assert alice.get(url).status_code == 404, url
        assert alice.post(url, {"csrfmiddlewaretoken": token}).status_code == 404, url
    for url in (own, other):
        assert nora.get(url).status_code == 404, url


def test_another_managers_document_revisions_answer_404(world):
    alice = _client(world["alice"])
    for key in GOVERNANCE_SNIPPETS.values():
        for side, expected in (("north", 200), ("south", 404)):
            document = world[side][key]
            revision = document.latest_revision
            url = reverse(
                f"wagtailsnippets_governance_{document._meta.model_name}:revisions_compare",
                args=[document.pk, revision.pk, revision.pk],
            )
            assert alice.get(url).status_code == expected, url
            chosen = reverse(
                f"wagtailsnippetchoosers_governance_{document._meta.model_name}:chosen",
                args=[document.pk],
            )
            assert alice.get(chosen).status_code == expected, chosen
            if expected == 404:
                revert = reverse(
                    f"wagtailsnippets_governance_{document._meta.model_name}:revisions_revert",
                    args=[document.pk, revision.pk],
                )
                assert alice.get(revert).status_code == 404, revert


def test_compare_refuses_other_runs(world):
    client = _client(world["alice"])
    north, south = world["north"]["run"], world["south"]["run"]
    url = reverse("matching_compare")
    assert client.get(f"{url}?a={north.pk}&b={north.pk}").status_code == 200
    assert client.get(f"{url}?a={north.pk}&b={south.pk}").status_code == 404
    assert client.get(f"{url}?a={south.pk}&b={south.pk}").status_code == 404
    assert _client(world["nora"]).get(f"{url}?a={north.pk}&b={north.pk}").status_code == 404


# --- actions, posted through the rendered pages --------------------------------------------------


def test_waiting_list_decisions_reach_only_the_managers_own_applications(world):
    client = _client(world["alice"])
    north, south = world["north"], world["south"]
    north["cycle"].seats = 3
    north["cycle"].save()
    own_url = reverse("programmes_waiting_list", args=[north["cycle"].pk])
    token = _csrf(client, own_url)
    theirs = south["waiting"][0]
    other_url = reverse("programmes_waiting_list", args=[south["cycle"].pk])
    for decision in ("admit", "defer", "remove"):
        data = {
            "csrfmiddlewaretoken": token,
            "application": theirs.pk,
            "decision": decision,
            "reason": "Not yours to decide.",
        }
        # Through the manager's own list (a valid form naming another's application) ...
        assert client.post(own_url, {**data, "cohort": north["cohort"].pk}).status_code == 404
        # ... and through the other programme's list.
        assert client.post(other_url, {**data, "cohort": south["cohort"].pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.WAITING

    mine = north["waiting"][0]
    response = client.post(
        own_url,
        {
            "csrfmiddlewaretoken": token,
            "application": mine.pk,
            "decision": "admit",
            "cohort": north["cohort"].pk,
            "reason": "Strong fit.",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Application.Status.ADMITTED


def test_a_manager_cannot_admit_into_another_programmes_cohort(world):
    client = _client(world["alice"])
    north, south = world["north"], world["south"]
    north["cycle"].seats = 3
    north["cycle"].save()
    url = reverse("programmes_waiting_list", args=[north["cycle"].pk])
    page = _body(client.get(url))
    assert "Zenith Cohort" not in page
    mine = north["waiting"][0]
    client.post(
        url,
        {
            "csrfmiddlewaretoken": _csrf(client, url),
            "application": mine.pk,
            "decision": "admit",
            "cohort": south["cohort"].pk,
            "reason": "Wrong cohort.",
        },
    )
    mine.refresh_from_db()
    assert mine.status == Application.Status.WAITING


def test_matching_runs_start_only_for_the_managers_cohorts(world):
    client = _client(world["alice"])
    north, south = world["north"], world["south"]
    url = reverse("matching_index")
    page = _body(client.get(url))
    assert f'value="{north["cohort"].pk}"' in page and "Zenith Cohort" not in page
    weights = {
        "gap_coverage": 5,
        "style_fit": 1,
        "format_overlap": 1,
        "availability": 2,
        "language": 1,
        "affinity": 1,
        "shortlist": 2,
        "answers": 1,
    }
    token = _csrf(client, url)
    before = MatchRun.objects.count()
    refused = client.post(
        url, {"csrfmiddlewaretoken": token, "cohort": south["cohort"].pk, **weights}
    )
    assert refused.status_code == 200 and "Select a valid choice" in _body(refused)
    assert MatchRun.objects.count() == before
    started = client.post(
        url, {"csrfmiddlewaretoken": token, "cohort": north["cohort"].pk, **weights}
    )
    assert started.status_code == 302
    assert MatchRun.objects.filter(cohort=north["cohort"]).count() == 2


def test_run_actions_on_another_managers_run_answer_404_and_change_nothing(world):
    client = _client(world["alice"])
    north, south = world["north"], world["south"]
    own = reverse("matching_run", args=[north["run"].pk])
    token = _csrf(client, own)
    other = reverse("matching_run", args=[south["run"].pk])
    pair = south["pair"]
    mentee = pair.mentee
    for data in (
        {"action": "publish", "confirmed": "yes"},
        {"action": "lock", "pair": pair.pk},
        {"action": "unlock", "pair": pair.pk},
        {
            "action": "override",
            "override-mentee": mentee.pk,
            "override-mentor": north["mentors"][0].pk,
            "override-reason": "Mine now.",
        },
    ):
        assert client.post(other, {"csrfmiddlewaretoken": token, **data}).status_code == 404
    south["run"].refresh_from_db()
    pair.refresh_from_db()
    assert south["run"].status == MatchRun.Status.DONE and not pair.locked
    assert not south["run"].events.exclude(action="ran").exists()
    # A pair of another run cannot be locked through one's own run either.
    client.post(own, {"csrfmiddlewaretoken": token, "action": "lock", "pair": pair.pk})
    pair.refresh_from_db()
    assert not pair.locked
    published = client.post(
        own,
        {"csrfmiddlewaretoken": token, "action": "publish", "confirmed": "yes", "reason": "Ok."},
    )
    assert published.status_code == 302
    north["run"].refresh_from_db()
    assert north["run"].status == MatchRun.Status.PUBLISHED


def test_weights_of_another_programme_cannot_be_read_or_saved(world):
    client = _client(world["alice"])
    north, south = world["north"], world["south"]
    own = reverse("matching_weights", args=[north["programme"].pk])
    token = _csrf(client, own)
    data = {"csrfmiddlewaretoken": token, "gap_coverage": 9, "style_fit": 1, "format_overlap": 1}
    data |= {"availability": 1, "language": 1, "affinity": 1, "shortlist": 1, "answers": 1}
    other = reverse("matching_weights", args=[south["programme"].pk])
    assert client.post(other, data).status_code == 404
    assert MatchingWeights.objects.get(programme=south["programme"]).gap_coverage != 9
    assert client.post(own, data).status_code == 302
    assert MatchingWeights.objects.get(programme=north["programme"]).gap_coverage == 9


def test_viewset_forms_offer_and_accept_only_managed_programmes_and_cycles(world):
    client = _client(world["alice"])
    north, south = world["north"], world["south"]
    cycle_url = reverse("cycle_admin:add")
    page = _body(client.get(cycle_url))
    assert "Aurora Programme" in page and "Zenith" not in page
    start = timezone.localdate() + timedelta(days=200)
    cycle = {
        "csrfmiddlewaretoken": _csrf(client, cycle_url),
        "programme": south["programme"].pk,
        "name": "Smuggled cycle",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=90)).isoformat(),
        "seats": 4,
    }
    assert client.post(cycle_url, cycle).status_code == 200
    assert not Cycle.objects.filter(name="Smuggled cycle").exists()

    cohort_url = reverse("cohort_admin:add")
    page = _body(client.get(cohort_url))
    assert "Aurora Spring" in page and "Zenith" not in page
    cohort = {
        "csrfmiddlewaretoken": _csrf(client, cohort_url),
        "cycle": south["cycle"].pk,
        "name": "Smuggled cohort",
    }
    assert client.post(cohort_url, cohort).status_code == 200
    assert not Cohort.objects.filter(name="Smuggled cohort").exists()

    edit_url = reverse("cohort_admin:edit", args=[north["cohort"].pk])
    moved = {**cohort, "csrfmiddlewaretoken": _csrf(client, edit_url), "name": "Aurora Cohort"}
    client.post(edit_url, moved)
    north["cohort"].refresh_from_db()
    assert north["cohort"].cycle == north["cycle"]


def test_a_programme_a_manager_creates_is_theirs_and_nobody_elses(world):
    from portal.people.models import Format

    alice = _client(world["alice"])
    url = reverse("programme_admin:add")
    response = alice.post(
        url,
        {
            "csrfmiddlewaretoken": _csrf(alice, url),
            "name": "Aurora Two",
            "slug": "aurora-two",
            "purpose": "A second one.",
            "formats": [Format.objects.get(code="one_on_one").pk],
            "hours_per_month": 3,
            "duration_months": 9,
            "checkin_every_months": 3,
            "min_tenure_years": 0,
        },
    )
    assert response.status_code == 302
    created = Programme.objects.get(slug="aurora-two")
    assert list(created.managers.all()) == [world["alice"]]
    bob = _client(world["bob"])
    assert "Aurora Two" not in _body(bob.get(reverse("programme_admin:index")))
    assert bob.get(reverse("programme_admin:edit", args=[created.pk])).status_code == 404


# --- the library editor, the forums and the library audience -------------------------------------


def test_the_library_editor_offers_a_manager_only_their_programmes_and_cohorts(
    world, communications
):
    _, section = build_library()
    item = add_item(
        section,
        ArticlePage,
        "Field notes",
        audience=Audience.PROGRAMME,
        audience_programme=world["north"]["programme"],
    )
    url = reverse("wagtailadmin_pages:edit", args=[item.pk])
    page = _body(_client(world["alice"]).get(url))
    assert "Aurora Programme" in page and "Aurora Spring · Aurora Cohort" in page
    assert "Zenith" not in page
    editor = _body(_client(communications).get(url))
    assert "Zenith Programme" in editor and "Zenith Cohort" in editor


def test_forums_and_library_scope_managers_with_the_same_rule(world):
    north, south = world["north"], world["south"]
    alice_forums = readable_forum_ids(world["alice"])
    assert north["cohort"].community.forum_id in alice_forums
    assert south["cohort"].community.forum_id not in alice_forums
    assert south["cohort"].community.forum_id not in readable_forum_ids(world["nora"])
    assert reader_for(world["alice"]).programme_ids == (north["programme"].pk,)
    assert reader_for(world["nora"]).programme_ids == ()
