"""The People screens in the Wagtail admin: find people, change their roles with a reason,
decide role requests, invite people by email, mark a mentor's onboarding done with a reason.

Programme managers and superusers only (roles.may_manage_people, through the waiting lists'
ProgrammeManagerOnly: a plain 403 for anyone else). People are one pool across programmes, so
these screens are not narrowed to a manager's programmes; what a manager may *change* is
(roles.grantable_roles: participant roles only for a programme manager). The funnel reads
programmes' applications and engagements (as the mentor catalog reads their load,
docs/decisions/0003-people-and-programmes.md), narrowed to the programmes the viewer manages.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.exports import EXPORTED
from portal.people import queries, services
from portal.people.admin_forms import (
    InviteForm,
    OnboardingDoneForm,
    ReportsToForm,
    RoleChangeForm,
    RoleDecisionForm,
)
from portal.people.models import Intake, MentorProfile, PersonLogEntry, RoleRequest, User
from portal.people.roles import Role, grantable_roles
from portal.people.tasks import send_invitation
from portal.programmes.admin_views import ProgrammeManagerOnly
from portal.programmes.models import Application, Engagement
from portal.programmes.queries import managed, managed_programmes
from portal.tasks import enqueue_after_commit

PEOPLE_PER_PAGE = 50
ROLE_FILTERS = [("", "Any role"), *[(role.value, role.value) for role in Role], ("none", "No role")]


class PeopleScreen(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("people_index"), "label": "People"}]
        title = self.get_page_title()
        if title != "People":
            items.append({"url": "", "label": title})
        return items


class PeopleIndexView(PeopleScreen):
    """Everyone, searchable by name or email and filtered by role, with where they stand."""

    template_name = "people/admin/people_index.html"
    page_title = "People"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").replace("\x00", "")[:100]
        role = self.request.GET.get("role", "")
        if role not in dict(ROLE_FILTERS):
            role = ""
        # The funnel counts the viewer's own programmes only, like every staff read.
        theirs = managed_programmes(self.request.user).values("pk")
        people = queries.people_for_staff(search, role).annotate(
            open_applications=Count(
                "applications",
                filter=Q(
                    applications__status__in=Application.ACTIVE,
                    applications__programme__in=theirs,
                ),
            ),
            matched=Exists(
                Engagement.objects.filter(
                    mentee=OuterRef("pk"), status=Engagement.Status.ACTIVE, programme__in=theirs
                )
            ),
        )
        page = Paginator(people, PEOPLE_PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            search=search,
            role=role,
            role_filters=ROLE_FILTERS,
            pending_requests=queries.pending_role_requests().count(),
        )
        return context


class PersonView(PeopleScreen):
    """One person: roles, profile, funnel, the role form and the record of changes."""

    template_name = "people/admin/person.html"

    def load_objects(self, request, *args, **kwargs):
        self.person = get_object_or_404(
            User.objects.select_related(
                "profile__business_unit", "profile__reports_to"
            ).prefetch_related("groups"),
            pk=kwargs["pk"],
        )
        self.grantable = grantable_roles(request.user)

    def get_page_title(self):
        return str(self.person)

    def form(self, data=None):
        held = [role.value for role in self.person.roles if role in self.grantable]
        return RoleChangeForm(data, grantable=self.grantable, initial={"roles": held})

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        chosen = {Role(value) for value in form.cleaned_data["roles"]}
        held = set(self.person.roles) & self.grantable
        try:
            services.change_roles(
                self.person, request.user, chosen - held, held - chosen, form.cleaned_data["reason"]
            )
        except services.MembershipError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, f"{self.person}'s roles are saved.")
        return redirect("people_person", pk=self.person.pk)

    def get_context_data(self, form=None, onboarding_form=None, reports_to_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        mentor = MentorProfile.objects.filter(user=person).first()
        profile = getattr(person, "profile", None)
        line_manager = profile.reports_to if profile else None
        context.update(
            person=person,
            mentor=mentor,
            line_manager=line_manager,
            reports_to_form=reports_to_form
            or ReportsToForm(initial={"manager_email": getattr(line_manager, "email", "")}),
            onboarding_form=onboarding_form or OnboardingDoneForm(),
            form=form or self.form(),
            may_change=person.pk != self.request.user.pk and bool(self.grantable),
            other_roles=[role for role in person.roles if role not in self.grantable],
            intake=Intake.objects.filter(user=person).first(),
            applications=managed(
                Application.objects.filter(applicant=person), self.request.user, "programme"
            )
            .select_related("programme", "cycle", "cohort")
            .order_by("-applied_at"),
            engagements=managed(
                Engagement.objects.filter(mentee=person), self.request.user, "programme"
            ).select_related("mentor__user", "programme"),
            requests=RoleRequest.objects.filter(person=person)
            .select_related("decided_by")
            .order_by("-created_at"),
            # Changes to the person; their exports are in the audit trail, not here.
            log_entries=PersonLogEntry.objects.filter(object_id=str(person.pk))
            .exclude(action=EXPORTED)
            .select_related("user")[:100],
        )
        return context


class OnboardingDoneView(PersonView):
    """POST: a manager marks a mentor's onboarding done, with the reason (recorded)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = OnboardingDoneForm(request.POST)
        mentor = get_object_or_404(MentorProfile, user=self.person)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(onboarding_form=form))
        try:
            services.complete_onboarding(mentor.pk, request.user, form.cleaned_data["reason"])
        except services.MembershipError as error:
            messages.error(request, str(error))
            return redirect("people_person", pk=self.person.pk)
        messages.success(request, f"{self.person}'s onboarding is done: they can be matched.")
        return redirect("people_person", pk=self.person.pk)


