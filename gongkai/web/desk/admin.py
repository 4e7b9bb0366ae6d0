from django.contrib import admin

from . import models


@admin.register(models.WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name")


@admin.register(models.ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("outcome", "title")


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "agency", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")

    def has_change_permission(self, request, obj=None):  # the log is append-only
        return False

    def has_delete_permission(self, request, obj=None):
        return False
