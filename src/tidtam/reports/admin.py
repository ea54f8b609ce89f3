from django.contrib import admin

from tidtam.reports.models import ReportJob, ReportTemplate


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "requested_by", "requested_at", "status", "progress")
    list_filter = ("kind", "status")
    readonly_fields = ("requested_at", "started_at", "finished_at")


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ("organisation", "kind", "original_name", "uploaded_at")
