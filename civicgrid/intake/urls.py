from django.urls import path

from civicgrid.intake import hotline_views, views

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<area_code:community_code>/report/", views.report, name="report"),
    path("c/<area_code:community_code>/nearby/", views.nearby, name="nearby"),
    path("c/<area_code:community_code>/classes/", views.classes, name="classes"),
    path("t/", views.track_lookup, name="track-lookup"),
    path("t/<case_code:code>/", views.track, name="track"),
    path("t/<case_code:code>/<action:action>/", views.track_act, name="track-act"),
    path("my/", views.my_reports, name="my-reports"),
    path("hotline/", hotline_views.hotline_list, name="hotline-list"),
    path("hotline/<int:pk>/", hotline_views.hotline_detail, name="hotline-detail"),
    path("hotline/<int:pk>/progress/", hotline_views.hotline_progress, name="hotline-progress"),
    path("hotline/<int:pk>/errors.xlsx", hotline_views.hotline_errors, name="hotline-errors"),
    path("hotline/feedback.xlsx", hotline_views.hotline_feedback, name="hotline-feedback"),
    path("hotline/unplaced/", hotline_views.hotline_unplaced, name="hotline-unplaced"),
    path("hotline/unplaced/<int:pk>/place/", hotline_views.hotline_place, name="hotline-place"),
]
