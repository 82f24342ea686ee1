"""Signed one-click unsubscribe links: a token names a person and a kind (or every kind, for a
digest), so a mail client can turn that email off without the person signing in (RFC 8058).
The signature (SECRET_KEY, a salt of our own) is what authorises it; a changed token is refused.
Tokens do not expire: an unsubscribe link in an old email must still work.
"""

from django.core import signing

from portal.notifications.kinds import KINDS, Kind
from portal.people.models import User

SALT = "portal.notifications.unsubscribe"
# A digest's link turns off every kind the digest may carry.
EVERY_KIND = "*"


def unsubscribe_token(user: User, kind_key: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind_key}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[User, list[Kind]] | None:
    """Whose email and which kinds a token stops; None for a tampered or unknown token."""
    try:
        data = signing.loads(token, salt=SALT)
        user = User.objects.get(pk=int(data["u"]), is_active=True)
        key = str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        return None
    if key == EVERY_KIND:
        return user, list(KINDS.values())
    if key not in KINDS:
        return None
    return user, [KINDS[key]]
