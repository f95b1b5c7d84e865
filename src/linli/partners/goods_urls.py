from django.urls import path

from . import goods_views

app_name = "goods"

urlpatterns = [
    path("", goods_views.stock, name="stock"),
    path("receive/", goods_views.receive, name="receive"),
    path("distribute/", goods_views.distribute, name="distribute"),
]
