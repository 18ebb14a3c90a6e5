from django.urls import path

from civicgrid.field import assign_views, campaign_views, desk_views, patrol_views, views
from civicgrid.intake import views as intake_views

app_name = "field"
urlpatterns = [
    path("", views.task_list, name="task-list"),
    path("report/", views.report_new, name="report-new"),
    path("patrol/", patrol_views.patrol_page, name="patrol"),
    path("patrol/start/", patrol_views.patrol_start, name="patrol-start"),
    path("patrol/<int:pk>/points/", patrol_views.patrol_points, name="patrol-points"),
    path("patrol/<int:pk>/end/", patrol_views.patrol_end, name="patrol-end"),
    path("checkin/", patrol_views.checkin_new, name="checkin-new"),
    path("patrols/map/", desk_views.patrol_map, name="patrol-map"),
    path("patrols/tracks/", desk_views.patrol_tracks, name="patrol-tracks"),
    path("roster/<area_code:code>/", desk_views.roster, name="roster"),
    path("compliance/", desk_views.compliance_table, name="compliance"),
    path("ledger/<area_code:code>/", desk_views.ledger_page, name="ledger"),
    # The resident page's class search; it needs no community.
    path("report/classes/", intake_views.classes, {"community_code": ""}, name="report-classes"),
    path("assignments/", assign_views.assignment_board, name="assignment-board"),
    path("assignments/new/", assign_views.assignment_new, name="assignment-new"),
    path("assignments/export.xlsx", assign_views.assignment_export, name="assignment-export"),
    path("assignments/<int:pk>/", assign_views.assignment_detail, name="assignment-detail"),
    path(
        "assignments/<int:pk>/<int:target>/<action:action>/",
        assign_views.assignment_act,
        name="assignment-act",
    ),
    path("campaigns/", campaign_views.campaign_list, name="campaign-list"),
    path("campaigns/plan/", campaign_views.campaign_plan, name="campaign-plan"),
    path("campaigns/new/", campaign_views.campaign_new, name="campaign-new"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/export.xlsx", campaign_views.campaign_export, name="campaign-export"),
    path("campaigns/link/<case_code:code>/", campaign_views.campaign_link, name="campaign-link"),
    path("<case_code:code>/", views.task_detail, name="task-detail"),
    path("<case_code:code>/act/<action:action>/", views.task_act, name="task-act"),
]
