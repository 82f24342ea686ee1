"""Changes of state in the mentor catalog: a mentor's own entry and a mentee's shortlist.

Every function works on the person's own rows, named by their user; nothing here takes an id
from a request. The catalog's caches follow through the models' signals (catalog/cache.py).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from portal.people.images import discarding_new_photo_on_error, set_photo
from portal.people.models import MentorProfile, MentorStrength, ShortlistEntry, User
from portal.people.roles import Role

# What the mentor's editor changes on their MentorProfile row (formats and the photo apart).
MENTOR_PROFILE_FIELDS = (
    "leadership_style",
    "functions",
    "industries",
    "availability",
    "capacity",
    "monthly_hours",
    "outcomes",
    "bio",
)


def mentor_profile_of(user: User) -> MentorProfile:
    """The person's own catalog entry, created empty on first use: an external expert's starts
    external and waiting for vetting, everyone else's internal."""
    external = user.has_role(Role.EXTERNAL_EXPERT)
    profile: MentorProfile
    profile, _ = MentorProfile.objects.select_related("user").get_or_create(
        user=user,
        defaults={
            "kind": MentorProfile.Kind.EXTERNAL if external else MentorProfile.Kind.INTERNAL,
            "vetting_status": (
                MentorProfile.Vetting.PENDING if external else MentorProfile.Vetting.NOT_REQUIRED
            ),
        },
    )
    return profile


@transaction.atomic
def save_mentor_profile(
    user: User, data: Mapping[str, Any], strengths: Mapping[int, int]
) -> MentorProfile:
    """The mentor's entry becomes what the editor sent: `data` holds MENTOR_PROFILE_FIELDS,
    `formats` and `photo` (a new, already cleaned file; False to remove it; anything else keeps
    it), `strengths` maps each competency id to the mentor's level in it, exactly.

    A photo replaced or removed is deleted from storage once the change has committed, so a
    rolled-back save never loses the file the row still names."""
    profile: MentorProfile = MentorProfile.objects.select_for_update().get(user=user)
    for field in MENTOR_PROFILE_FIELDS:
        setattr(profile, field, data[field])
    with discarding_new_photo_on_error(profile):
        set_photo(profile, data.get("photo"))
        profile.save()
        profile.formats.set(data["formats"])
        _replace_strengths(profile, strengths)
    return profile


def _replace_strengths(profile: MentorProfile, wanted: Mapping[int, int]) -> None:
    # Row by row, not bulk: the catalog cache and the search index follow MentorStrength signals.
    current = {strength.competency_id: strength for strength in profile.strengths.all()}
    for competency_id, strength in current.items():
        if competency_id not in wanted:
            strength.delete()
    for competency_id, level in wanted.items():
        kept = current.get(competency_id)
        if kept is None:
            MentorStrength.objects.create(mentor=profile, competency_id=competency_id, level=level)
        elif kept.level != level:
            kept.level = level
            kept.save(update_fields=["level"])


@transaction.atomic
def toggle_shortlist(viewer: User, mentor: MentorProfile) -> bool:
    """Add `mentor` to the viewer's shortlist, or take them off it; True when now on it."""
    deleted, _ = ShortlistEntry.objects.filter(mentee=viewer, mentor=mentor).delete()
    if deleted:
        return False
    ShortlistEntry.objects.get_or_create(mentee=viewer, mentor=mentor)
    return True


# The level an expert's declared expertise starts at; they refine it in the mentor editor.
DECLARED_EXPERTISE_LEVEL = 4


@transaction.atomic
def declare_expertise(user: User, competency_ids: Iterable[int], monthly_hours: int) -> None:
    """An external expert's expertise and the hours a month they offer, as their sign-up details
    declare them: each competency named becomes a strength (at DECLARED_EXPERTISE_LEVEL unless
    already rated), strengths not named are removed, and monthly_hours is set."""
    profile = mentor_profile_of(user)
    profile.monthly_hours = monthly_hours
    profile.save(update_fields=["monthly_hours", "updated_at"])
    current = {s.competency_id: s.level for s in profile.strengths.all()}
    wanted = {pk: current.get(pk, DECLARED_EXPERTISE_LEVEL) for pk in competency_ids}
    _replace_strengths(profile, wanted)
