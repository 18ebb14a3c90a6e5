from django.urls import path

from civicgrid.stations import showcase_views, views

app_name = "stations"
urlpatterns = [
    path("stations/coverage/", views.coverage_page, name="coverage"),
    path("stations/evaluation/", views.evaluation_page, name="evaluation"),
    path("stations/showcase/", showcase_views.showcase_manage, name="showcase-manage"),
    path("stations/showcase/<case_code:code>/", showcase_views.showcase_edit, name="showcase-edit"),
    # The portal's page: residents, no login.
    path("showcase/", showcase_views.showcase_list, name="showcase-list"),
]
