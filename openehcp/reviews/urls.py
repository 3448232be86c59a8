from django.urls import path

from . import views, views_phase, views_reports, views_steps

app_name = "reviews"
urlpatterns = [
    path("", views.workqueue, name="workqueue"),
    path("settings/", views.settings_index, name="settings"),
    path("settings/<int:pk>/", views.setting_list, name="setting"),
    path("settings/<int:pk>/reviews-due.csv", views.setting_list_csv, name="setting_csv"),
    path("settings/<int:pk>/reviews-due.pdf", views.setting_list_pdf, name="setting_pdf"),
    path("my-setting/", views.my_setting, name="my_setting"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/documents/<int:document_pk>/", views.plan_document, name="document"),
    path("plans/<int:pk>/arrange-review/", views_steps.arrange_review, name="arrange"),
    path("plans/<int:pk>/amend/", views_steps.amendment_notice, name="amend"),
    path("plans/<int:pk>/cease/", views_steps.propose_ceasing, name="cease"),
    path("plans/<int:pk>/transfer-out/", views_steps.transfer_out, name="transfer_out"),
    path("children/<int:child_pk>/transfer-in/", views_steps.transfer_in, name="transfer_in"),
    path("annual-reviews/<int:pk>/evidence/", views_steps.review_evidence, name="evidence"),
    path("annual-reviews/<int:pk>/meeting/", views_steps.review_meeting, name="meeting"),
    path("annual-reviews/<int:pk>/report/", views_steps.review_report, name="report"),
    path("annual-reviews/<int:pk>/send-report/", views_reports.send_report, name="send_report"),
    path("annual-reviews/<int:pk>/decision/", views_steps.review_decision, name="decision"),
    path(
        "amendments/<int:pk>/comments/",
        views_steps.amendment_representations,
        name="representations",
    ),
    path("amendments/<int:pk>/issue/", views_steps.amendment_issue, name="issue"),
    path(
        "amendments/<int:pk>/not-amending/",
        views_steps.amendment_not_amending,
        name="not_amending",
    ),
    path(
        "ceasing/<int:pk>/consultation/",
        views_steps.cease_consultation,
        name="cease_consultation",
    ),
    path("ceasing/<int:pk>/decision/", views_steps.cease_decision, name="cease_decision"),
    path("ceasing/<int:pk>/appeal/", views_steps.cease_appeal, name="cease_appeal"),
    path("ceasing/<int:pk>/ended/", views_steps.plan_ceased, name="ceased"),
    path(
        "council-transfers/<int:pk>/notice/",
        views_steps.transfer_notice,
        name="transfer_notice",
    ),
    path("phase-transfers/", views_phase.cohort, name="cohort"),
    path("phase-transfers/find/", views_phase.find_cohort, name="find_cohort"),
    path("phase-transfers/<int:pk>/", views_phase.phase_transfer, name="phase_transfer"),
    path(
        "phase-transfers/<int:pk>/letter/",
        views_steps.preference_letter,
        name="preference_letter",
    ),
    path(
        "phase-transfers/<int:pk>/preference/",
        views_steps.preference_record,
        name="preference_record",
    ),
    path("phase-transfers/<int:pk>/consult/", views_steps.consult, name="consult"),
    path(
        "consultations/<int:pk>/reply/",
        views_steps.consultation_reply,
        name="consultation_reply",
    ),
    # The family's form, reached from the letter: no account needed.
    path("preference/<str:token>/", views_phase.preference_start, name="preference_start"),
    path(
        "preference/<str:token>/setting/",
        views_phase.preference_search,
        name="preference_search",
    ),
    path(
        "preference/<str:token>/choose/",
        views_phase.preference_choose,
        name="preference_choose",
    ),
    path("preference/<str:token>/check/", views_phase.preference_check, name="preference_check"),
    path("preference/<str:token>/sent/", views_phase.preference_done, name="preference_done"),
]
