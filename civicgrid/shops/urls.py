from django.urls import path

from civicgrid.shops import public_views, views

app_name = "shops"
urlpatterns = [
    path("", views.shop_list, name="shop-list"),
    path("export.xlsx", views.shop_export, name="shop-export"),
    path("new/", views.shop_edit, name="shop-new"),
    path("import/", views.shop_import, name="shop-import"),
    path("ratings/", views.rating_list, name="rating-list"),
    path("chiefs/", views.chief_list, name="chief-list"),
    path("chiefs/new/", views.chief_edit, name="chief-new"),
    path("chiefs/<int:pk>/edit/", views.chief_edit, name="chief-edit"),
    path("board/<area_code:code>/", public_views.board, name="board"),
    path("rate/<slug:token>/", public_views.rate, name="rate"),
    path("<int:pk>/", views.shop_detail, name="shop-detail"),
    path("<int:pk>/edit/", views.shop_edit, name="shop-edit"),
    path("<int:pk>/contact/", views.shop_contact, name="shop-contact"),
    path("<int:pk>/inspect/", views.shop_inspect, name="shop-inspect"),
    path("<int:pk>/award/", views.shop_award, name="shop-award"),
    path("<int:pk>/agreement/", views.agreement_new, name="agreement-new"),
    path("<int:pk>/agreement/<int:agreement>/", views.agreement_print, name="agreement-print"),
    path("<int:pk>/photos/<int:photo>/", views.inspection_photo, name="inspection-photo"),
]
