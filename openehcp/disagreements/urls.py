from django.urls import path

from . import views

app_name = "disagreements"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("download.csv", views.service_list_csv, name="list_csv"),
    path("children/<int:child_pk>/", views.child_list, name="child"),
    path("children/<int:child_pk>/new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]
