"""The life of one disclosure request and its statutory clock. Plain Python (no Django): the
models keep the fields, this module decides what may happen next and when things are due.

    received ──补正通知(≤7工作日, once)──> awaiting_correction ──补正──> processing (clock restarts)
        │                                       └─逾期不补正──> closed: other_no_correction
        ├─征求第三方/其他机关意见 (clock paused; third party answers within 15 working days)
        ├─延长答复期限 (once, ≤20 working days, approver recorded)
        ├─收费通知 ──缴费(≤20工作日)──> processing      └─逾期未缴费──> closed: other_no_fee
        └─答复 ──> closed with exactly one outcome = one row of table 2 (2021 format)

Articles: 条例第三十条 (补正), 第三十二条、第三十四条 (consultation, 15 working days, not counted),
第三十三条 (20 working days, one extension of at most 20), 国办函〔2020〕109号 (fees).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gongkai.workdays import Calendar, Deadline, Pause, add_workdays

REPLY_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
CONSULTATION_DAYS = 15
MAX_EXTENSION_DAYS = 20
FEE_PAYMENT_DAYS = 20

# Table 2 outcome rows, 2021 format (gongkai/spec/cells.yaml), top to bottom.
OUTCOMES: dict[str, str] = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied_state_secret": "不予公开：属于国家秘密",
    "denied_prohibited": "不予公开：其他法律行政法规禁止公开",
    "denied_security": "不予公开：危及“三安全一稳定”",
    "denied_third_party": "不予公开：保护第三方合法权益",
    "denied_internal": "不予公开：属于三类内部事务信息",
    "denied_process": "不予公开：属于四类过程性信息",
    "denied_enforcement_file": "不予公开：属于行政执法案卷",
    "denied_query": "不予公开：属于行政查询事项",
    "unable_not_held": "无法提供：本机关不掌握相关政府信息",
    "unable_needs_creation": "无法提供：没有现成信息需要另行制作",
    "unable_unclear": "无法提供：补正后申请内容仍不明确",
    "unprocessed_petition": "不予处理：信访举报投诉类申请",
    "unprocessed_duplicate": "不予处理：重复申请",
    "unprocessed_publication": "不予处理：要求提供公开出版物",
    "unprocessed_excessive": "不予处理：无正当理由大量反复申请",
    "unprocessed_confirmation": "不予处理：要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "其他处理：申请人无正当理由逾期不补正",
    "other_no_fee": "其他处理：申请人逾期未按收费通知要求缴纳费用",
    "other_other": "其他处理：其他",
}

# Table 2 applicant columns.
APPLICANT_TYPES: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他组织",
}

STATUS_LABELS = {
    "processing": "办理中",
    "awaiting_correction": "待申请人补正",
    "consulting": "征求意见中",
    "awaiting_fee": "待缴纳信息处理费",
    "closed": "已办结",
}


class LifecycleError(ValueError):
    """An action the 条例 does not allow at this point (message in Chinese, for the user)."""


@dataclass
class Consultation:
    kind: str          # "third_party" (第三十二条) | "organ" (第三十四条)
    sent: date
    answered: date | None = None
    party: str = ""

    @property
    def reason(self) -> str:
        return "征求第三方意见" if self.kind == "third_party" else "征求其他机关意见"


@dataclass
class RequestClock:
    """Everything that moves a request's deadlines. Dates are calendar dates (Asia/Shanghai)."""
    received: date
    correction_notice: date | None = None
    correction_deadline: date | None = None   # the reasonable deadline given in the notice
    supplemented: date | None = None
    consultations: list[Consultation] = field(default_factory=list)
    extension_days: int = 0
    extension_on: date | None = None
    extension_approver: str = ""
    fee_notice: date | None = None
    fee_amount: Decimal | None = None
    fee_paid: date | None = None
    outcome: str = ""
    closed_on: date | None = None

    # -- where it stands --------------------------------------------------------------------------
    @property
    def status(self) -> str:
        if self.outcome:
            return "closed"
        if self.correction_notice and not self.supplemented:
            return "awaiting_correction"
        if self.fee_notice and not self.fee_paid:
            return "awaiting_fee"
        if any(c.answered is None for c in self.consultations):
            return "consulting"
        return "processing"

    def pauses(self) -> list[Pause]:
        out = [Pause(c.sent, c.answered, c.reason) for c in self.consultations]
        if self.fee_notice:
            # 109号: the time the applicant takes to pay is not counted in the reply period.
            out.append(Pause(self.fee_notice, self.fee_paid, "等待缴纳信息处理费"))
        return out

    # -- deadlines ------------------------------------------------------------------------------
    def correction_notice_due(self, cal: Calendar | None = None) -> Deadline:
        return add_workdays(self.received, CORRECTION_NOTICE_DAYS, calendar=cal)

    def reply_due(self, cal: Calendar | None = None) -> Deadline | None:
        """The reply deadline with its derivation; None while waiting for a supplement (补正)."""
        if self.correction_notice and not self.supplemented:
            return None
        start, event = self.received, "收到申请"
        if self.supplemented:
            start, event = self.supplemented, "收到补正后的申请"
        d = add_workdays(start, REPLY_DAYS + self.extension_days, self.pauses(), cal, start_event=event)
        if self.extension_days:
            d.notes.append(f"经{self.extension_approver or '负责人'}批准延长答复期限{self.extension_days}个工作日"
                           f"（含在上述{d.n}个工作日内）")
        return d

    def consultation_due(self, c: Consultation, cal: Calendar | None = None) -> Deadline:
        return add_workdays(c.sent, CONSULTATION_DAYS, calendar=cal, start_event="发出征求意见函")

    def fee_payment_due(self, cal: Calendar | None = None) -> Deadline | None:
        if not self.fee_notice:
            return None
        return add_workdays(self.fee_notice, FEE_PAYMENT_DAYS, calendar=cal, start_event="发出收费通知")

    def current_due(self, cal: Calendar | None = None) -> Deadline | None:
        """The deadline that matters now: the supplement's, the fee's, or the reply's."""
        if self.outcome:
            return None
        if self.status == "awaiting_correction":
            return None  # the supplement deadline is a date the notice set, see correction_deadline
        if self.status == "awaiting_fee":
            return self.fee_payment_due(cal)
        return self.reply_due(cal)

    def due_date(self, cal: Calendar | None = None) -> date | None:
        if self.outcome:
            return None
        if self.status == "awaiting_correction":
            return self.correction_deadline
        d = self.current_due(cal)
        return d.due if d else None

    # -- actions ----------------------------------------------------------------------------------
    def _open(self):
        if self.outcome:
            raise LifecycleError("申请已办结，不能再变更")

    def notify_correction(self, on: date, deadline: date, cal: Calendar | None = None) -> None:
        self._open()
        if self.correction_notice:
            raise LifecycleError("补正通知只能发出一次（条例第三十条：一次性告知）")
        if on < self.received:
            raise LifecycleError("补正通知日期早于收到申请日期")
        due = self.correction_notice_due(cal)
        if on > due.due:
            raise LifecycleError(f"补正通知应在收到申请之日起7个工作日内发出：{due.explain()}")
        if deadline <= on:
            raise LifecycleError("补正期限应晚于通知日期")
        self.correction_notice, self.correction_deadline = on, deadline

    def supplement(self, on: date) -> None:
        self._open()
        if not self.correction_notice:
            raise LifecycleError("没有发出补正通知")
        if self.supplemented:
            raise LifecycleError("已经收到补正")
        if on < self.correction_notice:
            raise LifecycleError("补正日期早于补正通知日期")
        self.supplemented = on

    def start_consultation(self, kind: str, on: date, party: str = "") -> Consultation:
        self._open()
        if kind not in ("third_party", "organ"):
            raise LifecycleError("征求意见对象应为第三方或其他机关")
        if on < self.received:
            raise LifecycleError("征求意见日期早于收到申请日期")
        c = Consultation(kind, on, None, party)
        self.consultations.append(c)
        return c

    def end_consultation(self, c: Consultation, on: date) -> None:
        self._open()
        if c.answered:
            raise LifecycleError("该征求意见已结束")
        if on < c.sent:
            raise LifecycleError("答复日期早于征求意见日期")
        c.answered = on

    def extend(self, days: int, on: date, approver: str, cal: Calendar | None = None) -> None:
        self._open()
        if self.extension_days:
            raise LifecycleError("答复期限只能延长一次（条例第三十三条）")
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise LifecycleError("延长期限最长不得超过20个工作日")
        if not approver:
            raise LifecycleError("延长答复期限须经政府信息公开工作机构负责人同意，请记录审批人")
        due = self.reply_due(cal)
        if due is None:
            raise LifecycleError("等待补正期间不能延长答复期限")
        if due.due is not None and on > due.due:
            raise LifecycleError(f"答复期限已过，不能再延长：{due.explain()}")
        self.extension_days, self.extension_on, self.extension_approver = days, on, approver

    def notify_fee(self, on: date, amount: Decimal) -> None:
        self._open()
        if self.fee_notice:
            raise LifecycleError("已经发出收费通知")
        if amount <= 0:
            raise LifecycleError("收费金额应大于零；不收费则无需发出收费通知")
        self.fee_notice, self.fee_amount = on, Decimal(amount)

    def pay_fee(self, on: date, cal: Calendar | None = None) -> None:
        self._open()
        if not self.fee_notice:
            raise LifecycleError("没有发出收费通知")
        if self.fee_paid:
            raise LifecycleError("已经缴费")
        if on < self.fee_notice:
            raise LifecycleError("缴费日期早于收费通知日期")
        self.fee_paid = on

    def close(self, outcome: str, on: date, cal: Calendar | None = None) -> None:
        """End the request with exactly one outcome (one row of table 2)."""
        self._open()
        if outcome not in OUTCOMES:
            raise LifecycleError(f"未知的办理结果：{outcome}")
        if on < self.received:
            raise LifecycleError("办结日期早于收到申请日期")
        if outcome == "other_no_correction":
            if not self.correction_notice or self.supplemented:
                raise LifecycleError("只有发出补正通知且申请人未补正的申请才能按逾期不补正办结")
            if on <= self.correction_deadline:
                raise LifecycleError(f"补正期限（{self.correction_deadline}）尚未届满")
        elif outcome == "other_no_fee":
            if not self.fee_notice or self.fee_paid:
                raise LifecycleError("只有发出收费通知且申请人未缴费的申请才能按逾期未缴费办结")
            due = self.fee_payment_due(cal)
            if on <= due.due:
                raise LifecycleError(f"缴费期限尚未届满：{due.explain()}")
        elif self.status == "awaiting_correction":
            raise LifecycleError("正在等待申请人补正，不能作出答复")
        elif self.status == "awaiting_fee":
            raise LifecycleError("正在等待申请人缴费，不能作出答复")
        self.outcome, self.closed_on = outcome, on

    def is_overdue(self, today: date, cal: Calendar | None = None) -> bool:
        due = self.due_date(cal)
        return due is not None and today > due


