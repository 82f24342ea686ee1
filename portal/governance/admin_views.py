"""Programme managers' governance screens in the Wagtail admin: the conflict-of-interest review
queue (accept, note only, reject with a reason). Programme managers and superusers only; each
reads the declarations of their scope (queries.reviewable_conflicts), another's id is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.governance import queries, services
from portal.governance.forms import ReviewConflictForm
from portal.governance.models import ConflictDeclaration
from portal.programmes.admin_views import ProgrammeManagerOnly

QUEUE_ROWS = 200
DECIDED_ROWS = 30


class ConflictQueueView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """Pending declarations, oldest first, each with its decision form; recent decisions below."""

    template_name = "governance/admin/conflicts.html"
    page_title = "Conflicts of interest"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        form = ReviewConflictForm(request.POST, auto_id=self._auto_id(request.POST))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(failed_form=form))
        try:
            declaration = services.review_conflict(
                form.cleaned_data["declaration"],
                request.user,
                form.cleaned_data["decision"],
                form.cleaned_data["reason"],
            )
        except ConflictDeclaration.DoesNotExist:
            raise Http404 from None
        except services.GovernanceError as error:
            messages.error(request, str(error))
            return redirect("governance_conflicts")
        messages.success(
            request,
            f"{declaration.declarer}'s conflict with {declaration.concerns}: "
            f"{declaration.get_status_display().lower()}. They are told.",
        )
        return redirect("governance_conflicts")

    @staticmethod
    def _auto_id(data) -> str:
        return f"conflict{str(data.get('declaration', ''))[:20]}-%s"

    def get_context_data(self, failed_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        failed_pk = failed_form.data.get("declaration") if failed_form else None
        pending = [
            (
                declaration,
                failed_form
                if failed_form is not None and str(declaration.pk) == str(failed_pk)
                else ReviewConflictForm(
                    initial={"declaration": declaration.pk}, auto_id=f"conflict{declaration.pk}-%s"
                ),
            )
            for declaration in queries.pending_conflicts(self.request.user)[:QUEUE_ROWS]
        ]
        context.update(
            pending=pending,
            failed_form=failed_form,
            decided=list(queries.decided_conflicts(self.request.user)[:DECIDED_ROWS]),
        )
        return context
