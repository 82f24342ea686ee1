"""Forms of the governance registers: the admin's risk and review forms (viewsets.py) and
the incident chooser."""

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from portal.governance.models import IMPACT_MESSAGE, LIKELIHOOD_MESSAGE
from portal.governance.queries import current_quarter
from portal.programmes.queries import managed

SCALE_MESSAGES = {"likelihood": LIKELIHOOD_MESSAGE, "impact": IMPACT_MESSAGE}


class RiskForm(WagtailAdminModelForm):
    """A risk with its mitigations inline. The programme is one the person manages, or none
    (organisation-wide); likelihood and impact out of 1–5 get one plain sentence each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        programme.queryset = managed(programme.queryset, self.for_user, "pk")
        programme.empty_label = "Organisation-wide (no programme)"
        for name, message in SCALE_MESSAGES.items():
            field = self.fields[name]
            field.widget.attrs.update({"min": 1, "max": 5, "step": 1})
            field.error_messages.update(
                {"min_value": message, "max_value": message, "invalid": message % {"value": "that"}}
            )


class ReviewForm(WagtailAdminModelForm):
    """A quarter's review; a new one is offered the current quarter and today."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            today = timezone.localdate()
            year, quarter = current_quarter(today)
            self.initial.setdefault("year", year)
            self.initial.setdefault("quarter", quarter)
            self.initial.setdefault("held_on", today)


class LinkIncidentForm(forms.Form):
    """Which of the offered incidents to link (`choices`: queries.incidents_for the person)."""

    incident = forms.ChoiceField(label="Incident", widget=forms.RadioSelect)

    def __init__(self, *args, incidents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.incidents = {incident.key: incident for incident in incidents}
        self.fields["incident"].choices = [
            (incident.key, incident.summary) for incident in incidents
        ]
        self.fields["incident"].error_messages["required"] = "Choose the incident to link."
        self.fields["incident"].error_messages["invalid_choice"] = (
            "That incident is no longer offered: choose one from the list."
        )

    def chosen(self):
        return self.incidents[self.cleaned_data["incident"]]
