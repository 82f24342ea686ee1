"""Participants' governance pages under /governance/ (staff screens are in wagtail_hooks.py)."""

from django.urls import path

from portal.governance import views

app_name = "governance"
urlpatterns = [
    path("risks/", views.risk_register, name="risks"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("conflicts/<id:pk>/withdraw/", views.withdraw_conflict, name="withdraw_conflict"),
    path("", views.index, name="index"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("policies/<slug:slug>/", views.policy_detail, name="policy"),
    path("charters/<slug:slug>/", views.charter_detail, name="charter"),
    path("vetting/", views.my_vetting, name="my_vetting"),
    path("vetting/items/<id:pk>/evidence/", views.upload_evidence, name="upload_evidence"),
    path("vetting/sponsor/", views.sponsor_list, name="sponsor_list"),
    path("vetting/sponsor/<id:pk>/", views.sponsor_review, name="sponsor_review"),
    path("evidence/<id:pk>/", views.evidence_download, name="evidence_download"),
]
