from django.urls import path

from civicgrid.intake import views

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
]
