from django.apps import AppConfig


class Sen2Config(AppConfig):
    name = "openehcp.sen2"
    label = "sen2"
    verbose_name = "SEN2 return"
