"""Programme managers' matching screens in the Wagtail admin: run, review, override, compare,
publish, and each programme's weights. Only programme managers and superusers may open them,
and each manager reads only the cohorts, runs and weights of the programmes they manage
(programmes.queries.managed): another programme's run or weights answer 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.ids import parse_id
from portal.matching import engine, presenters, queries, services, tasks
from portal.matching.forms import CompareForm, OverrideForm, PublishForm, RunForm, WeightsForm
from portal.matching.models import MatchRun
from portal.programmes.admin_views import ProgrammeManagerOnly
from portal.programmes.models import Cohort
from portal.programmes.queries import managed, managed_programmes


def _open_cohorts(user):
    return (
        managed(Cohort.objects.all(), user, "cycle__programme")
        .filter(cycle__ends_on__gt=timezone.localdate())
        .select_related("cycle__programme")
        .order_by("cycle__programme__name", "cycle__starts_on", "name")
    )


def _runs(user):
    return managed(MatchRun.objects.all(), user, "cohort__cycle__programme")


class MatchingIndexView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """Choose a cohort and run; the latest runs; each programme's weights."""

    template_name = "matching/admin/index.html"
    page_title = "Matching"
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _form(self, data=None):
        initial = {"cohort": self.request.GET.get("cohort")}
        cohort_pk = self.request.GET.get("cohort") or (data or {}).get("cohort")
        cohorts = _open_cohorts(self.request.user)
        cohort_id = parse_id(cohort_pk)
        cohort = cohorts.filter(pk=cohort_id).first() if cohort_id else None
        programme_mode = None
        if cohort is not None:
            saved = services.weights_for(cohort.cycle.programme)
            initial.update(saved.as_dict(), maximize_matched=saved.maximize_matched)
            programme_mode = cohort.cycle.programme.matching_mode
        return RunForm(data, cohorts=cohorts, initial=initial, programme_mode=programme_mode)

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            run = services.run_matching(
                form.cleaned_data["cohort"],
                request.user,
                weights=form.weights(),
                maximize_matched=form.cleaned_data["maximize_matched"],
                mode=form.chosen_mode(),
                background=tasks.execute_run,
            )
        except services.MatchingError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("matching_run", pk=run.pk)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or self._form(),
            runs=_runs(self.request.user).select_related("cohort__cycle__programme", "run_by")[:20],
            programmes=managed_programmes(self.request.user).order_by("name"),
        )
        return context


