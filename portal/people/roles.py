"""The roles a person can hold. Each role is a Django group; a person may hold several."""

from enum import StrEnum


class Role(StrEnum):
    MENTEE = "Mentee"
    MENTOR = "Mentor"
    EXTERNAL_EXPERT = "External expert"
    PROGRAMME_MANAGER = "Programme manager"
    SPONSOR = "Sponsor"
    COMMUNICATIONS = "Communications"
    MODERATOR = "Moderator"


# Staff-side work lives in the Wagtail admin; only these roles may open it.
ADMIN_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.COMMUNICATIONS, Role.MODERATOR})
