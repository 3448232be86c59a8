from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openehcp.web"
    label = "web"
    verbose_name = "Web layout"
