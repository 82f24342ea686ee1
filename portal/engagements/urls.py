"""URLs of the pair's workspace, mounted at /engagements/."""

from django.urls import path

from portal.engagements import views

app_name = "engagements"
urlpatterns = [
    path("", views.my_engagements, name="mine"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agreement/", views.confirm_agreement, name="confirm_agreement"),
    path("<int:pk>/notes/", views.write_note, name="write_note"),
    path("<int:pk>/notes/<int:note_pk>/open/", views.open_note, name="open_note"),
    path("<int:pk>/goals/new/", views.goal_form, name="add_goal"),
    path("<int:pk>/goals/<int:goal_pk>/", views.goal_form, name="goal"),
    path("<int:pk>/goals/<int:goal_pk>/milestones/", views.add_milestone, name="add_milestone"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/done/",
        views.complete_milestone,
        name="complete_milestone",
    ),
    path("<int:pk>/sessions/new/", views.session_form, name="schedule"),
    path("<int:pk>/sessions/<int:session_pk>/", views.session_form, name="change_session"),
    path("<int:pk>/sessions/<int:session_pk>/cancel/", views.cancel_session, name="cancel_session"),
    path("<int:pk>/sessions/<int:session_pk>/log/", views.log_session, name="log_session"),
    path("<int:pk>/sessions/<int:session_pk>/invite.ics", views.session_invite, name="invite"),
]
