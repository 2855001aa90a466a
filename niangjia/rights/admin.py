from django.contrib import admin

from niangjia.rights import search
from niangjia.rights.models import (
    Counsellor,
    DutyShift,
    Holiday,
    KnowledgeArticle,
    SlaPolicy,
    Synonym,
)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "is_workday")
    list_filter = ("is_workday",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("category", "first_response_days", "resolution_days")


@admin.register(Counsellor)
class CounsellorAdmin(admin.ModelAdmin):
    list_display = ("display_name", "kind", "org", "active")


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("day", "shift", "staff", "org")
    list_filter = ("shift",)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "group")
    search_fields = ("term", "group")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.forget_synonyms()


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "review_status")
    list_filter = ("category", "review_status")
    exclude = ("tokens", "title_tokens")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.reindex(obj)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        search.unindex(pk)
