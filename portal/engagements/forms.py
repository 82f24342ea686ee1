"""Forms of the pair's workspace. Times are typed in the viewer's own time zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from portal.engagements import schedule
from portal.engagements.models import (
    NOTE_MAX_LENGTH,
    CheckInAnswer,
    Goal,
    Milestone,
    Note,
    Session,
)
from portal.engagements.services import GOAL_FIELDS
from portal.people.models import Competency
from portal.programmes.models import Engagement


class DateInput(forms.DateInput):
    """A browser date picker: it shows and sends ISO dates whatever the locale, so the value is
    rendered in ISO too (in en_GB's 31/12/2026 an edited goal showed an empty date)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class TimeInput(forms.TimeInput):
    input_type = "time"


class SessionForm(forms.ModelForm):
    """Schedule or change a session: a date, a start and an end in the viewer's time zone.

    Refuses a time in the past, an end before the start, and a time that overlaps another of
    the pair's scheduled sessions; what was typed stays in the form."""

    day = forms.DateField(label="Date", widget=DateInput)
    start = forms.TimeField(label="Starts", widget=TimeInput)
    end = forms.TimeField(label="Ends", widget=TimeInput)

    class Meta:
        model = Session
        fields = ["format", "place", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"agenda": "What you want to cover; the goals are listed on the page."}

    def __init__(self, *args, engagement: Engagement, zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement, self.zone = engagement, zone
        self.fields["day"].help_text = f"Times are in your time zone, {zone.key}."
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.starts_at, zone)
            self.initial.update(
                day=local.date(),
                start=local.time().replace(second=0, microsecond=0),
                end=(local + timedelta(minutes=self.instance.minutes)).time(),
            )
        self.order_fields(["day", "start", "end", "format", "place", "agenda"])

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day is None or start is None or end is None:
            return data
        starts_at = datetime.combine(day, start, tzinfo=self.zone)
        ends_at = datetime.combine(day, end, tzinfo=self.zone)
        if ends_at <= starts_at:
            self.add_error("end", "The session ends before it starts: choose a later end time.")
            return data
        if starts_at < timezone.now():
            self.add_error("start", "This time has passed: choose a time in the future.")
            return data
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        if minutes < 15 or minutes > 480:
            self.add_error("end", "A session lasts between 15 minutes and 8 hours.")
            return data
        others = (
            self.engagement.sessions.filter(status=Session.Status.SCHEDULED)
            .exclude(pk=self.instance.pk)
            .values_list("starts_at", "minutes")
        )
        clash = schedule.overlaps(
            schedule.Slot(starts_at, minutes), [schedule.Slot(s, m) for s, m in others]
        )
        if clash is not None:
            at, until = clash.starts_at.astimezone(self.zone), clash.ends_at.astimezone(self.zone)
            self.add_error(
                "start",
                f"You already have a session from {at:%H:%M} to {until:%H:%M} on {at:%d %B}: "
                "choose another time.",
            )
            return data
        data["starts_at"], data["minutes"] = starts_at, minutes
        return data

    def session_values(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "minutes": data["minutes"],
            "format": data["format"],
            "place": data["place"],
            "agenda": data["agenda"],
        }


class SessionLogForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened",
        choices=[
            (s.value, s.label)
            for s in (Session.Status.HELD, Session.Status.NO_SHOW, Session.Status.MOVED)
        ],
        widget=forms.RadioSelect,
    )
    actual_minutes = forms.IntegerField(
        label="Minutes you met", min_value=1, max_value=600, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Session.Status.HELD and not data.get("actual_minutes"):
            self.add_error("actual_minutes", "Say how many minutes you met.")
        return data


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = list(GOAL_FIELDS)  # the fields a goal's history records, one list
        widgets = {"target_date": DateInput, "measure": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"target_date": {"required": "Give a target date: a goal is time-bound."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.select_related("cluster").order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        numbers = [data.get(f"impact_{name}") for name in ("baseline", "target")]
        if data.get("impact_metric") and None in numbers:
            self.add_error(
                "impact_target" if numbers[0] is not None else "impact_baseline",
                "A business measure needs its number at the start and the number aimed for.",
            )
        elif not data.get("impact_metric") and any(
            data.get(f"impact_{name}") is not None for name in ("baseline", "target", "result")
        ):
            self.add_error("impact_metric", "Name the business measure these numbers are of.")
        elif None not in numbers and numbers[0] == numbers[1]:
            self.add_error("impact_target", "The number aimed for differs from the start.")
        return data

    def goal_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput}
        labels = {"title": "Milestone", "due_on": "Due on"}


class NoteForm(forms.ModelForm):
    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": f"A note holds at most {NOTE_MAX_LENGTH:,} characters "
            "(this one has %(show_value)s): shorten it or split it in two."
        },
    )

    class Meta:
        model = Note
        fields = ["tier", "text"]
        labels = {"tier": "Who can read it"}
        widgets = {"tier": forms.RadioSelect}


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to read this note?",
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both members of the pair will see your name, the time and this reason.",
    )


SCALE = [(n, str(n)) for n in range(1, 6)]


