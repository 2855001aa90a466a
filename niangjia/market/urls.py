from django.urls import path

from niangjia.market import views

app_name = "market"

urlpatterns = [
    path("", views.home, name="home"),
    path("sales/<int:sale_id>/buy/", views.buy, name="buy"),
    path("workbench/", views.workbench, name="workbench"),
]
