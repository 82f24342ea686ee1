"""The acknowledgement form: one box to tick per policy version the person must acknowledge."""

from django import forms

from portal.governance.models import PolicyVersion

MUST_TICK = "Tick this to confirm you have read the policy and will follow it."


class AcknowledgeForm(forms.Form):
    def __init__(self, versions: list[PolicyVersion], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            self.fields[f"version_{version.pk}"] = forms.BooleanField(
                label=f"I have read {version.policy.title} (version {version.number}) and will "
                "follow it.",
                error_messages={"required": MUST_TICK},
            )

    def field_of(self, version: PolicyVersion) -> forms.BoundField:
        return self[f"version_{version.pk}"]
