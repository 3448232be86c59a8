from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "openehcp.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales (the clock's web page and command)"
