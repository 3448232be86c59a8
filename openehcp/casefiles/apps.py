from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "openehcp.casefiles"
    label = "casefiles"
