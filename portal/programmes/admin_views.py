"""The programme managers' waiting lists in the Wagtail admin: see the order, decide, explain;
open the next cycle and roll a cycle's waiting list over to it, from a preview.

Only programme managers and superusers may open these pages (roles.may_manage_programmes);
everyone else gets 403, and people without admin access are sent to the admin login by Wagtail.
Each manager sees the cycles of the programmes they manage (queries.managed): another
programme's cycle or application answers 404.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.ids import parse_id
from portal.people.roles import may_manage_programmes
from portal.programmes import queries, questions, services, waiting_list
from portal.programmes.forms import DecisionForm, NextCycleForm, RollOverForm
from portal.programmes.models import Application, ApplicationEvent, Cohort, Cycle

APPLICANT_FIELDS = ("applicant__profile__business_unit",)
HISTORY_LENGTH = 50


def _row_ids(application_pk) -> str:
    """Field ids unique per row, so each label points at its own row's input."""
    return f"application-{parse_id(application_pk) or ''}-%s"


class ProgrammeManagerOnly:
    """Programme managers and superusers only; then `load_objects` reads what the URL names.

    Objects are read after the role check, through the manager's scope: someone without the
    role gets 403 whatever the id, a manager asking for another programme's object gets 404."""

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_programmes(request.user):
            # A plain 403: Wagtail would turn a raised PermissionDenied into a redirect home.
            return permission_denied(request, PermissionDenied())
        self.load_objects(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, request, *args, **kwargs) -> None:
        """Fetch the URL's objects through queries.managed (none by default)."""


class WaitingListIndexView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """Every cycle that has not ended, with how many wait in it."""

    template_name = "programmes/admin/waiting_list_index.html"
    page_title = "Waiting lists"
    header_icon = "list-ol"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = Application.Status
        context["cycles"] = (
            queries.managed(queries.cycles_with_seats(), self.request.user, "programme")
            .filter(ends_on__gt=timezone.localdate())
            .select_related("programme")
            .annotate(
                waiting_count=Count("applications", filter=Q(applications__status=status.WAITING)),
                deferred_count=Count(
                    "applications", filter=Q(applications__status=status.DEFERRED)
                ),
            )
            .order_by("programme__name", "starts_on")
        )
        return context


