from django.urls import path

from civicgrid.volunteers import public_views, training_views, views

app_name = "volunteers"
urlpatterns = [
    path("", views.volunteer_list, name="volunteer-list"),
    path("export.xlsx", views.volunteer_export, name="volunteer-export"),
    path("new/", views.volunteer_edit, name="volunteer-new"),
    path("ranking/", views.ranking, name="ranking"),
    path("apply/<area_code:code>/", public_views.apply, name="apply"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer-detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="volunteer-edit"),
    path("<int:pk>/phone/", views.volunteer_phone, name="volunteer-phone"),
    path("<int:pk>/approve/", views.volunteer_approve, name="volunteer-approve"),
    path("<int:pk>/activity/", views.activity_new, name="activity-new"),
    path("trainings/", training_views.training_list, name="training-list"),
    path("trainings/export.xlsx", training_views.training_export, name="training-export"),
    path("trainings/new/", training_views.training_new, name="training-new"),
    path("trainings/<int:pk>/", training_views.training_detail, name="training-detail"),
]
