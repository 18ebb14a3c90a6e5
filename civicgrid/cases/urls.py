from django.urls import path

from civicgrid.cases import board_views, geo_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("map/", geo_views.case_map, name="case-map"),
    path("map/cases.geojson", geo_views.cases_geojson, name="map-cases"),
    path("map/grids.geojson", geo_views.grids_geojson, name="map-grids"),
    path("whistles/", board_views.whistle_board, name="whistle-board"),
    path("supervision/", board_views.supervision_queue, name="supervision-queue"),
    path("export.xlsx", views.case_export, name="case-export"),
    path("batch/", views.case_batch, name="case-batch"),
    path("<str:code>/", views.case_detail, name="case-detail"),
    path("<str:code>/act/<str:action>/", views.case_act, name="case-act"),
    path("<str:code>/phone/", views.case_phone, name="case-phone"),
]
