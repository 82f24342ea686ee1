"""What the engagement pages keep in the cache, and when it is forgotten (portal.generations).

- `engagement(pk)`: the pair's page and home's engagement work, retired by receivers.py
  whenever anything the page shows changes: the engagement itself, its goals and milestones,
  sessions, notes, check-in answers, evaluations, agreement confirmations and log entries (a
  break-glass read), the two people's names and profiles, and the programme. Every entry built
  on it is per viewer (its parts hold the viewer's id): what one member of the pair sees is
  never read by the other.
- `programme(pk)`: what a programme manager's list shows of a programme's engagements (counts,
  stalled pairs, cohorts to complete), retired with each of its engagements; `programme(None)`
  for engagements outside any programme (a superuser's list).
"""

from portal import generations
from portal.programmes.models import Engagement

engagement = generations.scope_family("engagements:engagement")
programme = generations.scope_family("engagements:programme")


def retire(*engagement_ids: int) -> None:
    """Retire these engagements and their programmes' lists."""
    if not engagement_ids:
        return
    programme_ids = (
        Engagement.objects.filter(pk__in=engagement_ids)
        .values_list("programme_id", flat=True)
        .distinct()
    )
    generations.retire(
        *(engagement(pk) for pk in engagement_ids), *(programme(pk) for pk in programme_ids)
    )


def retire_engagement(instance: Engagement) -> None:
    """Retire one engagement from the row itself (also once it is deleted)."""
    generations.retire(engagement(instance.pk), programme(instance.programme_id))
