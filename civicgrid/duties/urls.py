from django.urls import path

from civicgrid.duties import list_views, plan_views

app_name = "duties"
urlpatterns = [
    path("", list_views.unit_index, name="unit-index"),
    path("units/<int:pk>/", list_views.unit_lists, name="unit-lists"),
    path("units/<int:pk>/<slug:kind>/export.xlsx", list_views.list_export, name="list-export"),
    path("units/<int:pk>/<slug:kind>/<slug:op>/", list_views.list_op, name="list-op"),
    path("items/<int:pk>/<slug:op>/", list_views.item_op, name="item-op"),
    path("v/<int:pk>/", list_views.version_public, name="version-public"),
    path("c/<area_code:community_code>/", list_views.station_public, name="station-public"),
    path("plans/", plan_views.plan_list, name="plan-list"),
    path("plans/new/", plan_views.plan_new, name="plan-new"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan-detail"),
    path("tasks/<int:pk>/", plan_views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/report/", plan_views.task_report, name="task-report"),
    path("tasks/<int:pk>/edit/", plan_views.task_edit, name="task-edit"),
    path("board/", plan_views.status_board, name="status-board"),
    path("board/export.xlsx", plan_views.board_export, name="board-export"),
]
