"""Forms of our own beside machina's: reporting a post."""

from django import forms

from forums.models import PostReport


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?", choices=PostReport.Reason.choices
    )
    detail = forms.CharField(
        label="Anything the moderators should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveReportForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("dismiss", "Keep the post"), ("remove", "Remove the post")]
    )
