from django.urls import path

from civicgrid.consult import views

app_name = "consult"
urlpatterns = [
    path("", views.topic_list, name="topic-list"),
    path("<int:pk>/", views.topic_detail, name="topic-detail"),
    path("<int:pk>/thanks/", views.answer_thanks, name="answer-thanks"),
    path("manage/", views.manage_list, name="manage-list"),
    path("manage/new/", views.topic_create, name="topic-create"),
    path("manage/<int:pk>/", views.answer_list, name="answer-list"),
    path("manage/<int:pk>/edit/", views.topic_edit, name="topic-edit"),
    path("manage/<int:pk>/export.xlsx", views.answer_export, name="answer-export"),
]
