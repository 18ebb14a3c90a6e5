from django.urls import path

from civicgrid.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<str:community_code>/report/", views.report, name="report"),
    path("c/<str:community_code>/nearby/", views.nearby, name="nearby"),
    path("c/<str:community_code>/classes/", views.classes, name="classes"),
    path("t/", views.track_lookup, name="track-lookup"),
    path("t/<str:code>/", views.track, name="track"),
    path("t/<str:code>/<str:action>/", views.track_act, name="track-act"),
    path("my/", views.my_reports, name="my-reports"),
]
