from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("children/<int:pk>/history", views.child_history, name="child_history"),
    path("requests/<int:pk>/history", views.request_history, name="request_history"),
]
