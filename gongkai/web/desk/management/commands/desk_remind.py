"""Send reminder e-mails for requests due soon or overdue. Idempotent: one mail per request, kind
and due date (ReminderSent), so running it every hour sends each reminder once."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction

from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.desk.models import ReminderSent
from gongkai.web.desk.views import open_requests_with_due


class Command(BaseCommand):
    help = "发送即将到期和已逾期申请的提醒邮件（幂等）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期（YYYY-MM-DD）计算，默认今天")

    def handle(self, *args, **opts):
        from django.utils import timezone
        today = date.fromisoformat(opts["today"]) if opts.get("today") else timezone.localdate()
        sent = skipped = 0
        for agency in Agency.objects.filter(requests__outcome="").distinct():
            recipients = sorted({m.user.email for m in Membership.objects.filter(
                agency=agency, role__in=("clerk", "admin")).select_related("user") if m.user.email})
            for row in open_requests_with_due(agency, today):
                if row["error"]:
                    self.stderr.write(f"{row['req'].code}: {row['error']}")
                    continue
                kind = "overdue" if row["overdue"] else "due_soon" if row["soon"] else None
                if kind is None or not recipients:
                    continue
                req = row["req"]
                try:
                    with transaction.atomic():
                        ReminderSent.objects.create(request=req, kind=kind, due=row["due"])
                        label = "已逾期" if kind == "overdue" else "即将到期"
                        send_mail(f"【政府信息公开】申请{req.code}{label}（截止{row['due']:%Y年%m月%d日}）",
                                  f"{agency.name}：\n申请 {req.code}（{req.name}）{label}。\n{row['explain']}\n",
                                  settings.DEFAULT_FROM_EMAIL, recipients)
                except IntegrityError:
                    skipped += 1
                    continue
                sent += 1
        self.stdout.write(f"已发送{sent}封提醒，跳过已发送{skipped}封")