class RunView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """One run: progress, the proposal with explanation bars, lock/override, compare, publish."""

    template_name = "matching/admin/run.html"
    header_icon = "group"

    def load_objects(self, request, *args, **kwargs):
        self.run = get_object_or_404(
            _runs(request.user).select_related(
                "cohort__cycle__programme", "run_by", "published_by"
            ),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return f"Matching run #{self.run.pk}"

    def get_page_subtitle(self):
        return str(self.run.cohort)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("matching_index"), "label": "Matching"},
            {"url": "", "label": f"Run #{self.run.pk}"},
        ]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "publish":
                # Publishing asks dozens of people to answer and cannot be undone: it takes a
                # confirmation step (the run page with ?confirm=publish) first.
                if request.POST.get("confirmed") != "yes":
                    url = reverse("matching_run", args=[self.run.pk])
                    return redirect(f"{url}?confirm=publish")
                publish_form = PublishForm(request.POST)
                if not publish_form.is_valid():
                    return self.render_to_response(self.get_context_data(publish_form=publish_form))
                count = services.publish_run(
                    self.run, request.user, publish_form.cleaned_data["reason"]
                )
                pairs = f"{count} pair{'s' if count != 1 else ''}"
                messages.success(
                    request,
                    f"Published {pairs}: each mentee and mentor was asked to accept their match.",
                )
            elif action == "other_mode":
                run = services.run_in_other_mode(self.run, request.user, tasks.execute_run)
                messages.success(
                    request,
                    f"Run #{run.pk} computes the same settings as {run.get_mode_display().lower()}"
                    f"; compare it with run #{self.run.pk} once it is ready.",
                )
                return redirect("matching_run", pk=run.pk)
            elif action in ("lock", "unlock"):
                pair = get_object_or_404(self.run.pairs, pk=parse_id(request.POST.get("pair")))
                services.lock_pair(pair, request.user, locked=action == "lock")
                messages.success(request, f"Pair {'locked' if action == 'lock' else 'unlocked'}.")
            elif action == "override":
                form = OverrideForm(request.POST, mentors=self._mentors(), prefix="override")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(override_form=form))
                mentee = get_object_or_404(
                    queries.cohort_mentees(self.run.cohort), pk=form.cleaned_data["mentee"]
                )
                mentor = get_object_or_404(
                    queries.candidate_mentors(), pk=form.cleaned_data["mentor"]
                )
                try:
                    services.override_pair(
                        self.run, mentee, mentor, request.user, form.cleaned_data["reason"]
                    )
                except services.MatchingError as error:
                    form.add_error(None, str(error))
                    return self.render_to_response(self.get_context_data(override_form=form))
                messages.success(request, f"{mentee} is now paired with {mentor.user}.")
            else:
                messages.error(request, "Unknown action.")
        except services.MatchingError as error:
            messages.error(request, str(error))
        return redirect("matching_run", pk=self.run.pk)

    def _mentors(self):
        mentors = queries.candidate_mentors().select_related("user__profile__business_unit")
        return [m for m in mentors if m.matchable]

    def get_context_data(self, override_form=None, publish_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        pairs = list(queries.pairs_of(self.run))
        runs = list(queries.runs_of(self.run.cohort))
        other = next((r for r in runs if r.pk != self.run.pk), None)
        weights = self.run.settings.get("weights", {})
        context.update(
            confirm_publish=self.run.is_reviewable
            and (publish_form is not None or self.request.GET.get("confirm") == "publish"),
            publish_form=publish_form or PublishForm(),
            run=self.run,
            rows=[(pair, presenters.bars(pair.explanation)) for pair in pairs],
            first_choice=sum(pair.mentee_rank == 1 for pair in pairs),
            unmatched=list(self.run.unmatched.select_related("mentee")),
            override_form=override_form or OverrideForm(mentors=self._mentors(), prefix="override"),
            mentees=sorted(
                {p.mentee for p in pairs} | {u.mentee for u in self.run.unmatched.all()}, key=str
            ),
            compare_form=CompareForm(
                runs=runs, initial={"a": self.run.pk, "b": getattr(other, "pk", None)}
            ),
            can_compare=len(runs) > 1,
            weights=[(engine.FACTOR_LABELS[name], weights.get(name, 0)) for name in engine.FACTORS],
            events=self.run.events.select_related("actor", "subject").order_by(
                "-created_at", "-pk"
            )[:30],
            refresh=not self.run.is_finished,
        )
        return context


class CompareView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "matching/admin/compare.html"
    page_title = "Compare runs"
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("matching_index"), "label": "Matching"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = _runs(self.request.user).select_related("cohort")
        a = get_object_or_404(runs, pk=parse_id(self.request.GET.get("a")))
        b = get_object_or_404(runs, pk=parse_id(self.request.GET.get("b")))
        try:
            context["comparison"] = services.compare_runs(a, b)
        except services.MatchingError as error:
            context["error"] = str(error)
        context.update(a=a, b=b)
        return context


class WeightsView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "matching/admin/weights.html"
    header_icon = "cogs"

    def load_objects(self, request, *args, **kwargs):
        self.programme = get_object_or_404(managed_programmes(request.user), pk=kwargs["pk"])
        self.weights = services.weights_for(self.programme)

    def get_page_title(self):
        return f"Matching weights: {self.programme.name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("matching_index"), "label": "Matching"},
            {"url": "", "label": self.programme.name},
        ]

    def post(self, request, *args, **kwargs):
        form = WeightsForm(request.POST, instance=self.weights)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.save_weights(
                self.programme,
                form.weights(),
                form.cleaned_data["maximize_matched"],
                request.user,
            )
        except services.MatchingError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, f"Weights saved for {self.programme.name}.")
        return redirect("matching_index")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or WeightsForm(instance=self.weights)
        return context
