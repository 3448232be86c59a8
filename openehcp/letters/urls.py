from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("templates/", views.template_list, name="template_list"),
    path("templates/<str:kind>/", views.template_edit, name="template_edit"),
]
