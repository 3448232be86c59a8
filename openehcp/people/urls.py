from django.urls import path

from openehcp.portal import views_staff as portal_views

from . import views, views_placements

app_name = "people"
urlpatterns = [
    path("", views.child_list, name="list"),
    path("add/", views.child_add, name="add"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/edit/", views.child_edit, name="edit"),
    path("<int:pk>/placements/", views_placements.placement_list, name="placements"),
    path(
        "<int:pk>/placements/<int:placement_pk>/end/",
        views_placements.placement_end,
        name="placement_end",
    ),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove, name="contact_remove"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/online-access/",
        portal_views.give_online_access,
        name="contact_online_access",
    ),
]
