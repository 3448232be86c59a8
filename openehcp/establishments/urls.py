from django.urls import path

from . import views

app_name = "establishments"
urlpatterns = [
    path("", views.register, name="register"),
    path("add/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
