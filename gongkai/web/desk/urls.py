from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/<int:agency_id>/", views.apply, name="apply"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("status/<str:code>/", views.status, name="status"),
    path("a/<int:agency_id>/", views.dashboard, name="dashboard"),
    path("a/<int:agency_id>/requests/new/", views.request_new, name="request_new"),
    path("a/<int:agency_id>/cases/", views.cases, name="cases"),
    path("a/<int:agency_id>/active/<int:year>/", views.active_figures, name="active"),
    path("a/<int:agency_id>/reports/", views.reports, name="reports"),
    path("a/<int:agency_id>/templates/", views.reply_templates, name="templates"),
    path("a/<int:agency_id>/templates/<int:pk>/", views.reply_template_edit, name="template_edit"),
    path("a/<int:agency_id>/audit/", views.audit_log, name="audit"),
    path("r/<int:pk>/", views.request_detail, name="request"),
    path("r/<int:pk>/act/<str:action>/", views.request_act, name="request_act"),
    path("r/<int:pk>/letter.<str:fmt>", views.request_letter, name="letter"),
    path("case/<int:pk>/", views.case_edit, name="case_edit"),
    path("report/<int:pk>/", views.report_detail, name="report"),
    path("report/<int:pk>/<str:action>/", views.report_transition, name="report_transition"),
    path("report/<int:pk>/export.<str:fmt>", views.report_export, name="report_export"),
]
