from django.urls import path

from civicgrid.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<str:community_code>/report/", views.report, name="report"),
    path("t/<str:code>/", views.track, name="track"),
    path("t/<str:code>/<str:action>/", views.track_act, name="track-act"),
]
