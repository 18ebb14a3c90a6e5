from django.urls import path

from civicgrid.field import views

app_name = "field"
urlpatterns = [
    path("", views.task_list, name="task-list"),
    path("<str:code>/", views.task_detail, name="task-detail"),
    path("<str:code>/act/<str:action>/", views.task_act, name="task-act"),
]
