"""The equity page's choice of programme and view (a GET form: reading changes nothing)."""

from django import forms

CHOOSE_A_PROGRAMME = "Choose one of the programmes listed."
TOO_SMALL = (
    "That group is too small to look within (or has nobody in it): everyone is shown instead."
)


class ProgrammeForm(forms.Form):
    programme = forms.ChoiceField(
        label="Programme", error_messages={"invalid_choice": CHOOSE_A_PROGRAMME}
    )

    def __init__(self, data, *, programmes):
        super().__init__(data)
        self.fields["programme"].choices = [(p.slug, p.name) for p in programmes]


class EquityForm(ProgrammeForm):
    within = forms.ChoiceField(
        label="Look within",
        required=False,
        help_text="Business units too small to look within are not offered.",
        error_messages={"invalid_choice": TOO_SMALL},
    )

    def __init__(self, data, *, programmes, choices):
        super().__init__(data, programmes=programmes)
        units = [(c.code, c.label) for c in choices if c.code.startswith("unit:")]
        options: list = [("", "Everyone")]
        if units:
            options.append(("Business unit", units))
        self.fields["within"].choices = options
