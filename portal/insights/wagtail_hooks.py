"""The HR import's staff screens in the Wagtail admin, its menu entry and its audit action."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.insights import admin_views
from portal.insights.hr_import import HR_IMPORT_COMMITTED
from portal.people.roles import may_manage_people


@hooks.register("register_admin_urls")
def register_hr_import_urls():
    return [
        path("hr-import/", admin_views.HRImportIndexView.as_view(), name="hr_import_index"),
        path(
            "hr-import/template.csv",
            admin_views.HRTemplateView.as_view(),
            name="hr_import_template",
        ),
        path("hr-import/records/", admin_views.HRRecordsView.as_view(), name="hr_records"),
        path(
            "hr-import/<id:pk>/", admin_views.HRImportDetailView.as_view(), name="hr_import_detail"
        ),
    ]


class HRImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_hr_import_menu_item():
    return HRImportMenuItem("HR import", reverse("hr_import_index"), icon_name="upload", order=192)


@hooks.register("register_log_actions")
def register_hr_import_log(actions):
    """Committed imports are logged on the import (Wagtail's ModelLogEntry) with counts only."""
    actions.register_action(HR_IMPORT_COMMITTED, "Commit HR import", "HR import committed")
