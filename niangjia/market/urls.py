from django.urls import path

from niangjia.market import views, views_group, views_suppliers, views_welfare

app_name = "market"

urlpatterns = [
    path("", views.home, name="home"),
    path("sales/<int:sale_id>/buy/", views.buy, name="buy"),
    path("orders/<int:order_id>/pay/", views.pay, name="pay"),
    path("workbench/", views.workbench, name="workbench"),
    path("cycles/", views_group.cycles, name="cycles"),
    path("cycles/new/", views_group.cycle_new, name="cycle_new"),
    path("cycles/<int:cycle_id>/", views_group.cycle, name="cycle"),
    path("cycles/<int:cycle_id>/close/", views_group.cycle_close, name="cycle_close"),
    path("cycles/<int:cycle_id>/settle/", views_group.cycle_settle, name="cycle_settle"),
    path("cycles/<int:cycle_id>/orders/", views_group.group_order_create, name="group_order_create"),
    path("cycles/<int:cycle_id>/orders/<int:order_id>/<str:action>/", views_group.group_order_action,
         name="group_order_action"),
    path("cycles/<int:cycle_id>/<str:doc>.<str:fmt>", views_group.cycle_export, name="cycle_export"),
    path("welfare/", views_welfare.welfare, name="welfare"),
    path("welfare/spend/", views_welfare.welfare_spend, name="welfare_spend"),
    path("welfare/report.<str:fmt>", views_welfare.welfare_report, name="welfare_report"),
    path("suppliers/", views_suppliers.suppliers, name="suppliers"),
    path("suppliers/template.xlsx", views_suppliers.supplier_template, name="supplier_template"),
    path("suppliers/import/", views_suppliers.supplier_import, name="supplier_import"),
    path("suppliers/<int:supplier_id>/", views_suppliers.supplier, name="supplier"),
    path("suppliers/<int:supplier_id>/products/", views_suppliers.product_save, name="product_save"),
    path("suppliers/<int:supplier_id>/accounts/", views_suppliers.supplier_account_link, name="supplier_account_link"),
    path("suppliers/<int:supplier_id>/accounts/remove/", views_suppliers.supplier_account_unlink,
         name="supplier_account_unlink"),
    path("suppliers/<int:supplier_id>/products/<int:product_id>/photos/", views_suppliers.product_photos,
         name="product_photos"),
    path("photos/<int:photo_id>/", views_suppliers.photo, name="photo"),
    path("group/<int:order_id>/", views_group.member_choose, name="member_choose"),
]
