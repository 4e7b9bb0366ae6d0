from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("pending/<int:pk>/", views.pending_page, name="pending"),
    path("reports/<int:pk>/", views.report_page, name="report"),
    path("reports/<int:pk>/notice/", views.notice_create, name="notice_create"),
    path("versions/<int:pk>/source/", views.source_page, name="source"),
    path("versions/<int:pk>/download/", views.source_download, name="download"),
    path("versions/<int:pk>/report.json", views.report_json, name="report_json"),
    path("findings/<int:pk>/review/", views.review, name="review"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice_page, name="notice"),
    path("notices/<int:pk>/notice.docx", views.notice_docx, name="notice_docx"),
    path("notices/<int:pk>/findings.xlsx", views.notice_xlsx, name="notice_xlsx"),
    path("compare/agency/<int:agency_id>/", views.compare_years, name="compare_years"),
    path("compare/", views.compare_jurisdiction, name="compare"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/data.json", views.dashboard_data, name="dashboard_data"),
    path("exports/", views.exports_page, name="exports"),
    path("exports/cells.csv", views.export_cells_csv, name="cells_csv"),
    path("exports/cells.parquet", views.export_cells_parquet, name="cells_parquet"),
    path("exports/findings.xlsx", views.export_findings, name="findings_xlsx"),
    path("audit/", views.audit_log, name="audit"),
    path("tokens/", views.tokens, name="tokens"),
]
