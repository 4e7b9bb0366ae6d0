"""The desk's records. Thin: the clock and its rules live in lifecycle.py; these models keep the
fields and convert to and from ``lifecycle.RequestClock``."""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction

from gongkai.web.agencies.models import Agency

from . import lifecycle

# 查询码 alphabet: no 0/O/1/I/L to survive being read over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 7.9e17: unguessable at any plausible rate limit


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class WorkdayOverride(models.Model):
    """An admin-edited correction of the holiday calendar (feeds workdays.Calendar)."""
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="勾选：调休上班；不勾选：放假")
    name = models.CharField("名称", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作日调整"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"


def calendar():
    """The working-day calendar: chinesecalendar + shipped YAML + the admin table."""
    from gongkai.workdays import Calendar
    rows = list(WorkdayOverride.objects.all())
    return Calendar(holidays={r.date: r.name or "假日" for r in rows if not r.is_workday},
                    workdays={r.date: r.name or "调休" for r in rows if r.is_workday})


class Request(models.Model):
    class Channel(models.TextChoices):  # how it arrived: decides the date of receipt (第三十一条)
        ONLINE = "online", "互联网渠道"
        IN_PERSON = "in_person", "当面提交"
        POST = "post", "邮寄（需签收）"
        LETTER = "letter", "平常信函"
        FAX = "fax", "传真"

    class IdType(models.TextChoices):
        ID_CARD = "id_card", "居民身份证"
        PASSPORT = "passport", "护照"
        HMT = "hmt", "港澳台居民居住证/通行证"
        CREDIT_CODE = "credit_code", "统一社会信用代码证"
        OTHER = "other", "其他证件"

    class Form(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"

    class Delivery(models.TextChoices):
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        PICKUP = "pickup", "自行领取"
        INSPECT = "inspect", "当场阅读、抄录"
        FAX = "fax", "传真"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="requests", verbose_name="受理机关")
    code = models.CharField("查询码", max_length=16, unique=True)
    applicant_type = models.CharField("申请人类型", max_length=20, choices=list(lifecycle.APPLICANT_TYPES.items()))
    name = models.CharField("申请人姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    description = models.TextField("所需信息的名称或内容描述", max_length=4000)
    document_number = models.CharField("文件名称、文号", max_length=200, blank=True)
    form = models.CharField("信息的载体形式", max_length=20, choices=Form.choices)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices)
    purpose = models.TextField("用途（选填）", max_length=1000, blank=True)

    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received = models.DateField("收到申请日期", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="登记人")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="duplicates", verbose_name="疑似重复")

    correction_notice = models.DateField("补正通知日期", null=True, blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_items = models.TextField("补正事项", blank=True)
    supplemented = models.DateField("收到补正日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_on = models.DateField("延长决定日期", null=True, blank=True)
    extension_approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+", verbose_name="延长审批人")
    fee_method = models.CharField("计费方式", max_length=10, blank=True,
                                  choices=[("items", "按件"), ("pages", "按量")])
    fee_basis = models.TextField("计费依据", blank=True)
    fee_amount = models.DecimalField("收费金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice = models.DateField("收费通知日期", null=True, blank=True)
    fee_paid = models.DateField("缴费日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=40, blank=True, choices=list(lifecycle.OUTCOMES.items()),
                               db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    reply_note = models.TextField("答复说明", blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="答复人")

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received", "-id"]
        indexes = [models.Index(fields=["agency", "received"]), models.Index(fields=["agency", "closed_on"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    # -- clock ---------------------------------------------------------------------------------
    def clock(self) -> lifecycle.RequestClock:
        approver = self.extension_approver
        return lifecycle.RequestClock(
            received=self.received, correction_notice=self.correction_notice,
            correction_deadline=self.correction_deadline, supplemented=self.supplemented,
            consultations=[lifecycle.Consultation(c.kind, c.sent, c.answered, c.party)
                           for c in self.consultations.all()],
            extension_days=self.extension_days, extension_on=self.extension_on,
            extension_approver=(approver.get_full_name() or approver.username) if approver else "",
            fee_notice=self.fee_notice, fee_amount=self.fee_amount, fee_paid=self.fee_paid,
            outcome=self.outcome, closed_on=self.closed_on)

    def apply_clock(self, c: lifecycle.RequestClock) -> None:
        for f in ("correction_notice", "correction_deadline", "supplemented", "extension_days", "extension_on",
                  "fee_notice", "fee_amount", "fee_paid", "outcome", "closed_on"):
            setattr(self, f, getattr(c, f))

    @property
    def status(self) -> str:
        return self.clock().status

    @property
    def status_label(self) -> str:
        return lifecycle.STATUS_LABELS[self.status]

    @property
    def outcome_label(self) -> str:
        return lifecycle.OUTCOMES.get(self.outcome, "")

    @classmethod
    def create_with_code(cls, **fields) -> "Request":
        """Insert with a fresh random 查询码, retrying on the (astronomically rare) collision."""
        for _ in range(8):
            try:
                with transaction.atomic():
                    return cls.objects.create(code=new_tracking_code(), **fields)
            except IntegrityError:
                continue  # the only unique field we set is the code: a collision, draw again
        raise RuntimeError("无法生成唯一查询码")

    def find_duplicate(self):
        """An earlier request of the same applicant (same ID) with a similar description."""
        earlier = (Request.objects.filter(agency=self.agency, id_number=self.id_number)
                   .exclude(pk=self.pk).order_by("-received")[:50])
        for other in earlier:
            if similar(self.description, other.description):
                return other
        return None


def similar(a: str, b: str, threshold: float = 0.6) -> bool:
    """Character-bigram Jaccard similarity: robust to small wording changes in Chinese text."""
    def grams(s):
        s = "".join(s.split())
        return {s[i:i + 2] for i in range(len(s) - 1)} or {s}
    ga, gb = grams(a), grams(b)
    return len(ga & gb) / max(1, len(ga | gb)) >= threshold


class Consultation(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("征求对象", max_length=20,
                            choices=[("third_party", "第三方（第三十二条）"), ("organ", "其他机关（第三十四条）")])
    party = models.CharField("被征求意见方", max_length=200, blank=True)
    sent = models.DateField("发出征求意见日期")
    answered = models.DateField("收到答复/结束日期", null=True, blank=True)

    class Meta:
        ordering = ["sent", "id"]


class ReminderSent(models.Model):
    """One reminder per request, kind and due date: makes desk_remind idempotent."""
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # due_soon | overdue
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "kind", "due"], name="reminder_once")]


class ReplyTemplate(models.Model):
    """告知书 text per outcome, Django template syntax; context: request, agency, outcome_label, today."""
    outcome = models.CharField("办理结果", max_length=40, unique=True, choices=list(lifecycle.OUTCOMES.items()))
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文（Django 模板）")

    class Meta:
        verbose_name = verbose_name_plural = "告知书模板"

    def __str__(self):
        return self.title


class Case(models.Model):
    """An administrative reconsideration or lawsuit about disclosure (table 3)."""
    KINDS = [("reconsideration", "行政复议"), ("suit_direct", "行政诉讼（未经复议直接起诉）"),
             ("suit_after", "行政诉讼（复议后起诉）")]
    RESULTS = [("pending", "尚未审结"), ("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果")]
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="desk_cases", verbose_name="机关")
    kind = models.CharField("类别", max_length=20, choices=KINDS)
    number = models.CharField("案号", max_length=100, blank=True)
    filed = models.DateField("立案/受理日期")
    result = models.CharField("结果", max_length=20, choices=RESULTS, default="pending")
    concluded = models.DateField("审结日期", null=True, blank=True)
    request = models.ForeignKey(Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议和行政诉讼"
        ordering = ["-filed"]


class ActiveFigures(models.Model):
    """Table 1 for one year (2021 format)."""
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="desk_active", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    regulations_issued = models.PositiveIntegerField("规章·本年制发件数", default=0)
    regulations_repealed = models.PositiveIntegerField("规章·本年废止件数", default=0)
    regulations_in_force = models.PositiveIntegerField("规章·现行有效件数", default=0)
    normative_issued = models.PositiveIntegerField("行政规范性文件·本年制发件数", default=0)
    normative_repealed = models.PositiveIntegerField("行政规范性文件·本年废止件数", default=0)
    normative_in_force = models.PositiveIntegerField("行政规范性文件·现行有效件数", default=0)
    licensing = models.PositiveIntegerField("行政许可·本年处理决定数量", default=0)
    penalty = models.PositiveIntegerField("行政处罚·本年处理决定数量", default=0)
    coercion = models.PositiveIntegerField("行政强制·本年处理决定数量", default=0)
    fees_amount = models.DecimalField("行政事业性收费·本年收费金额（万元）", max_digits=14, decimal_places=4, default=0)

    class Meta:
        verbose_name = verbose_name_plural = "主动公开情况（表一）"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="active_once_per_year")]

    def carried_defaults(self) -> dict:
        """现行有效件数 carried from last year: last in_force + issued - repealed."""
        prev = ActiveFigures.objects.filter(agency=self.agency, year=self.year - 1).first()
        if prev is None:
            return {}
        return {"regulations_in_force": prev.regulations_in_force + self.regulations_issued - self.regulations_repealed,
                "normative_in_force": prev.normative_in_force + self.normative_issued - self.normative_repealed}


class AnnualReport(models.Model):
    STATES = [("draft", "草稿"), ("reviewed", "已审核"), ("approved", "已批准"), ("published", "已发布")]
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="desk_reports", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField("状态", max_length=20, choices=STATES, default="draft")
    sections = models.JSONField("正文", default=dict)
    values = models.JSONField("表格数值", default=dict)   # cell id -> number, snapshot at compose time
    findings = models.JSONField("检查结果", default=list)
    published_on = models.DateField("发布日期", null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="desk_report_once_per_year")]


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
