"""URLs of the pair's workspace, mounted at /engagements/."""

from django.urls import path

from portal.engagements import views

app_name = "engagements"
urlpatterns = [
    path("", views.my_engagements, name="mine"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/agreement/", views.confirm_agreement, name="confirm_agreement"),
    path("<id:pk>/checkin/", views.checkin, name="checkin"),
    path("<id:pk>/end/", views.end_early, name="end_early"),
    path("<id:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("<id:pk>/evaluation/open/", views.open_evaluation, name="open_evaluation"),
    path(
        "cohorts/<id:cohort_pk>/evaluation/",
        views.open_cohort_evaluation,
        name="open_cohort_evaluation",
    ),
    path("<id:pk>/assessment/<str:phase>/", views.assessment, name="assessment"),
    path("ratings/", views.manager_ratings, name="manager_ratings"),
    path("ratings/<id:link_pk>/", views.rate_signed_in, name="rate_signed_in"),
    path("rate/", views.rate_opened, name="rate_opened"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("stories/", views.stories, name="stories"),
    path("<id:pk>/notes/", views.write_note, name="write_note"),
    path("<id:pk>/notes/<id:note_pk>/open/", views.open_note, name="open_note"),
    path("<id:pk>/goals/new/", views.goal_form, name="add_goal"),
    path("<id:pk>/goals/<id:goal_pk>/", views.goal_form, name="goal"),
    path("<id:pk>/goals/<id:goal_pk>/milestones/", views.add_milestone, name="add_milestone"),
    path(
        "<id:pk>/milestones/<id:milestone_pk>/done/",
        views.complete_milestone,
        name="complete_milestone",
    ),
    path("<id:pk>/sessions/new/", views.session_form, name="schedule"),
    path("<id:pk>/sessions/<id:session_pk>/", views.session_form, name="change_session"),
    path("<id:pk>/sessions/<id:session_pk>/cancel/", views.cancel_session, name="cancel_session"),
    path("<id:pk>/sessions/<id:session_pk>/log/", views.log_session, name="log_session"),
    path("<id:pk>/sessions/<id:session_pk>/invite.ics", views.session_invite, name="invite"),
]
