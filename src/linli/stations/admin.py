from django.contrib import admin

from .models import Area, Membership, Region, Station


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region")
    inlines = [AreaInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "station", "region", "active")
    list_filter = ("role", "station")
