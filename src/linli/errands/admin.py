from django.contrib import admin

from .models import HelperProfile, OverdueAlert, ServiceRequest


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "station", "type", "urgency", "status", "needed_by", "assigned_to"]
    list_filter = ["station", "type", "urgency", "status"]
    raw_id_fields = ["elder", "contact", "emergency", "raised_by", "assigned_to"]


@admin.register(OverdueAlert)
class OverdueAlertAdmin(admin.ModelAdmin):
    list_display = ["request", "station", "raised_at", "resolved_at"]
    raw_id_fields = ["request"]


@admin.register(HelperProfile)
class HelperProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "station", "area", "active"]
    raw_id_fields = ["user"]
