"""Simulations played with plain form posts, private paths and suppressed aggregates; private
reflections; recommendations for the member's goals; constant queries on the listings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from content import services
from content.cache import LIBRARY
from content.models import (
    ArticlePage,
    CaseStudyPage,
    LearningModulePage,
    LibraryPage,
    PlaybookPage,
    Reflection,
    SimulationPage,
    SimulationRun,
)
from content.queries import AGGREGATE_MINIMUM, everyone_choices, recommended_ids
from portal import generations
from portal.people.roles import Role
from tests.content.factories import add_item
from tests.factories import UserFactory, goal


@pytest.fixture
def simulation(library):
    return add_item(library[1], SimulationPage, "The first ninety days", ["leading-change"])


def _choice_id(page, situation_key, label):
    _, value = page.nodes()[situation_key]
    return next(c.id for c in value["choices"].bound_blocks if c.value["label"] == label)


def test_a_mentee_plays_to_the_end_with_form_posts(client, mentee, simulation):
    client.force_login(mentee)
    play = simulation.url + "play/"
    assert client.post(play, {"action": "start"}).status_code == 302
    body = client.get(play).content.decode()
    assert "Week one" in body and "Visit the sites" in body
    client.post(
        play, {"action": "choose", "choice": _choice_id(simulation, "start", "Visit the sites")}
    )
    body = client.get(play).content.decode()
    assert "You learn a lot." in body and "The customer" in body
    response = client.post(
        play,
        {
            "action": "choose",
            "choice": _choice_id(simulation, "customer", "Let the account lead lead"),
        },
    )
    assert response["Location"].endswith("/debrief/")
    body = client.get(response["Location"]).content.decode()
    assert "A team that trusts you" in body
    assert "Listen first." in body
    assert "at least five people" in body
    run = SimulationRun.objects.get(user=mentee)
    assert [step["label"] for step in run.path] == ["Visit the sites", "Let the account lead lead"]
    assert run.finished_at and run.counts_in_aggregate


def test_a_forged_choice_is_refused_and_nothing_is_recorded(client, mentee, simulation):
    client.force_login(mentee)
    client.post(simulation.url + "play/", {"action": "start"})
    response = client.post(simulation.url + "play/", {"action": "choose", "choice": "not-a-choice"})
    assert response.status_code == 400
    assert "Choose one of the options shown." in response.content.decode()
    assert SimulationRun.objects.get(user=mentee).path == []


def test_aggregates_are_percentages_and_suppressed_below_five_players(simulation):
    visit = _choice_id(simulation, "start", "Visit the sites")
    restructure = _choice_id(simulation, "start", "Restructure now")
    players = [UserFactory(roles=[Role.MENTEE]) for _ in range(AGGREGATE_MINIMUM)]
    take_over = _choice_id(simulation, "customer", "Take over yourself")
    for n, player in enumerate(players[:-1]):
        run = services.choose(
            services.start_run(player, simulation), visit if n < 3 else restructure
        )
        if not run.is_finished:
            services.choose(run, take_over)
    assert everyone_choices(simulation, None)["suppressed"]
    run = services.choose(services.start_run(players[-1], simulation), restructure)
    everyone = everyone_choices(simulation, run)
    assert not everyone["suppressed"]
    week_one = everyone["situations"][0]
    assert [(c.label, c.percent, c.is_yours) for c in week_one.choices] == [
        ("Visit the sites", 60, False),
        ("Restructure now", 40, True),
    ]
    # Only three players reached the second situation: it is withheld.
    assert [s.title for s in everyone["situations"]] == ["Week one"]


def test_a_replay_does_not_count_twice(mentee, simulation):
    restructure = _choice_id(simulation, "start", "Restructure now")
    services.choose(services.start_run(mentee, simulation), restructure)
    services.choose(services.start_run(mentee, simulation), restructure)
    assert SimulationRun.objects.filter(user=mentee, counts_in_aggregate=True).count() == 1


def test_paths_are_private(client, mentee, simulation):
    other = UserFactory(roles=[Role.MENTEE])
    services.choose(
        services.start_run(other, simulation), _choice_id(simulation, "start", "Restructure now")
    )
    client.force_login(mentee)
    assert client.get(simulation.url + "debrief/").status_code == 302  # no run of her own
    assert not SimulationRun.objects.for_user(mentee).exists()


def test_reflections_are_private_to_their_author(client, mentee, library):
    module = add_item(library[1], LearningModulePage, "Listening", ["coaching-others"])
    prompt = module.prompts()[0]
    client.force_login(mentee)
    response = client.post(
        module.url + "reflect/", {f"prompt-{prompt.id}": "I interrupt too early."}
    )
    assert response.status_code == 302
    assert "I interrupt too early." in client.get(module.url).content.decode()
    client.force_login(UserFactory(roles=[Role.MENTOR]))
    assert "I interrupt too early." not in client.get(module.url).content.decode()
    assert Reflection.objects.for_user(mentee).get().text == "I interrupt too early."


def test_too_long_a_reflection_is_refused_and_kept_on_the_form(client, mentee, library):
    module = add_item(library[1], LearningModulePage, "Listening", ["coaching-others"])
    prompt = module.prompts()[0]
    client.force_login(mentee)
    text = "x" * 4001
    response = client.post(module.url + "reflect/", {f"prompt-{prompt.id}": text})
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Reflection.objects.exists()


def test_recommendations_follow_the_biggest_goal_gaps(mentee, library):
    section = library[1]
    add_item(section, CaseStudyPage, "Numbers for leaders", ["financial-acumen"])
    add_item(section, PlaybookPage, "Influence at the board", ["stakeholder-influence"])
    add_item(section, ArticlePage, "Unrelated", ["resilience-and-wellbeing"])
    assert recommended_ids(mentee) == []
    goal(mentee, "financial-acumen", 2, 3)
    goal(mentee, "stakeholder-influence", 1, 5)
    titles = dict(LibraryPage.objects.values_list("pk", "title"))
    assert [titles[pk] for pk in recommended_ids(mentee)] == [
        "Influence at the board",
        "Numbers for leaders",
    ]
    assert len(recommended_ids(mentee, limit=1)) == 1


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _cold_and_warm(client, urls):
    """Queries per URL just after the library changed (its caches cold, as after a publish),
    then on the next request (warm)."""
    cold = {}
    for url in urls:
        generations.retire(LIBRARY)
        cold[url] = _count(client, url)
    return cold, {url: _count(client, url) for url in urls}


def test_listing_pages_keep_a_constant_number_of_queries(client, mentee, library):
    index, section = library
    client.force_login(mentee)
    add_item(section, CaseStudyPage, "First item", ["financial-acumen", "negotiation"])
    add_item(section, ArticlePage, "Second", ["financial-acumen"])
    urls = (index.url, section.url, index.url + "feed/rss/", index.url + "?format=read&q=item")
    for url in urls:
        _count(client, url)  # warm the per-process caches (site root paths, content types)
    few_cold, few_warm = _cold_and_warm(client, urls)
    for n in range(8):
        model = (CaseStudyPage, ArticlePage, PlaybookPage)[n % 3]
        add_item(
            section,
            model,
            f"Item {n}",
            ["financial-acumen", "stakeholder-influence", "negotiation"],
        )
    many_cold, many_warm = _cold_and_warm(client, urls)
    assert many_cold == few_cold
    assert many_warm == few_warm


def test_an_item_page_keeps_a_constant_number_of_queries(client, mentee, library):
    client.force_login(mentee)
    few = add_item(library[1], CaseStudyPage, "Few tags", ["financial-acumen"])
    many = add_item(
        library[1],
        CaseStudyPage,
        "Many tags",
        ["financial-acumen", "stakeholder-influence", "negotiation", "coaching-others"],
    )
    _count(client, few.url)  # warm the per-process caches (site root paths, content types)
    few_cold, few_warm = _cold_and_warm(client, [few.url])
    many_cold, many_warm = _cold_and_warm(client, [many.url])
    assert many_cold[many.url] == few_cold[few.url]
    assert many_warm[many.url] == few_warm[few.url]


def test_cards_with_images_keep_a_constant_number_of_queries(client, mentee, library):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    section = library[1]
    client.force_login(mentee)

    def add_pictured(n):
        image = Image.objects.create(title=f"Picture {n}", file=get_test_image_file())
        add_item(section, ArticlePage, f"Pictured {n}", card_image=image, card_image_alt="A plant")

    add_pictured(0)
    _count(client, section.url)  # renditions are made on the first view of each image
    few_cold, few_warm = _cold_and_warm(client, [section.url])
    for n in range(1, 5):
        add_pictured(n)
    body = client.get(section.url).content.decode()
    assert body.count('class="library-card__image"') == 5
    many_cold, many_warm = _cold_and_warm(client, [section.url])
    assert many_cold == few_cold
    assert many_warm == few_warm
