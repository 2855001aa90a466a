"""Django admin: superusers only (AdminSite.has_permission is narrowed below). Audit events are read-only."""

from django import forms
from django.contrib import admin

from niangjia.core.models import (
    AuditEvent,
    BankLayout,
    JoinRequest,
    Member,
    Message,
    Org,
    OrgRole,
    TransferRequest,
    User,
)


def _superuser_only(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only
admin.site.site_header = "娘家 · 系统管理"


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "region_code", "path")
    list_filter = ("level",)
    search_fields = ("name", "uscc")
    readonly_fields = ("path", "depth", "parent")  # moves go through core.services.orgs.move_org


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("id", "display_name", "real_name", "is_active", "is_superuser", "locked_until")
    search_fields = ("real_name", "display_name")
    exclude = ("password", "phone", "id_number")
    readonly_fields = ("verified_at", "failed_logins", "last_login", "date_joined")


@admin.register(OrgRole)
class OrgRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "role", "include_subtree")
    list_filter = ("role",)
    raw_id_fields = ("user", "org")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("member_no", "name", "org", "status", "join_date")
    list_filter = ("status",)
    exclude = ("id_number", "phone")
    raw_id_fields = ("org", "user")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never change: the audit log is append-only, and data with an audited workbench page is changed
    only through that page's service (validation, audit, search index, the what-if before a policy)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor", "object_type", "object_id", "org", "ip")
    list_filter = ("action",)


admin.site.register(JoinRequest)
admin.site.register(TransferRequest)
admin.site.register(Message)


class BankLayoutForm(forms.ModelForm):
    class Meta:
        model = BankLayout
        fields = ("code", "name", "columns", "is_default")

    def clean_columns(self):
        from niangjia.core.errors import Invalid
        from niangjia.core.payouts.bankfile import check_layout

        try:
            return check_layout(self.cleaned_data["columns"] or [])
        except Invalid as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(BankLayout)
class BankLayoutAdmin(admin.ModelAdmin):
    """Per-bank column order of the 代发 file, as data: 序号, 户名, 账号, 开户行, 金额, 用途, 备注 in any order."""

    form = BankLayoutForm
    list_display = ("name", "code", "columns", "is_default")
