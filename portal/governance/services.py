"""Changes of state for charters and policies: a published policy becomes a numbered version,
people acknowledge versions, managers remind those outstanding. Each is logged in Wagtail's
log entries (the audit trail) with who and which version; nothing personal goes in the log.

`unacknowledged` is the condition governance puts on applying, being matched and posting
(registered with portal.gates in GovernanceConfig.ready).
"""

from collections.abc import Collection, Iterable
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Revision

from portal import gates
from portal.governance import queries
from portal.governance.models import Acknowledgement, Policy, PolicyVersion
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.people.models import User

ACKNOWLEDGE = "governance.acknowledge"
REMIND = "governance.remind"


@transaction.atomic
def record_version(
    policy: Policy, revision: Revision | None, user: User | None = None
) -> PolicyVersion:
    """The policy was published: its text is version N+1, which everyone in its audience is
    asked to acknowledge (an acknowledgement of an earlier version no longer counts)."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    last = policy.versions.aggregate(last=Max("number"))["last"] or 0
    return PolicyVersion.objects.create(
        policy=policy,
        number=last + 1,
        revision=revision,
        published_by=user,
        published_at=timezone.now(),
    )


def acknowledge(user: User, versions: Iterable[PolicyVersion]) -> list[Acknowledgement]:
    """Record that `user` read and accepts each version (again is harmless: nothing new).

    Only a current version that applies to the person can be acknowledged: a stale or foreign
    one is refused with ValueError, so a crafted form cannot record what was never shown."""
    versions = list(versions)
    due = {
        v.pk
        for v in queries.outstanding(
            [user.pk], {v.policy.programme_id for v in versions} - {None}
        ).get(user.pk, [])
    }
    made = []
    with transaction.atomic():
        for version in versions:
            if version.pk not in due:
                if Acknowledgement.objects.filter(version=version, person=user).exists():
                    continue
                raise ValueError(f"{version} is not one you are asked to acknowledge.")
            try:
                with transaction.atomic():
                    made.append(Acknowledgement.objects.create(version=version, person=user))
            except IntegrityError:  # the same form sent twice at once
                continue
            log(
                instance=version.policy,
                action=ACKNOWLEDGE,
                user=user,
                data={"version": version.number},
            )
    return made


def acknowledge_url(programme_id: int | None = None, next_url: str | None = None) -> str:
    query = {}
    if programme_id:
        query["programme"] = str(programme_id)
    if next_url:
        query["next"] = next_url
    url = reverse("governance:acknowledge")
    return f"{url}?{urlencode(query)}" if query else url


def remind_outstanding(version: PolicyVersion, actor: User) -> int:
    """Tell everyone who has not acknowledged the version yet; returns how many were told."""
    people = list(queries.outstanding_people(version))
    notify(
        people,
        kinds.POLICY_TO_ACKNOWLEDGE,
        title=f"Please read and acknowledge {version.policy.title} (version {version.number})",
        body=version.policy.summary,
        url=acknowledge_url(version.policy.programme_id),
        actor=actor,
    )
    log(instance=version.policy, action=REMIND, user=actor, data={"version": version.number})
    return len(people)


def unacknowledged(
    user_ids: Collection[int], action: gates.Action, programme_id: int | None
) -> dict[int, list[gates.Unmet]]:
    """The gate: people with a current policy version (the organisation's, or the programme's
    when the action is in one) that applies to them and that they have not acknowledged."""
    found = queries.outstanding(user_ids, [programme_id] if programme_id else [])
    url = acknowledge_url(programme_id)
    return {
        user_id: [
            gates.Unmet(f"acknowledge {v.policy.title} (version {v.number})", url) for v in due
        ]
        for user_id, due in found.items()
    }
