"""Reports by agency and year, their versions, cells (long table), findings under review,
rectification notices, the audit log and API tokens.

A Report is one agency's annual report for one year; each upload of it is a ReportVersion and the
newest replaces the current one (history kept). Cells and findings carry agency, year and `current`
(denormalized) so dashboards and exports are one indexed query over the long table.
"""
from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from gongkai.web.agencies.models import Agency

USER = settings.AUTH_USER_MODEL


class Report(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reports", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    current = models.ForeignKey("ReportVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name="现行版本")

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__path"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_unique_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year}年度报告"


class ReportVersion(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    name = models.CharField("文件名", max_length=255)
    media_type = models.CharField(max_length=120, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(default=0)
    source = models.BinaryField("原始文件")
    data = models.JSONField("报告数据")  # the contract JSON (gongkai/spec/CONTRACT.md)
    title = models.CharField("标题", max_length=500, blank=True)
    format = models.CharField("表格格式", max_length=8, blank=True)
    published = models.DateField("发布日期", null=True, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告版本"
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    @property
    def is_current(self) -> bool:
        return self.report.current_id == self.pk


class Cell(models.Model):
    """One table cell of one version: the long table behind compare, dashboards and exports."""
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="cells")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    current = models.BooleanField(default=True)
    cell_id = models.CharField(max_length=80)
    value = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "cell_id"], name="cell_unique_in_version")]
        indexes = [models.Index(fields=["cell_id", "year", "current"], name="cell_dashboard")]


class ReportSummary(models.Model):
    """The dashboard's figures of a report's current version (summary.FIGURES), one row per report.

    Written when a version becomes current; deleted with that version or the report. A jurisdiction's
    dashboard sums these rows (one per agency and year) instead of the long cell table.
    """
    report = models.OneToOneField(Report, on_delete=models.CASCADE, primary_key=True, related_name="summary")
    version = models.OneToOneField(ReportVersion, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    published = models.DateField(null=True, blank=True)
    new = models.FloatField(null=True)
    handled = models.FloatField(null=True)
    granted = models.FloatField(null=True)
    partial = models.FloatField(null=True)
    denied_state_secret = models.FloatField(null=True)
    denied_prohibited = models.FloatField(null=True)
    denied_security = models.FloatField(null=True)
    denied_third_party = models.FloatField(null=True)
    denied_internal = models.FloatField(null=True)
    denied_process = models.FloatField(null=True)
    denied_enforcement_file = models.FloatField(null=True)
    denied_query = models.FloatField(null=True)
    unable_not_held = models.FloatField(null=True)
    unable_needs_creation = models.FloatField(null=True)
    unable_unclear = models.FloatField(null=True)
    unprocessed = models.FloatField(null=True)
    other = models.FloatField(null=True)
    review_total = models.FloatField(null=True)
    review_corrected = models.FloatField(null=True)
    suit_total = models.FloatField(null=True)
    suit_corrected = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["year", "agency"], name="summary_year_agency"),
                   models.Index(fields=["agency", "year"], name="summary_agency_year")]


class Finding(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "待审核"
        CONFIRMED = "confirmed", "已确认"
        DISMISSED = "dismissed", "已驳回"

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="findings")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    current = models.BooleanField(default=True)
    rule = models.CharField("规则", max_length=80, db_index=True)
    severity = models.CharField("严重程度", max_length=10)
    message = models.TextField("说明")
    cells = models.JSONField(default=list)
    evidence = models.TextField(blank=True)
    across_years = models.BooleanField(default=False)  # from comparing with the year before
    state = models.CharField("审核状态", max_length=10, choices=State.choices, default=State.OPEN)
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("审核意见", blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题"
        ordering = ["version", "id"]
        indexes = [models.Index(fields=["year", "current", "rule"], name="finding_dashboard"),
                   # the dashboard's counts read this index alone (no table rows) on PostgreSQL
                   models.Index(fields=["year", "agency", "severity", "rule"], name="finding_open_current",
                                condition=models.Q(current=True) & ~models.Q(state="dismissed"))]

    def key(self) -> tuple:
        """What makes two findings 'the same problem' across versions."""
        return (self.rule, tuple(sorted(self.cells or [])))


class Notice(models.Model):
    """整改通知: the confirmed findings of one report sent back to the agency."""

    class State(models.TextChoices):
        OPEN = "open", "整改中"
        CLOSED = "closed", "已整改"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notices")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="notices")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="notices")
    findings = models.ManyToManyField(Finding, related_name="notices")
    # [{rule, message, cells, resolved}] as sent, so closing survives the old version's findings.
    items = models.JSONField(default=list)
    note = models.TextField("整改要求", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_version = models.ForeignKey(ReportVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "整改通知"
        ordering = ["-created_at"]


class PendingUpload(models.Model):
    """An uploaded file whose agency or year the user still has to confirm."""
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    report = models.JSONField()
    agency_guess = models.CharField(max_length=200, blank=True)
    year_guess = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AuditEntry(models.Model):
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作日志"
        ordering = ["-at", "-id"]


class ApiToken(models.Model):
    """A per-user token for API clients; only its sha256 is stored."""
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, label: str = "") -> str:
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=cls.digest_of(token), label=label)
        return token
