"""The case page of a request and its steps: ``/assessments/<reference>/...``.

Included last by ``urls.py`` so that fixed paths of the app (triage, the online form) win over a
reference.
"""

from django.urls import path

from . import views_case as v

urlpatterns = [
    path("<str:reference>/", v.case_overview, name="case"),
    path("<str:reference>/advice/", v.case_advice, name="case_advice"),
    path("<str:reference>/consultations/", v.case_consultations, name="case_consultations"),
    path("<str:reference>/exceptions/", v.case_exceptions, name="case_exceptions"),
    path("<str:reference>/documents/", v.case_documents, name="case_documents"),
    path("<str:reference>/documents/<int:pk>/", v.case_document, name="case_document"),
    path("<str:reference>/activity/", v.case_activity, name="case_activity"),
    path("<str:reference>/decision-to-assess/", v.decision_to_assess, name="decision_to_assess"),
    path("<str:reference>/request-advice/", v.request_advice, name="request_advice"),
    path("<str:reference>/advice/<int:pk>/chase/", v.chase_advice, name="chase_advice"),
    path("<str:reference>/advice/<int:pk>/received/", v.advice_received, name="advice_received"),
    path("<str:reference>/decision-to-issue/", v.decision_to_issue, name="decision_to_issue"),
    path("<str:reference>/serve-draft/", v.serve_draft, name="serve_draft"),
    path("<str:reference>/representations/", v.representations, name="representations"),
    path("<str:reference>/consult/", v.consult, name="consult"),
    path(
        "<str:reference>/consultations/<int:pk>/reply/",
        v.consultation_reply,
        name="consultation_reply",
    ),
    path("<str:reference>/final-plan/", v.final_plan, name="final_plan"),
    path("<str:reference>/withdraw/", v.withdraw, name="withdraw"),
    path("<str:reference>/transfer-in/", v.transfer_in, name="transfer_in"),
    path("<str:reference>/exception/", v.exception, name="exception"),
    path(
        "<str:reference>/exceptions/<int:pk>/remove/", v.remove_exception, name="remove_exception"
    ),
]
