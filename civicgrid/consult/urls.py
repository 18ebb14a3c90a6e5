from django.urls import path

from civicgrid.consult import survey_views, views

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
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/thanks/", survey_views.survey_thanks, name="survey-thanks"),
    path("surveys/manage/", survey_views.survey_list, name="survey-list"),
    path("surveys/manage/new/", survey_views.survey_create, name="survey-create"),
    path("surveys/manage/<int:pk>/", survey_views.survey_results, name="survey-results"),
    path("surveys/manage/<int:pk>/export.xlsx", survey_views.survey_export, name="survey-export"),
]
