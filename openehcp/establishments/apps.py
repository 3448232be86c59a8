from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "openehcp.establishments"
    label = "establishments"
    verbose_name = "Education settings register"
