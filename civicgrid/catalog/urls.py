from django.urls import path

from civicgrid.catalog import views

app_name = "guide"
urlpatterns = [
    path("", views.guide_list, name="list"),
    path("<slug:code>/", views.guide_detail, name="type"),
]
