"""Forms of the library: the editors' success-story form, members' filters, play and reflections."""

from django import forms
from django.core.exceptions import ValidationError

from content.admin_forms import LibraryPageForm
from content.blocks import text_of
from content.models.library import ContentFormat
from content.models.newsletters import NewsletterAudience
from portal.ids import IdChoiceField
from portal.people.models import Competency
from portal.programmes.models import Cohort, Programme


class SuccessStoryForm(LibraryPageForm):
    """Refuses a story that names a member without an active, recorded consent."""

    def clean(self):
        cleaned = super().clean()
        from content.queries import people_named_in

        consented: set[int] = set()
        formset = self.formsets.get("named_people")
        if formset is not None and formset.is_valid():
            for form in formset.forms:
                data = getattr(form, "cleaned_data", {})
                consent = data.get("consent")
                if not consent or data.get("DELETE"):
                    continue
                if consent.is_active:
                    consented.add(consent.person_id)
                else:
                    message = (
                        f"{consent.person.get_full_name()} has withdrawn consent to be named. "
                        "Remove them from the story and from its text."
                    )
                    form.add_error("consent", message)
                    self.add_error(None, message)
        body = cleaned.get("body")
        text = " ".join(
            [
                cleaned.get("title") or "",
                cleaned.get("summary") or "",
                cleaned.get("mentee_description") or "",
                cleaned.get("mentor_description") or "",
                text_of(body.get_prep_value()) if body is not None else "",
            ]
        )
        missing = [name for person_id, name in people_named_in(text) if person_id not in consented]
        if missing:
            names = ", ".join(missing)
            self.add_error(
                None,
                ValidationError(
                    f"This story names {names} without recorded consent. Record their consent "
                    "(Snippets → Consents to be named) and add them under “People named in this "
                    "story”, or tell the story without their name."
                ),
            )
        return cleaned


class LibraryFilterForm(forms.Form):
    """The library's filters. Invalid values are reported and ignored, never a server error."""

    q = forms.CharField(label="Search the library", required=False, max_length=100)
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.select_related("cluster"),
        to_field_name="slug",
        required=False,
        empty_label="Any competency",
    )
    format = forms.ChoiceField(choices=[("", "Any format"), *ContentFormat.choices], required=False)
    type = forms.ChoiceField(required=False, label="Type")
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, type_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Any type"), *type_choices]


class ReflectionForm(forms.Form):
    """One text box per prompt of a module, named by the prompt's block id."""

    def __init__(self, *args, prompts, **kwargs):
        super().__init__(*args, **kwargs)
        for block in prompts:
            self.fields[f"prompt-{block.id}"] = forms.CharField(
                label=block.value["prompt"],
                help_text=block.value.get("hint", ""),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("prompt-"): value.strip() for name, value in self.cleaned_data.items()
        }


class NewsletterAudienceForm(forms.Form):
    """Who a newsletter goes to: a kind of audience, with its programme or cohort, and "send
    again" for an audience that already had it. Read from the query string on the preview and
    posted with the send."""

    audience = forms.ChoiceField(
        label="Send to",
        choices=NewsletterAudience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who to send it to."},
    )
    programme = IdChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        empty_label="Choose a programme",
        help_text="For a programme's or a cohort's participants.",
    )
    cohort = IdChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        empty_label="Choose a cohort",
        help_text="For a cohort's participants: one of the chosen programme's cohorts.",
    )
    again = forms.BooleanField(
        label="Send again to people who already had it",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here, not on the class: this module is imported while the models load.
        self.fields["programme"].queryset = Programme.objects.order_by("name")
        self.fields["cohort"].queryset = Cohort.objects.select_related("cycle__programme").order_by(
            "cycle__programme__name", "-cycle__starts_on", "name"
        )

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        programme, cohort = cleaned.get("programme"), cleaned.get("cohort")
        if audience in (NewsletterAudience.PROGRAMME, NewsletterAudience.COHORT) and not programme:
            self.add_error("programme", "Choose the programme.")
        if audience == NewsletterAudience.COHORT:
            if not cohort:
                self.add_error("cohort", "Choose the cohort.")
            elif programme and cohort.cycle.programme_id != programme.pk:
                self.add_error("cohort", f"{cohort.name} is not a cohort of {programme.name}.")
        return cleaned

    def choice(self):
        """The valid audience as a content.queries.NewsletterChoice."""
        from content.queries import NewsletterChoice  # queries import the models, which import us

        data = self.cleaned_data
        audience = data["audience"]
        return NewsletterChoice(
            audience,
            programme=data["programme"] if audience == NewsletterAudience.PROGRAMME else None,
            cohort=data["cohort"] if audience == NewsletterAudience.COHORT else None,
        )
