from django.urls import path

from bare import views

urlpatterns = [
    path("insert/", views.insert),
    path("case/<str:code>/", views.by_code),
    path("cases/", views.newest),
    path("requests.json", views.newest_json),
]
