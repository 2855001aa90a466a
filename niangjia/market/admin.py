"""Django admin (superusers only): the welfare rules of §13 are data a federation's administrator keeps current."""

from django.contrib import admin

from niangjia.market.models import WelfareRule


@admin.register(WelfareRule)
class WelfareRuleAdmin(admin.ModelAdmin):
    list_display = ("region_name", "region", "year", "version", "festival_cap", "birthday_cap", "poverty_share_min",
                    "poverty_per_worker_min", "enforcement")
    list_filter = ("year", "enforcement")
    search_fields = ("region_name", "region", "source")
