from django.urls import path

from . import views

app_name = "workqueues"
urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("team/", views.team, name="team"),
    path("team/caseworkers/<int:pk>/", views.caseload, name="caseload"),
    path("search/", views.search, name="search"),
]
