"""``/plans/...``: a child's plans, each version and its sections, issuing, downloads, the
comparison of two versions, comments on drafts, and the council's glossary."""

from django.urls import path

from . import views, views_editor, views_glossary

app_name = "plans"
urlpatterns = [
    path("children/<int:child_pk>/", views.child_plans, name="child"),
    path("start/<str:reference>/", views.start, name="start"),
    path("<int:plan_pk>/amend/", views.amend, name="amend"),
    path("versions/<int:pk>/", views.version_page, name="version"),
    path("versions/<int:pk>/issue/", views.issue, name="issue"),
    path("versions/<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("compare/", views.compare, name="compare"),
    path("versions/<int:pk>/sections/<str:code>/", views_editor.section, name="section"),
    path("versions/<int:pk>/sections/<str:code>/add/", views_editor.row, name="row_add"),
    path("versions/<int:pk>/sections/<str:code>/<int:row_pk>/", views_editor.row, name="row_edit"),
    path(
        "versions/<int:pk>/sections/<str:code>/<int:row_pk>/remove/",
        views_editor.row_remove,
        name="row_remove",
    ),
    path("versions/<int:pk>/comments/", views_editor.comments, name="comments"),
    path(
        "versions/<int:pk>/comments/<int:comment_pk>/",
        views_editor.comment_answer,
        name="comment_answer",
    ),
    path("glossary/", views_glossary.glossary_list, name="glossary"),
    path("glossary/add/", views_glossary.glossary_edit, name="glossary_add"),
    path("glossary/<int:pk>/", views_glossary.glossary_edit, name="glossary_edit"),
    path("glossary/<int:pk>/remove/", views_glossary.glossary_remove, name="glossary_remove"),
]
