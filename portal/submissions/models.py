"""Tokens already used, kept until they could no longer verify (TOKEN_MAX_AGE)."""

from django.conf import settings
from django.db import models


class Submission(models.Model):
    """A create form's token, consumed: at most one row per token (the unique key)."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    result_url = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"Submission {self.pk}"