class WaitingListView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """One cycle's waiting list in priority order, with Admit / Defer / Remove and the history."""

    template_name = "programmes/admin/waiting_list.html"
    header_icon = "list-ol"

    def load_objects(self, request, *args, **kwargs):
        self.cycle = get_object_or_404(
            queries.managed(queries.cycles_with_seats(), request.user, "programme").select_related(
                "programme"
            ),
            pk=kwargs["pk"],
        )
        self.cohorts = list(
            Cohort.objects.filter(
                cycle__programme_id=self.cycle.programme_id, cycle__ends_on__gt=timezone.localdate()
            ).select_related("cycle")
        )

    def get_page_title(self):
        return f"Waiting list: {self.cycle.programme.name}"

    def get_page_subtitle(self):
        return self.cycle.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("programmes_waiting_lists"), "label": "Waiting lists"},
            {"url": "", "label": f"{self.cycle.programme.name} · {self.cycle.name}"},
        ]

    def post(self, request, *args, **kwargs):
        form = DecisionForm(
            request.POST, cohorts=self.cohorts, auto_id=_row_ids(request.POST.get("application"))
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(failed_form=form))
        application = get_object_or_404(
            Application.objects.filter(
                cycle=self.cycle,
                status__in=(Application.Status.WAITING, Application.Status.DEFERRED),
            ).select_related("applicant"),
            pk=form.cleaned_data["application"],
        )
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == DecisionForm.ADMIT:
                services.admit_application(application, request.user, form.chosen_cohort(), reason)
                done = f"{application.applicant} admitted."
            elif decision == DecisionForm.DEFER:
                services.defer_application(application, request.user, reason)
                done = f"{application.applicant} deferred."
            else:
                services.remove_application(application, request.user, reason)
                done = f"{application.applicant} removed from the list."
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(failed_form=form))
        messages.success(request, done)
        return redirect("programmes_waiting_list", pk=self.cycle.pk)

    def get_context_data(self, failed_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        failed_pk = failed_form.data.get("application") if failed_form else None

        def form_for(application):
            if failed_form is not None and str(application.pk) == str(failed_pk):
                return failed_form
            return DecisionForm(
                initial={"application": application.pk},
                cohorts=self.cohorts,
                auto_id=_row_ids(application.pk),
            )

        waiting = list(queries.ranked_waiting([self.cycle.pk]).select_related(*APPLICANT_FIELDS))
        deferred = list(
            Application.objects.filter(cycle=self.cycle, status=Application.Status.DEFERRED)
            .select_related(*APPLICANT_FIELDS)
            .order_by(*queries.priority_order())
        )
        answers = questions.answer_summaries(
            self.cycle.programme_id, [a.applicant_id for a in (*waiting, *deferred)]
        )
        for application in (*waiting, *deferred):
            application.answers = answers.get(application.applicant_id, [])
        context.update(
            cycle=self.cycle,
            seats_left=max(self.cycle.seats - self.cycle.admitted_count, 0),
            waiting=[(a, form_for(a)) for a in waiting],
            deferred=[(a, form_for(a)) for a in deferred],
            has_cohorts=bool(self.cohorts),
            failed_form=failed_form,
            priority_rule=waiting_list.PRIORITY_RULE,
            events=ApplicationEvent.objects.filter(application__cycle=self.cycle)
            .select_related("actor", "application__applicant")
            .order_by("-created_at", "-pk")[:HISTORY_LENGTH],
        )
        return context


class RollOverView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """A cycle's roll-over: who carries over to the next cycle (in the order they will stand),
    then a confirmation. Without a next cycle, a form to open it first (prefilled: the day
    after this one ends, as long, as many seats, the same cohorts)."""

    template_name = "programmes/admin/roll_over.html"
    header_icon = "redirect"

    def load_objects(self, request, *args, **kwargs):
        self.cycle = get_object_or_404(
            queries.managed(Cycle.objects.all(), request.user, "programme").select_related(
                "programme"
            ),
            pk=kwargs["pk"],
        )
        self.following = services.following_cycle(self.cycle)

    def get_page_title(self):
        return f"Roll over: {self.cycle.programme.name}"

    def get_page_subtitle(self):
        return self.cycle.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("programmes_waiting_lists"), "label": "Waiting lists"},
            {
                "url": reverse("programmes_waiting_list", args=[self.cycle.pk]),
                "label": f"{self.cycle.programme.name} · {self.cycle.name}",
            },
            {"url": "", "label": "Roll over"},
        ]

    def next_cycle_form(self, data=None) -> NextCycleForm:
        length = self.cycle.ends_on - self.cycle.starts_on
        starts = self.cycle.ends_on + timedelta(days=1)
        season = "Spring" if starts.month <= 6 else "Autumn"
        return NextCycleForm(
            data,
            initial={
                "name": f"{season} {starts.year}",
                "starts_on": starts,
                "ends_on": starts + length,
                "seats": self.cycle.seats,
            },
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "open":
            return self.open_next_cycle(request)
        form = RollOverForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The preview was not understood; check it again.")
            return redirect("programmes_roll_over", pk=self.cycle.pk)
        try:
            moved = services.carry_over_waiting_list(
                self.cycle, request.user, expected=form.cleaned_data["expected"]
            )
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("programmes_roll_over", pk=self.cycle.pk)
        following = services.following_cycle(self.cycle)
        messages.success(
            request,
            f"{moved} {'person' if moved == 1 else 'people'} carried over to {following.name}, "
            "ahead of new applicants.",
        )
        return redirect("programmes_waiting_list", pk=following.pk)

    def open_next_cycle(self, request):
        form = self.next_cycle_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(next_form=form))
        try:
            opened = services.open_next_cycle(self.cycle, request.user, **form.cleaned_data)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(next_form=form))
        messages.success(request, f"{opened.name} is scheduled. Check who carries over to it.")
        return redirect("programmes_roll_over", pk=self.cycle.pk)

    def get_context_data(self, next_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        done = services.roll_over_record(self.cycle)
        carrying = list(
            Application.objects.filter(cycle=self.cycle, status__in=services.ROLLED_OVER)
            .select_related(*APPLICANT_FIELDS)
            .order_by(*queries.priority_order())
        )
        context.update(
            cycle=self.cycle,
            following=self.following,
            done=done,
            carrying=carrying,
            expected=",".join(str(a.pk) for a in sorted(carrying, key=lambda a: a.pk)),
            next_form=next_form or self.next_cycle_form(),
            priority_rule=waiting_list.PRIORITY_RULE,
        )
        return context
