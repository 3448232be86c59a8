from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "openehcp.assessments"
    label = "assessments"
