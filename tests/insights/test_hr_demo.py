"""The demo organisation has HR data: ids, hire dates, readiness with a history, two leavers
who are no demo login, and employees without an account."""

import pytest

from portal.demo.logins import demo_logins
from portal.demo.services import seed_demo
from portal.insights.models import HRImport, HRRecord, ReadinessChange
from portal.people.models import User


@pytest.mark.django_db
def test_the_demo_has_hr_records_with_history_and_two_leavers():
    seed_demo()
    assert HRRecord.objects.filter(user__isnull=False).count() >= 150
    assert HRRecord.objects.filter(user__isnull=True).count() == 40
    assert not HRRecord.objects.filter(hire_date__isnull=True).exists()
    assert HRImport.objects.filter(status=HRImport.Status.COMMITTED).count() == 2
    dates = set(ReadinessChange.objects.values_list("effective_on", flat=True))
    assert len(dates) == 2
    leavers = HRRecord.objects.filter(leaver_date__isnull=False)
    assert leavers.count() == 2
    logins = {login.email for login in demo_logins()}
    for record in leavers.select_related("user"):
        assert record.user.email not in logins
        assert not record.user.is_active
    assert User.objects.filter(email__in=logins, is_active=False).count() == 0

    seed_demo()
    assert HRImport.objects.filter(status=HRImport.Status.COMMITTED).count() == 2
