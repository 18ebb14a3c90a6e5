"""The site's URLs plus one view that fails, to see the 500 page served."""

from django.urls import path

from civicgrid.urls import handler500, urlpatterns


def fail(request):
    raise RuntimeError("boom")


urlpatterns = [*urlpatterns, path("fail/", fail)]
__all__ = ["handler500", "urlpatterns"]