# -- 信息处理费 (国办函〔2020〕109号) -------------------------------------------------------------

def fee_per_item(nth_in_month: int) -> int:
    """元 for an applicant's n-th application in a calendar month (按件, 超额累进):
    1–10 free, 11–30 100元, then one bracket per 10 applications, +100元 each (31–40 200元, …)."""
    if nth_in_month < 1:
        raise ValueError("件数从1开始")
    if nth_in_month <= 10:
        return 0
    if nth_in_month <= 30:
        return 100
    return 100 * (2 + (nth_in_month - 31) // 10)


def fee_items(first_nth: int, count: int = 1) -> int:
    """元 for ``count`` applications of one applicant starting at the ``first_nth`` of the month."""
    return sum(fee_per_item(k) for k in range(first_nth, first_nth + count))


PAGE_TIERS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (up to and including, 元/页 for that part)


def fee_pages(pages: int) -> int:
    """元 for one application by volume (按量, 超额累进): ≤30 free, 31–100 10元/页, 101–200 20元/页,
    more than 200 40元/页."""
    if pages < 0:
        raise ValueError("页数不能为负")
    total, lower = 0, 0
    for upper, price in PAGE_TIERS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


def fee_explain_items(first_nth: int, count: int = 1) -> str:
    parts = [f"第{k}件{fee_per_item(k)}元" for k in range(first_nth, first_nth + count)]
    return f"按件计收：本月{'、'.join(parts)}，合计{fee_items(first_nth, count)}元"


def fee_explain_pages(pages: int) -> str:
    parts, lower = [], 0
    for upper, price in PAGE_TIERS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            parts.append(f"{lower + 1}–{top}页{price}元/页")
        if upper is None or pages <= upper:
            break
        lower = upper
    return f"按量计收：{pages}页（{'，'.join(parts)}），合计{fee_pages(pages)}元"
