from django.contrib import admin

from niangjia.relief.models import DibaoStandard, Policy


@admin.register(DibaoStandard)
class DibaoAdmin(admin.ModelAdmin):
    list_display = ("region_code", "year", "monthly_amount", "is_demo")
    list_filter = ("year", "is_demo")


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "kind", "region_code", "status", "effective_from")
    readonly_fields = ("simulated_at",)
