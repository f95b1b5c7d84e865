from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, CaseEvent


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "station", "stage", "stage_entered_on", "restricted")
    list_filter = ("station", "stage", "restricted")
    raw_id_fields = ("elder", "lead_worker", "co_workers")


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ("case", "from_stage", "to_stage", "actor", "at")
    raw_id_fields = ("case", "actor")
