"""Check and consume a create form's one-time token, in one place."""

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.submissions.models import Submission

if TYPE_CHECKING:
    from portal.people.models import User

# A form left open longer than this asks to be sent again (its text kept); used tokens are
# pruned once they are this old, since they could no longer verify.
TOKEN_MAX_AGE = timedelta(days=2)
_SALT = "lodestar.submission"


class AlreadySubmitted(Exception):
    """The token was used before; `url` is what that submission created ("" if unknown)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class TokenRefused(Exception):
    """The token does not verify: tampered with, another person's, or too old."""


def new_token(user: "User") -> str:
    """A fresh token for one create form shown to `user`."""
    return signing.dumps(secrets.token_urlsafe(16), salt=f"{_SALT}:{user.pk}")


def verify(user: "User", token: str) -> str:
    """The token's key if it is `user`'s and fresh; raises TokenRefused otherwise."""
    try:
        nonce = signing.loads(token, salt=f"{_SALT}:{user.pk}", max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as refused:
        raise TokenRefused(str(refused)) from None
    return hashlib.sha256(str(nonce).encode()).hexdigest()


def claim(user: "User", token: str) -> Submission:
    """Consume `token` for `user` before creating; raises AlreadySubmitted or TokenRefused.

    Inside the request's transaction: if the creation fails and rolls back, so does the claim,
    and the same form may be sent again. A concurrent second submit waits on the unique key
    and then finds the first one's row."""
    key = verify(user, token)
    Submission.objects.filter(created_at__lt=timezone.now() - TOKEN_MAX_AGE).delete()
    try:
        with transaction.atomic():
            return Submission.objects.create(key=key, user=user)
    except IntegrityError:
        earlier = Submission.objects.filter(key=key).first()
        raise AlreadySubmitted(earlier.result_url if earlier else "") from None


def fulfil(submission: Submission, url: str) -> None:
    """Record where the submission's result is, for a repeated submit to be sent there."""
    submission.result_url = url[:500]
    submission.save(update_fields=["result_url"])
