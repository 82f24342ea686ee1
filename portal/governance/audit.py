"""The audit trail: every log model in Wagtail's registry, read through one rule, shown in words,
and never changed once written (docs/decisions/0018-audit-trail.md).

Every app writes its decisions and sensitive reads with Wagtail's `log(...)` (or its log
model's `log_action`), each entry with who, when, what and why (`data["reason"]`); this module
calls none of them back. It decides who reads which entries (`entries_for`), turns an entry's
data into words for the screen and its exports, and refuses any change to a written entry.
"""

import json
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.db.models.signals import pre_delete, pre_save

from wagtail.log_actions import registry
from wagtail.models.audit_log import BaseLogEntry, LogEntryQuerySet

from portal.people.roles import reads_the_whole_audit_trail

# --- who reads what ---------------------------------------------------------------------------


def log_models() -> list[type[BaseLogEntry]]:
    """Every log model registered with Wagtail (ours, Wagtail's own ModelLogEntry and
    PageLogEntry, and any another app registers), in a fixed order."""
    return sorted(registry.get_log_entry_models(), key=lambda model: model._meta.label)


def entries_for(log_model: type[BaseLogEntry], user: Any) -> LogEntryQuerySet:
    """The entries of `log_model` that `user` may read: all of them for an auditor or a
    superuser; otherwise what the log model's own rule allows (`viewable_by_user`: a programme
    manager their programmes' entries and every person's, Wagtail's permissions for the rest)."""
    entries: LogEntryQuerySet
    if reads_the_whole_audit_trail(user):
        entries = log_model.objects.all()
    else:
        entries = log_model.objects.viewable_by_user(user)
    return entries


def actions_for(user: Any) -> list[tuple[str, str]]:
    """The registered actions (value, label) used by an entry `user` may read."""
    used: set[str] = set()
    for model in log_models():
        used |= entries_for(model, user).get_actions()
    return [choice for choice in registry.get_choices() if choice[0] in used]


def actors_for(user: Any) -> QuerySet[Any]:
    """The people who acted in an entry `user` may read."""
    ids: set[int] = set()
    for model in log_models():
        ids |= entries_for(model, user).get_user_ids()
    User = get_user_model()
    return User.objects.filter(pk__in=ids - {None}).order_by("first_name", "last_name", "pk")


def object_types_for(user: Any) -> QuerySet[ContentType]:
    """The kinds of object an entry `user` may read is about."""
    ids: set[int] = set()
    for model in log_models():
        ids |= entries_for(model, user).get_content_type_ids()
    return ContentType.objects.filter(pk__in=ids - {None}).order_by("model")


def latest(user: Any, count: int) -> list[BaseLogEntry]:
    """The `count` newest entries `user` may read, across every log model (one query each)."""
    entries = [
        entry
        for model in log_models()
        for entry in entries_for(model, user)
        .select_related("user", "content_type")
        .order_by("-timestamp", "-pk")[:count]
    ]
    return sorted(entries, key=lambda entry: entry.timestamp, reverse=True)[:count]


def search(entries: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Entries whose object, reason, data or acting person mention `text` (any case)."""
    text = text.strip()
    if not text:
        return entries
    return entries.filter(
        Q(label__icontains=text)
        | Q(data__reason__icontains=text)
        | Q(data__icontains=text)
        | Q(user__first_name__icontains=text)
        | Q(user__last_name__icontains=text)
        | Q(user__email__icontains=text)
    )


# --- an entry in words ------------------------------------------------------------------------

VALUE_LIMIT = 300


def reason_of(entry: BaseLogEntry) -> str:
    """Why, as the person who acted gave it ("" when the action takes none)."""
    reason = (entry.data or {}).get("reason") if isinstance(entry.data, dict) else None
    return str(reason) if reason else ""


def details_of(entry: BaseLogEntry) -> list[tuple[str, str]]:
    """The rest of the entry's data as (label, words), ids and empty values left out, in the
    order of their labels (PostgreSQL keeps no order of keys): what the decision was made with
    (a run's settings and counts, the cohort, the old and new mentor)."""
    data = entry.data if isinstance(entry.data, dict) else {}
    return sorted(
        (_label(key), _words(value)[:VALUE_LIMIT])
        for key, value in data.items()
        if key != "reason" and key != "id" and not key.endswith("_id") and _words(value)
    )


def details_text(entry: BaseLogEntry) -> str:
    """`details_of` on one line, for the exports."""
    return " · ".join(f"{label}: {words}" for label, words in details_of(entry))


def data_json(entry: BaseLogEntry) -> str:
    """The whole data as stored, ids included, for the exports."""
    return json.dumps(entry.data or {}, sort_keys=True, default=str)


def _label(key: str) -> str:
    return str(key).replace("_", " ").strip().capitalize()


def _words(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(part for part in (_words(item) for item in value) if part)
    if isinstance(value, dict):
        return "; ".join(
            f"{_label(key).lower() if key.islower() else key}: {words}"
            for key, words in sorted((str(k), _words(v)) for k, v in value.items())
            if words
        )
    return str(value)


# --- append-only ------------------------------------------------------------------------------


class AuditTrailIsAppendOnly(Exception):
    """Someone tried to change or delete an entry of the audit trail."""


APPEND_ONLY = "The audit trail is append-only: a written entry is never changed or deleted."


def _refuse_change(sender: type, instance: BaseLogEntry, **kwargs: Any) -> None:
    if not instance._state.adding:
        raise AuditTrailIsAppendOnly(APPEND_ONLY)


def _refuse_deletion(sender: type, instance: BaseLogEntry, **kwargs: Any) -> None:
    raise AuditTrailIsAppendOnly(APPEND_ONLY)


def make_append_only() -> None:
    """Refuse, through the ORM, any change to a written entry of any log model: saving it
    again, deleting it, and a queryset's update() or delete() (bulk_update included).

    One update stays allowed: Django's own clearing of `content_type` when a content type is
    deleted (Wagtail's SET_NULL), which leaves the entry with its label and data. Wagtail itself
    never changes or deletes an entry. Idempotent (AppConfig.ready)."""
    for model in apps.get_models():
        if issubclass(model, BaseLogEntry):
            label = model._meta.label
            pre_save.connect(_refuse_change, sender=model, dispatch_uid=f"append-only:{label}")
            pre_delete.connect(_refuse_deletion, sender=model, dispatch_uid=f"append-only:{label}")
    if getattr(LogEntryQuerySet.update, "append_only", False):
        return
    original_update = LogEntryQuerySet.update

    def update(self: LogEntryQuerySet, **kwargs: Any) -> int:
        if kwargs.keys() == {"content_type"} and kwargs["content_type"] is None:
            updated: int = original_update(self, **kwargs)
            return updated
        raise AuditTrailIsAppendOnly(APPEND_ONLY)

    def delete(self: LogEntryQuerySet) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly(APPEND_ONLY)

    update.append_only = True  # type: ignore[attr-defined]
    LogEntryQuerySet.update = update
    LogEntryQuerySet.delete = delete
