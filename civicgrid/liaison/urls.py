from django.urls import path

from civicgrid.liaison import views

app_name = "liaison"
urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("duty/", views.duty_create, name="duty-create"),
    path("companies/", views.company_list, name="company-list"),
    path("export.xlsx", views.export, name="export"),
]
