from django.urls import path

from civicgrid.cases.views import boards, detail, lists, maps, register

app_name = "cases"
urlpatterns = [
    path("", lists.case_list, name="case-list"),
    path("new/", register.case_new, name="case-new"),
    path("map/", maps.case_map, name="case-map"),
    path("map/cases.geojson", maps.cases_geojson, name="map-cases"),
    path("map/grids.geojson", maps.grids_geojson, name="map-grids"),
    path("whistles/", boards.whistle_board, name="whistle-board"),
    path("supervision/", boards.supervision_queue, name="supervision-queue"),
    path("export.xlsx", lists.case_export, name="case-export"),
    path("batch/", lists.case_batch, name="case-batch"),
    path("<case_code:code>/", detail.case_detail, name="case-detail"),
    path("<case_code:code>/act/<action:action>/", detail.case_act, name="case-act"),
    path("<case_code:code>/phone/", detail.case_phone, name="case-phone"),
    path("<case_code:code>/party/", detail.case_party, name="case-party"),
]
