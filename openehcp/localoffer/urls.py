"""The Local Offer's pages: the public directory at /local-offer/ and the editors' pages under
/local-offer/manage/."""

from django.urls import path

from . import views, views_manage

app_name = "localoffer"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("services/<uuid:pk>/", views.service, name="service"),
    path("comments/", views.comments, name="comments"),
    path("manage/", views_manage.service_list, name="manage"),
    path("manage/services/new", views_manage.service_add, name="service_add"),
    path("manage/services/<uuid:pk>/", views_manage.service_detail, name="service_detail"),
    path("manage/services/<uuid:pk>/edit", views_manage.service_edit, name="service_edit"),
    path("manage/services/<uuid:pk>/retire", views_manage.service_retire, name="service_retire"),
    path(
        "manage/services/<uuid:pk>/reviewed",
        views_manage.service_reviewed,
        name="service_reviewed",
    ),
    path("manage/services/<uuid:pk>/restore", views_manage.service_restore, name="service_restore"),
    path("manage/organisations/", views_manage.organization_list, name="organization_list"),
    path("manage/organisations/new", views_manage.organization_add, name="organization_add"),
    path(
        "manage/organisations/<uuid:pk>/edit",
        views_manage.organization_edit,
        name="organization_edit",
    ),
    path(
        "manage/organisations/<uuid:pk>/retire",
        views_manage.organization_retire,
        name="organization_retire",
    ),
    path("manage/comments/", views_manage.comment_list, name="comment_list"),
    path("manage/comments/new", views_manage.comment_add, name="comment_add"),
    path("manage/comments/<uuid:pk>/edit", views_manage.comment_edit, name="comment_edit"),
    path("manage/places/", views_manage.location_list, name="location_list"),
    path("manage/places/new", views_manage.location_add, name="location_add"),
    path("manage/places/<uuid:pk>/edit", views_manage.location_edit, name="location_edit"),
]
