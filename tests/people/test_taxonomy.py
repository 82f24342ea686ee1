"""One competency taxonomy, seeded with an executive framework and edited by programme managers."""

from portal.people.models import Competency, CompetencyCluster


def test_the_framework_ships_with_every_installation(db):
    assert 20 <= Competency.objects.count() <= 30
    assert CompetencyCluster.objects.count() >= 5
    names = set(Competency.objects.values_list("name", flat=True))
    assert {
        "Strategic thinking",
        "Financial acumen",
        "Executive presence",
        "Inclusive leadership",
        "Coaching others",
        "Digital fluency",
    } <= names
    assert not Competency.objects.filter(description="").exists()


def test_a_programme_manager_edits_a_competency_in_the_admin(client, programme_manager):
    competency = Competency.objects.get(slug="financial-acumen")
    client.force_login(programme_manager)
    listing = client.get("/admin/snippets/people/competency/")
    assert listing.status_code == 200
    assert "Financial acumen" in listing.content.decode()
    edit_url = f"/admin/snippets/people/competency/edit/{competency.pk}/"
    response = client.post(
        edit_url,
        {
            "cluster": competency.cluster_id,
            "name": "Financial acumen",
            "slug": "financial-acumen",
            "description": "Reads the numbers and acts on them.",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.description == "Reads the numbers and acts on them."


def test_a_mentee_cannot_edit_the_taxonomy(client, mentee):
    client.force_login(mentee)
    response = client.get("/admin/snippets/people/competency/")
    assert response.status_code in (302, 403)


def test_a_moderator_reaches_the_admin_but_not_the_taxonomy(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/snippets/people/competency/")
    assert response.status_code in (302, 403)
