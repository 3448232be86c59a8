from django.apps import AppConfig


class WorkqueuesConfig(AppConfig):
    name = "openehcp.workqueues"
    label = "workqueues"
