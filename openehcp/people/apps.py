from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openehcp.people"
    label = "people"
