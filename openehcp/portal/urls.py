"""The family portal, under ``/your-case/``."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("<int:pk>/views/", views.give_views, name="views"),
    path("<int:pk>/views/sent/", views.views_sent, name="views_sent"),
    path("<int:pk>/draft-plan/", views.comments, {"kind": "draft"}, name="draft_plan"),
    path("<int:pk>/draft-plan/sent/", views.comments_sent, {"kind": "draft"}, name="draft_sent"),
    path("<int:pk>/amendments/", views.comments, {"kind": "amendment"}, name="amendments"),
    path(
        "<int:pk>/amendments/sent/",
        views.comments_sent,
        {"kind": "amendment"},
        name="amendments_sent",
    ),
]
