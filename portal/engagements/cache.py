"""What the pair's page keeps in the cache, and when it is forgotten (portal.generations).

One scope per engagement (`engagement(pk)`), retired by receivers.py whenever anything its page
shows changes: the engagement itself, its goals and milestones, sessions, notes, check-in
answers, evaluations, agreement confirmations and log entries (a break-glass read), and the
two people's names and profiles. Every entry built on it is per viewer (its parts hold the
viewer's id): what one member of the pair sees is never read by the other.
"""

from portal import generations

engagement = generations.scope_family("engagements:engagement")


def retire(*engagement_ids: int) -> None:
    generations.retire(*(engagement(pk) for pk in engagement_ids))