class ReportsToView(PersonView):
    """POST: a manager sets whom the person reports to, with the reason (recorded)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ReportsToForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reports_to_form=form))
        manager = form.cleaned_data["manager_email"]
        try:
            services.set_reports_to(self.person, manager, request.user, form.cleaned_data["reason"])
        except services.MembershipError as error:
            form.add_error("manager_email", str(error))
            return self.render_to_response(self.get_context_data(reports_to_form=form))
        if manager is None:
            messages.success(request, f"{self.person} reports to nobody here now.")
        else:
            messages.success(request, f"{self.person} reports to {manager} now.")
        return redirect("people_person", pk=self.person.pk)


class RoleRequestsView(PeopleScreen):
    """The queue of role requests: approve, or decline with a reason the person reads."""

    template_name = "people/admin/role_requests.html"
    page_title = "Role requests"
    header_icon = "user"

    def post(self, request, *args, **kwargs):
        form = RoleDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(failed_form=form))
        pk = form.cleaned_data["request"]
        get_object_or_404(RoleRequest, pk=pk)
        try:
            if form.cleaned_data["decision"] == RoleDecisionForm.APPROVE:
                decided = services.approve_role_request(pk, request.user)
                done = f"{decided.person} is now a {decided.role.lower()}."
            else:
                decided = services.decline_role_request(
                    pk, request.user, form.cleaned_data["reason"]
                )
                done = f"{decided.person}'s request is declined; they see your reason."
        except services.MembershipError as error:
            messages.error(request, str(error))
            return redirect("people_role_requests")
        messages.success(request, done)
        return redirect("people_role_requests")

    def get_context_data(self, failed_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        failed_pk = failed_form.data.get("request") if failed_form else None
        pending = [
            (
                request,
                failed_form
                if failed_form is not None and str(request.pk) == str(failed_pk)
                else RoleDecisionForm(
                    initial={"request": request.pk}, auto_id=f"rr{request.pk}-%s"
                ),
            )
            for request in queries.pending_role_requests()[:200]
        ]
        context.update(
            pending=pending,
            failed_form=failed_form,
            decided=RoleRequest.objects.exclude(status=RoleRequest.Status.PENDING)
            .select_related("person", "decided_by")
            .order_by("-decided_at")[:20],
        )
        return context


class InviteView(PeopleScreen):
    """Invite one address or a pasted list with roles preset; the open invitations below."""

    template_name = "people/admin/invite.html"
    page_title = "Invite people"
    header_icon = "mail"

    def form(self, data=None):
        return InviteForm(data, grantable=grantable_roles(self.request.user))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            invited = services.invite_people(
                form.cleaned_data["emails"],
                [Role(value) for value in form.cleaned_data["roles"]],
                request.user,
                send=lambda pk: enqueue_after_commit(send_invitation, pk),
            )
        except services.MembershipError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        count = len(invited)
        messages.success(request, f"{count} invitation{'s' if count != 1 else ''} sent.")
        return redirect("people_invite")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or self.form(), invitations=queries.open_invitations()[:200])
        return context
