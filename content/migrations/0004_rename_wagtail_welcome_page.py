"""Wagtail's default home page becomes "Lodestar": staff saw "Welcome to your new Wagtail site!"
as the root of Publishing. The page stays (the library hangs under it and the site points at it);
only its title changes, and only while it still carries Wagtail's default title."""

from django.db import migrations

WAGTAIL_TITLE = "Welcome to your new Wagtail site!"
LODESTAR_TITLE = "Lodestar"


def rename(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=2, title=WAGTAIL_TITLE).update(
        title=LODESTAR_TITLE, draft_title=LODESTAR_TITLE
    )


def restore(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=2, title=LODESTAR_TITLE, slug="home").update(
        title=WAGTAIL_TITLE, draft_title=WAGTAIL_TITLE
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_reading_minutes"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(rename, restore)]
