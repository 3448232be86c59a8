"""Requests arriving: staff entry, the triage queue, and the public online request form."""

from django.urls import path

from . import views_intake, views_online

urlpatterns = [
    path("new/<int:child_pk>/", views_intake.request_new, name="request_new"),
    path("triage/", views_intake.triage, name="triage"),
    path(
        "triage/default-caseworker/",
        views_intake.default_caseworker,
        name="default_caseworker",
    ),
    path(
        "triage/<str:reference>/duplicate/",
        views_intake.triage_duplicate,
        name="triage_duplicate",
    ),
    path("request/", views_online.start, name="online_start"),
    path("request/setting/", views_online.setting, name="online_setting"),
    path("request/documents/", views_online.documents, name="online_documents"),
    path(
        "request/documents/<int:pk>/remove/",
        views_online.remove_document,
        name="online_remove_document",
    ),
    path("request/check/", views_online.check, name="online_check"),
    path("request/sent/", views_online.sent, name="online_sent"),
    path("request/save/", views_online.save, name="online_save"),
    path("request/saved/", views_online.saved, name="online_saved"),
    path("request/return/<str:token>/", views_online.resume, name="online_return"),
    path("request/<slug:slug>/", views_online.question, name="online_question"),
]
