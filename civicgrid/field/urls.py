from django.urls import path

from civicgrid.field import views

app_name = "field"
urlpatterns = [
    path("", views.task_list, name="task-list"),
    path("<case_code:code>/", views.task_detail, name="task-detail"),
    path("<case_code:code>/act/<action:action>/", views.task_act, name="task-act"),
]
