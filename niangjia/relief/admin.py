from django.contrib import admin

from niangjia.core.admin import ReadOnlyAdmin
from niangjia.relief.models import DibaoStandard, Policy

# Dibao standards and policies are kept on the workbench (audited; a policy version is activated only after
# its what-if), so the admin shows them read-only.


@admin.register(DibaoStandard)
class DibaoAdmin(ReadOnlyAdmin):
    list_display = ("region_code", "year", "monthly_amount", "is_demo")
    list_filter = ("year", "is_demo")


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "name", "kind", "region_code", "status", "effective_from")
