from django.urls import path

from civicgrid.council import desk_views, public_views

app_name = "council"
urlpatterns = [
    path("c/<area_code:community_code>/", public_views.board, name="board"),
    path("c/<area_code:community_code>/propose/", public_views.propose, name="propose"),
    path("c/<area_code:community_code>/need/", public_views.need_new, name="need-new"),
    path("item/<int:pk>/support/", public_views.support, name="support"),
    path("track/", public_views.track_lookup, name="track-lookup"),
    path("track/<str:code>/", public_views.track, name="track"),
    path("manage/", desk_views.index, name="manage-index"),
    path("manage/<area_code:community_code>/", desk_views.desk, name="desk"),
    path("manage/<area_code:community_code>/item/", desk_views.item_add, name="item-add"),
    path("manage/<area_code:community_code>/meeting/", desk_views.meeting_new, name="meeting-new"),
    path("manage/<area_code:community_code>/export.xlsx", desk_views.export_xlsx, name="export"),
    path("manage/need/<int:pk>/", desk_views.need_act, name="need-act"),
    path("manage/item/<int:pk>/", desk_views.item_act, name="item-act"),
    path("manage/meeting/<int:pk>/", desk_views.meeting, name="meeting"),
]
