from django.urls import path

from civicgrid.community import desk_views as desk
from civicgrid.community import event_views, views

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
    path(
        "c/<area_code:community_code>/events/<int:pk>/",
        event_views.event_detail,
        name="event-detail",
    ),
    path(
        "c/<area_code:community_code>/stories/<int:pk>/",
        event_views.story_detail,
        name="story-detail",
    ),
    path("events/signup/<slug:code>/", event_views.signup_detail, name="signup-detail"),
    path("community/publish/", desk.desk, name="desk"),
    path("community/publish/notices/new/", desk.notice_create, name="notice-create"),
    path("community/publish/notices/<int:pk>/", desk.notice_edit, name="notice-edit"),
    path("community/publish/events/new/", desk.event_create, name="event-create"),
    path("community/publish/events/<int:pk>/", desk.event_edit, name="event-edit"),
    path(
        "community/publish/events/<int:pk>/attendance/",
        desk.attendance,
        name="event-attendance",
    ),
    path("community/publish/events/<int:pk>/report/", desk.report, name="event-report"),
    path("community/publish/stories/new/", desk.story_create, name="story-create"),
    path("community/publish/stories/<int:pk>/", desk.story_edit, name="story-edit"),
]
