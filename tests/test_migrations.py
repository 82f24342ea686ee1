"""Every model change ships its migration, and no setting demands one inside site-packages."""

from io import StringIO

from django.core.management import call_command

import pytest


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(
            f"makemigrations --check wants new migrations:\n{out.getvalue()}"
            if exit_.code
            else "unexpected exit"
        )
