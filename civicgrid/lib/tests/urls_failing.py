"""The site's URLs plus one view that fails, to see the 500 page served."""

from django.urls import path, re_path

from civicgrid.urls import handler500, urlpatterns


def fail(request, **kwargs):
    raise RuntimeError("boom")


# Any path below fail/, line breaks included: to see what reaches the log.
urlpatterns = [*urlpatterns, path("fail/", fail), re_path(r"^fail/(?s:.+)$", fail)]
__all__ = ["handler500", "urlpatterns"]
