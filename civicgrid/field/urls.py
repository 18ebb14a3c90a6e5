from django.urls import path

from civicgrid.field import views
from civicgrid.intake import views as intake_views

app_name = "field"
urlpatterns = [
    path("", views.task_list, name="task-list"),
    path("report/", views.report_new, name="report-new"),
    # The resident page's class search; it needs no community.
    path("report/classes/", intake_views.classes, {"community_code": ""}, name="report-classes"),
    path("<case_code:code>/", views.task_detail, name="task-detail"),
    path("<case_code:code>/act/<action:action>/", views.task_act, name="task-act"),
]
