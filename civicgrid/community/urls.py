from django.urls import path

from civicgrid.community import views

app_name = "community"
urlpatterns = [
    path("c/<area_code:community_code>/", views.community_detail, name="community-detail"),
    path("community/posters/", views.poster_list, name="poster-list"),
    path(
        "community/posters/street/<area_code:street_code>/",
        views.batch_create,
        name="batch-create",
    ),
    path("community/posters/batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path(
        "community/posters/batches/<int:pk>/download/",
        views.batch_download,
        name="batch-download",
    ),
    path(
        "community/posters/<area_code:community_code>/",
        views.poster_detail,
        name="poster-detail",
    ),
    path("community/posters/<area_code:community_code>.pdf", views.poster_pdf, name="poster-pdf"),
]
