"""Account forms: sign-up asks for the person's name as well as email and password."""

from django import forms

from portal.people.models import Profile, User


class SignupDetailsForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: extra fields saved on the new user."""

    first_name = forms.CharField(
        label="First name", max_length=User._meta.get_field("first_name").max_length
    )
    last_name = forms.CharField(
        label="Last name", max_length=User._meta.get_field("last_name").max_length
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])


def _time_zone_choices() -> list[tuple[str, str]]:
    import zoneinfo

    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    """The basic career profile every person keeps up to date (name included)."""

    first_name = forms.CharField(label="First name", max_length=80)
    last_name = forms.CharField(label="Last name", max_length=80)
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=_time_zone_choices,
        help_text="Used to suggest mentors and session times that suit you.",
    )

    class Meta:
        model = Profile
        fields = ["job_title", "business_unit", "organisation", "level", "location", "time_zone"]
        help_texts = {
            "job_title": "As it appears in the company directory.",
            "location": "City and country, e.g. Rotterdam, Netherlands.",
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.order_fields(["first_name", "last_name", *self.Meta.fields])

    def save(self, commit: bool = True) -> Profile:
        self.user.first_name = self.cleaned_data["first_name"].strip()
        self.user.last_name = self.cleaned_data["last_name"].strip()
        self.user.save(update_fields=["first_name", "last_name"])
        return super().save(commit=commit)
