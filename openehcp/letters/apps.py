from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "openehcp.letters"
    verbose_name = "Letters and notices"
