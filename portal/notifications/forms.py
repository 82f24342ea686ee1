"""The preferences form: one choice per kind, offering only what policy allows for it."""

from django import forms

from portal.notifications.kinds import DELIVERY_LABELS, KINDS, Delivery


class PreferencesForm(forms.Form):
    def __init__(self, *args, current: dict[str, Delivery], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            help_text = kind.description
            if not kind.may_turn_off:
                help_text += " This one asks something of you, so its email cannot be turned off."
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                help_text=help_text,
                choices=[(d.value, DELIVERY_LABELS[d]) for d in kind.choices],
                initial=current[key].value,
                widget=forms.RadioSelect,
            )

    def chosen(self) -> dict[str, Delivery]:
        return {key: Delivery(value) for key, value in self.cleaned_data.items()}
