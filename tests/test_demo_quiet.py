"""`seed_demo -v 0` (what `make run` calls) prints nothing, and the demo gives communications
a draft and an item in review, and the moderator something to review, on their dashboards."""

from django.core.management import call_command
from django.urls import reverse

import pytest

from portal.people.models import User


@pytest.mark.django_db
def test_a_quiet_seed_prints_nothing_and_leaves_work_on_the_staff_dashboards(client, capfd):
    capfd.readouterr()
    call_command("seed_demo", verbosity=0)
    out, err = capfd.readouterr()
    assert out == ""
    assert "INFO wagtail" not in err and "Page created" not in err
    assert "Subject:" not in out + err  # no notification e-mail printed by the console backend

    client.force_login(User.objects.get(email="mei.chen@meridian.example"))
    mei = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "A first look at the autumn cycle" in mei and "In review: " in mei
    assert "Mentor of the quarter" in mei and "Draft, not sent for review" in mei
    client.force_login(User.objects.get(email="tomas.alvarez@meridian.example"))
    tomas = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "A first look at the autumn cycle" in tomas  # Wagtail's "Awaiting your review"
