"""The preferences form: one choice per kind, offering only what policy allows for it."""

from django import forms

from portal.notifications.kinds import DELIVERY_LABELS, Delivery, Kind


class PreferencesForm(forms.Form):
    """`shown`: the kinds that concern the person (their roles'); `current`: their choices."""

    def __init__(self, *args, shown: list[Kind], current: dict[str, Delivery], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in shown:
            key = kind.key
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
