"""Programme managers' admin: programmes, cycles and cohorts, and the waiting lists."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.people.roles import may_manage_programmes
from portal.programmes import admin_views, services
from portal.programmes.models import (
    Application,
    Cohort,
    Cycle,
    IntakeQuestion,
    Programme,
    ProgrammeLogEntry,
)
from portal.programmes.viewsets import ProgrammeAdminGroup


@hooks.register("register_log_actions")
def log_by_programme(actions):
    """Admin changes to programmes, cycles and cohorts, and the waiting lists' decisions on
    applications, are logged with their programme, so the audit trail shows each manager only
    theirs (models.ProgrammeLogEntry)."""
    for model in (Programme, Cycle, Cohort, Application, IntakeQuestion):
        actions.register_model(model, ProgrammeLogEntry)
    actions.register_action(services.CYCLE_ROLLED_OVER, "Roll over", "Waiting list rolled over")
    actions.register_action(services.CYCLE_OPENED, "Open next cycle", "Next cycle opened")
    actions.register_action(services.APPLICATION_ADMITTED, "Admit applicant", "Applicant admitted")
    actions.register_action(
        services.APPLICATION_DEFERRED, "Defer applicant", "Applicant deferred to a later cycle"
    )
    actions.register_action(
        services.APPLICATION_REMOVED, "Remove applicant", "Applicant taken off the list"
    )


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeAdminGroup()


@hooks.register("register_admin_urls")
def register_waiting_list_urls():
    return [
        path(
            "programmes/waiting-lists/",
            admin_views.WaitingListIndexView.as_view(),
            name="programmes_waiting_lists",
        ),
        path(
            "programmes/waiting-lists/<id:pk>/",
            admin_views.WaitingListView.as_view(),
            name="programmes_waiting_list",
        ),
        path(
            "programmes/waiting-lists/<id:pk>/roll-over/",
            admin_views.RollOverView.as_view(),
            name="programmes_roll_over",
        ),
    ]


class ProgrammeManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_programmes(request.user)


@hooks.register("register_admin_menu_item")
def register_waiting_list_menu_item():
    return ProgrammeManagerMenuItem(
        "Waiting lists", reverse("programmes_waiting_lists"), icon_name="list-ol", order=210
    )
