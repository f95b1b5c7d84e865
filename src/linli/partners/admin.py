from django.contrib import admin

from .models import Agreement, Distribution, Item, Partner, PartnerPerson, Receipt, Referral


class PartnerPersonInline(admin.TabularInline):
    model = PartnerPerson
    extra = 0


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "station", "kind", "party", "active")
    list_filter = ("kind", "party", "active")
    search_fields = ("name",)
    inlines = [PartnerPersonInline, AgreementInline]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ("id", "station", "partner", "status", "sent_on", "responded_on")
    list_filter = ("status",)
    raw_id_fields = ("elder", "partner", "contact")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "station")


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    list_display = ("item", "quantity", "value_yuan", "received_on", "partner")
    raw_id_fields = ("item", "partner")


@admin.register(Distribution)
class DistributionAdmin(admin.ModelAdmin):
    list_display = ("item", "quantity", "given_on", "elder")
    raw_id_fields = ("item", "elder")
