from django.urls import path

from . import views

app_name = "sen2"
urlpatterns = [
    path("", views.sen2_return, name="return"),
    path("download/", views.download, name="download"),
]
