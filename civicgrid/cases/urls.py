from django.urls import path

from civicgrid.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("<str:code>/", views.case_detail, name="case-detail"),
    path("<str:code>/act/<str:action>/", views.case_act, name="case-act"),
    path("<str:code>/phone/", views.case_phone, name="case-phone"),
]
