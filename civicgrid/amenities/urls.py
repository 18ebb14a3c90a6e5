from django.urls import path

from civicgrid.amenities import views

app_name = "amenities"
urlpatterns = [
    path("", views.amenity_map, name="amenity-map"),
    path("stations/", views.station_list, name="station-list"),
    path("manage/", views.manage_list, name="manage-list"),
    path("manage/new/", views.amenity_create, name="amenity-create"),
    path("manage/export.xlsx", views.amenity_export, name="amenity-export"),
    path("manage/import/", views.amenity_import, name="amenity-import"),
    path("manage/import/<slug:token>.xlsx", views.import_errors, name="import-errors"),
    path("manage/<int:pk>/", views.amenity_edit, name="amenity-edit"),
    path("manage/<int:pk>/active/", views.amenity_active, name="amenity-active"),
]
