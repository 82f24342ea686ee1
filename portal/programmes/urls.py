"""URLs for the programme pages, mounted at /programmes/."""

from django.urls import path

from portal.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("applications/", views.my_applications, name="mine"),
    path("applications/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("nominations/", views.nominations, name="nominations"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/questions/", views.answer_questions, name="questions"),
]
