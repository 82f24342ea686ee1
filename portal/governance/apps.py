"""Governance's start-up: its receivers and the condition it puts on gated actions."""

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "portal.governance"
    label = "governance"
    verbose_name = "Governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal import gates
        from portal.governance import receivers, services  # noqa: F401 (connects receivers)

        # Applying, being matched and posting wait for the policies a person must acknowledge.
        gates.register(services.unacknowledged)

        # The audit trail (ADR 0018): no written entry of any log model changes, and every
        # admin export is recorded in it.
        from portal.exports import record_wagtail_exports
        from portal.governance.audit import make_append_only

        make_append_only()
        record_wagtail_exports()
