from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "openehcp.disagreements"
    label = "disagreements"
    verbose_name = "Mediation and Tribunal appeals"
