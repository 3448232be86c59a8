from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("requests/", views.requests_dashboard, name="requests"),
    path("plans/", views.plans_dashboard, name="plans"),
    path("open-work/", views.open_work, name="open_work"),
    path("cases/", views.cases, name="cases"),
    path("forecast/", views.forecast, name="forecast"),
    path("board-report/", views.board_report, name="board_report"),
    path("board-report/pdf/", views.board_report_pdf, name="board_report_pdf"),
    path("key-figures/", views.public_key_figures, name="key_figures"),
]
