from django.urls import path

from niangjia.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("me/", views.me, name="me"),
    path("me/verify/", views.verify, name="verify"),
    path("me/business/", views.my_business_list, name="my_business"),
    path("me/elder-mode/", views.elder_mode, name="elder_mode"),
    path("me/password/", views.password_change, name="password_change"),
    path("me/join/", views.join, name="join"),
    path("me/transfer/", views.transfer, name="transfer"),
    path("me/card/", views.card, name="card"),
    path("me/messages/", views.message_list, name="messages"),
    path("me/messages/read/", views.messages_mark_read, name="messages_read"),
    path("orgs/search/", views.org_search, name="org_search"),
    path("card/check/<str:token>/", views.card_check, name="card_check"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/orgs/", views.org_tree, name="org_tree"),
    path("workbench/orgs/<int:org_id>/", views.org_detail, name="org_detail"),
    path("workbench/orgs/<int:org_id>/children/", views.org_children, name="org_children"),
    path("workbench/orgs/<int:org_id>/roles/", views.org_roles, name="org_roles"),
    path("workbench/members/", views.member_list, name="member_list"),
    path("workbench/members/export.xlsx", views.member_export, name="member_export"),
    path("workbench/members/import/", views.member_import, name="member_import"),
    path("workbench/members/import/template.xlsx", views.member_import_template, name="member_import_template"),
    path("workbench/members/<int:member_id>/", views.member_detail, name="member_detail"),
    path("workbench/members/<int:member_id>/reveal/<str:field>/", views.member_reveal, name="member_reveal"),
    path("workbench/approvals/", views.approvals, name="approvals"),
    path("workbench/audit/", views.audit_log, name="audit_log"),
    path("workbench/accounts/", views.accounts_locked, name="accounts_locked"),
    path("workbench/stats/", views.stats, name="stats"),
]
