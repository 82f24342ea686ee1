"""The portal's URL map plus the benchmark baseline, mounted before Wagtail's catch-all."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLResolver, path

from wagtail import urls as wagtail_urls

from portal import urls as portal_urls


def baseline(request: HttpRequest) -> HttpResponse:
    """The floor every page pays: middleware, context processors and base.html, no page work."""
    return render(request, "base.html", {})


def _without_wagtail_catch_all(patterns: list) -> list:
    """portal.urls minus its last pattern, after checking that it really is Wagtail's catch-all."""
    last = patterns[-1]
    if not (isinstance(last, URLResolver) and last.urlconf_name is wagtail_urls):
        raise RuntimeError("portal.urls no longer ends with Wagtail's catch-all; update bench/urls")
    return patterns[:-1]


urlpatterns = [
    *_without_wagtail_catch_all(portal_urls.urlpatterns),
    path("_bench/baseline/", baseline, name="bench_baseline"),
    portal_urls.urlpatterns[-1],
]
