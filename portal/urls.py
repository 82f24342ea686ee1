"""URL map. Wagtail's page catch-all always comes last."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from machina import urls as machina_urls

from content import views as content_views
from portal import views
from portal.ids import strict_routes
from search import views as search_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("me/profile/", views.edit_profile, name="edit_profile"),
    path("me/intake/", include("portal.people.intake.urls")),
    path("me/onboarding/", content_views.onboarding, name="onboarding"),
    path("mentors/", include("portal.people.catalog.urls")),
    path("programmes/", include("portal.programmes.urls")),
    path("matches/", include("portal.matching.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("engagements/", include("portal.engagements.urls")),
    path("governance/", include("portal.governance.urls")),
    path("insights/", include("portal.insights.urls")),
    path("library/", include("content.urls")),
    path("communities/", include("forums.urls")),
    path("search/", include("search.urls")),
    # Before allauth's own URLs, which it replaces: the same view with the demo logins beside it.
    path("accounts/login/", views.SignInView.as_view(), name="account_login"),
    path("accounts/signup/", views.SignUpView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
    # Before Wagtail's admin URLs: its sign-in, with `next` read safely.
    path("admin/login/", views.AdminSignInView.as_view(), name="wagtailadmin_login"),
    # Wagtail's site history is the audit trail (governance, ADR 0018): its links lead there.
    path(
        "admin/reports/site-history/",
        RedirectView.as_view(pattern_name="governance_audit_trail", query_string=True),
    ),
    path(
        "admin/reports/site-history/results/",
        RedirectView.as_view(pattern_name="governance_audit_trail_results", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # machina's forum search is answered by the portal's search (listed before machina's URLs).
    path("forum/search/", search_views.forum_search, name="forum_search"),
    path("forum/", include(strict_routes(machina_urls.urlpatterns))),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
