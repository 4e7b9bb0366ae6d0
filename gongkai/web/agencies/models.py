"""Agencies in their hierarchy (province > city > county > township; departments under a government)
and who may act for which agency. Shared by the oversight app and the request desk."""
from django.conf import settings
from django.db import models


class Agency(models.Model):
    class Kind(models.TextChoices):
        # The kind decides the publication deadline (条例第四十九条).
        GOVERNMENT = "government", "人民政府（本级政府年度报告）"
        OFFICE = "office", "政府办公厅（室）"
        DEPARTMENT = "department", "政府部门"
        TOWNSHIP = "township", "乡镇人民政府、街道办事处"
        OTHER = "other", "其他"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家"
        PROVINCE = "province", "省级"
        CITY = "city", "地市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡级"

    name = models.CharField("机关名称", max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name="上级")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.COUNTY)
    # Materialized path of ids ("/1/4/9/") so a jurisdiction subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    expected = models.BooleanField("应发布年度报告", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "机关"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="agency_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if path != self.path:
            self.path = path
            Agency.objects.filter(pk=self.pk).update(path=path)

    def subtree(self):
        return Agency.objects.filter(path__startswith=self.path)

    def is_within(self, other: "Agency") -> bool:
        return self.path.startswith(other.path)


class Membership(models.Model):
    """A user's role for an agency. A reviewer's agency is the root of its jurisdiction subtree."""

    class Role(models.TextChoices):
        ADMIN = "admin", "管理员"
        REVIEWER = "reviewer", "审核人员"   # oversight: reviews reports in the subtree
        AGENCY = "agency", "机关用户"       # oversight: its own agency's reports
        CLERK = "clerk", "经办人员"         # desk
        APPROVER = "approver", "审批人员"   # desk

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
