from django.contrib import admin

from niangjia.core.admin import ReadOnlyAdmin
from niangjia.rights.models import (
    Counsellor,
    DutyShift,
    Holiday,
    KnowledgeArticle,
    SlaPolicy,
    Synonym,
)

# Holidays, service levels, synonyms and articles are edited on the workbench settings pages (audited, and
# the search index follows); here they are read-only.


@admin.register(Holiday)
class HolidayAdmin(ReadOnlyAdmin):
    list_display = ("day", "name", "is_workday")
    list_filter = ("is_workday",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ReadOnlyAdmin):
    list_display = ("category", "first_response_days", "resolution_days")


@admin.register(Counsellor)
class CounsellorAdmin(admin.ModelAdmin):
    list_display = ("display_name", "kind", "org", "active")


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("day", "shift", "staff", "org")
    list_filter = ("shift",)


@admin.register(Synonym)
class SynonymAdmin(ReadOnlyAdmin):
    list_display = ("term", "group")
    search_fields = ("term", "group")


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(ReadOnlyAdmin):
    list_display = ("title", "category", "review_status")
    list_filter = ("category", "review_status")
    exclude = ("tokens", "title_tokens")