class AssessmentForm(forms.Form):
    """One rater's ratings of the mentee on each goal competency (1–5, named `level_<id>`) and,
    for the line manager at completion, the behaviour change they observed."""

    def __init__(self, *args, competencies, subject: str, with_observation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.with_observation = with_observation
        for competency in self.competencies:
            self.fields[f"level_{competency.pk}"] = forms.TypedChoiceField(
                label=f"{competency.name}: {subject} level now",
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                help_text="1 Foundation · 2 Developing · 3 Proficient · 4 Advanced · 5 Expert",
                error_messages={"required": f"Rate {competency.name}, from 1 to 5."},
            )
        if with_observation:
            self.fields["behaviour_change"] = forms.TypedChoiceField(
                label="How much has their behaviour at work changed since the mentoring began?",
                choices=[
                    (1, "1 · No change"),
                    (2, "2 · A little"),
                    (3, "3 · Noticeably"),
                    (4, "4 · Clearly"),
                    (5, "5 · Markedly"),
                ],
                coerce=int,
                # Worded choices: one a line (a row of five would not fit a phone).
                widget=forms.RadioSelect,
                error_messages={"required": "Say how much their behaviour changed, from 1 to 5."},
            )
            self.fields["observation"] = forms.CharField(
                label="What have you seen them do differently?",
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="A few sentences. Counted only as themes across the programme; never "
                "quoted, never shown to the pair.",
                error_messages={
                    "required": "Write a sentence or two about what you observed.",
                    "max_length": "Keep it to 2,000 characters (this has %(show_value)s).",
                },
            )

    def assessment_values(self) -> dict:
        data = self.cleaned_data
        values: dict = {"ratings": {str(c.pk): data[f"level_{c.pk}"] for c in self.competencies}}
        if self.with_observation:
            values["behaviour_change"] = data["behaviour_change"]
            values["observation"] = data["observation"]
        return values


class CheckInForm(forms.Form):
    """The short pulse: progress on each goal and the relationship (1–5), the meeting rhythm,
    what is going well and what would help. One field per goal, named `goal_<id>`."""

    relationship = forms.TypedChoiceField(
        label="How is the mentoring relationship going?",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text="1: it is not working; 5: it could hardly be better.",
        error_messages={"required": "Choose how the relationship is going, from 1 to 5."},
    )
    rhythm = forms.ChoiceField(
        label="How often do you meet?",
        choices=CheckInAnswer.Rhythm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how often you meet."},
    )
    going_well = forms.CharField(
        label="What is going well?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    would_help = forms.CharField(
        label="What would help?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        fields = {}
        for goal in self.goals:
            fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=f"Progress on “{goal.statement}”",
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                help_text="1: no progress yet; 5: achieved or nearly.",
                error_messages={"required": "Rate your progress on this goal, from 1 to 5."},
            )
        self.fields = {**fields, **self.fields}

    def answer_values(self) -> dict:
        data = self.cleaned_data
        return {
            "goal_progress": {str(goal.pk): data[f"goal_{goal.pk}"] for goal in self.goals},
            "relationship": data["relationship"],
            "rhythm": data["rhythm"],
            "going_well": data["going_well"],
            "would_help": data["would_help"],
        }


class EndEarlyForm(forms.Form):
    reason = forms.CharField(
        label="Why are you ending the mentoring?",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the programme team reads this. Your partner is told that the "
        "engagement ended, not why.",
        error_messages={
            "required": "Give a reason: only the programme team reads it.",
            "min_length": "Say a little more (at least %(limit_value)d characters).",
        },
    )


class EvaluationForm(forms.Form):
    """The outcome evaluation: each goal achieved or not; the mentee's self-rating before and
    after on each goal's competency, or the mentor's rating of her progress; a short story and
    the consent to feature it."""

    narrative = forms.CharField(
        label="In a few sentences, what changed?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write a few sentences about what changed."},
    )
    consent_to_feature = forms.BooleanField(
        label="The communications team may feature my story (they ask me before publishing)",
        required=False,
    )

    def __init__(self, *args, goals, is_mentee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals, self.is_mentee = list(goals), is_mentee
        fields: dict = {}
        for goal in self.goals:
            fields[f"achieved_{goal.pk}"] = forms.TypedChoiceField(
                label=f"Did you achieve “{goal.statement}”?",
                choices=[("yes", "Achieved"), ("no", "Not achieved")],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
                error_messages={"required": "Say whether this goal was achieved."},
            )
        self.competencies = {goal.competency_id: goal.competency for goal in self.goals}
        if is_mentee:
            for cid, competency in self.competencies.items():
                for when in ("before", "after"):
                    fields[f"{when}_{cid}"] = forms.TypedChoiceField(
                        label=f"{competency.name}: your level {when} the mentoring",
                        choices=SCALE,
                        coerce=int,
                        widget=forms.RadioSelect(attrs={"class": "scale"}),
                        error_messages={"required": f"Rate yourself {when}, from 1 to 5."},
                    )
        else:
            fields["mentor_rating"] = forms.TypedChoiceField(
                label="How far did your mentee come?",
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                help_text="1: little change; 5: transformed.",
                error_messages={"required": "Rate your mentee's progress, from 1 to 5."},
            )
        self.fields = {**fields, **self.fields}

    def evaluation_values(self) -> dict:
        data = self.cleaned_data
        values = {
            "goals_achieved": {str(g.pk): data[f"achieved_{g.pk}"] for g in self.goals},
            "narrative": data["narrative"],
            "consent_to_feature": data["consent_to_feature"],
        }
        if self.is_mentee:
            values["rating_before"] = {str(c): data[f"before_{c}"] for c in self.competencies}
            values["rating_after"] = {str(c): data[f"after_{c}"] for c in self.competencies}
        else:
            values["mentor_rating"] = data["mentor_rating"]
        return values
