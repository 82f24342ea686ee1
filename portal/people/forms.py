"""Account forms: sign-up asks for the person's name; the one career profile form."""

from typing import Any

from django import forms

from portal.ids import IdChoiceField, IdsChoiceField
from portal.people import services
from portal.people.images import PhotoField
from portal.people.models import BusinessUnit, Language, Profile, User
from portal.people.roles import REQUESTABLE_ROLES, Role
from portal.people.services import PROFILE_FIELDS
from portal.people.timezones import time_zone_choices, zone_label


class SignupDetailsForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: extra fields saved on the new user."""

    first_name = forms.CharField(
        label="First name", max_length=User._meta.get_field("first_name").max_length
    )
    last_name = forms.CharField(
        label="Last name", max_length=User._meta.get_field("last_name").max_length
    )
    # Required unless an invitation presets the roles (SignupForm.clean decides).
    role = forms.ChoiceField(
        label="I would like to join as",
        choices=[(role.value, f"A {role.value.lower()}") for role in REQUESTABLE_ROLES],
        widget=forms.RadioSelect,
        required=False,
        help_text="Mentees are matched with a mentor; mentors share their experience. The "
        "programme team gives every other role.",
        error_messages={
            "invalid_choice": "Choose mentee or mentor: the programme team gives every other role."
        },
    )
    invitation = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    field_order = ["first_name", "last_name", "email", "password1", "password2", "role"]

    def signup(self, request, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
        role = self.cleaned_data.get("role")
        services.join(user, self.cleaned_data["admission"], Role(role) if role else None)


class TimeZoneField(forms.ChoiceField):
    """A time zone from the list above; a zone the profile already holds stays selectable."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Time zone",
            choices=time_zone_choices,
            help_text="Where you usually work; we suggest mentors and session times that suit it.",
            error_messages={
                "invalid_choice": "“%(value)s” is not a time zone we know. "
                "Choose one from the list, e.g. Europe/London.",
                "required": "Choose your time zone.",
            },
            **kwargs,
        )

    def keep(self, current: str) -> None:
        if current and not any(current == value for _, zones in self.choices for value, _ in zones):
            self.choices = [*self.choices, ("Current", [(current, zone_label(current))])]


class ProfileForm(forms.ModelForm):
    """A person's career profile with their name: the profile page and step 1 of the intake.

    The intake asks a mentee for everything programme managers place people by, so there the
    work fields are required; on the profile page only the name and time zone are (an external
    expert has no business unit). The service `save_profile` saves what it returns.
    """

    first_name = forms.CharField(label="First name", max_length=80)
    last_name = forms.CharField(label="Last name", max_length=80)
    time_zone = TimeZoneField()
    languages = IdsChoiceField(
        label="Languages you can be mentored in",
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"required": "Choose at least one language."},
    )

    photo = PhotoField(help_text="Shown beside your name. ")

    class Meta:
        model = Profile
        fields = [*PROFILE_FIELDS, "languages", "photo"]
        field_classes = {"business_unit": IdChoiceField}
        labels = {"job_title": "Job title", "business_unit": "Business unit"}
        help_texts = {
            "job_title": "As it appears in the company directory.",
            "level": "Your grade today, not the one you are aiming for.",
            "tenure_years": "Whole years; 0 if you joined this year.",
            "location": "City and country, e.g. Rotterdam, Netherlands.",
        }
        error_messages = {
            "job_title": {"required": "Enter your job title."},
            "function": {"required": "Choose the function you work in."},
            "business_unit": {"required": "Choose your business unit."},
            "level": {"required": "Choose your level."},
        }

    REQUIRED_IN_INTAKE = ("job_title", "function", "business_unit", "level", "languages")

    def __init__(self, *args: Any, user: User, intake: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["time_zone"].keep(self.instance.time_zone)
        self.fields["business_unit"].queryset = BusinessUnit.objects.only("pk", "name")
        if intake:
            for name in self.REQUIRED_IN_INTAKE:
                self.fields[name].required = True
            del self.fields["organisation"]
            del self.fields["photo"]
        self.order_fields(["first_name", "last_name", *self.Meta.fields])
