"""The site's URLs plus one view that fails, to see the 500 page served."""

from django.urls import path

from civicgrid.urls import handler500, urlpatterns


def fail(request, **kwargs):
    # A header is the way left for control characters to reach the log: paths and query
    # strings holding them are refused before any view.
    raise RuntimeError("boom" + request.headers.get("X-Note", ""))


urlpatterns = [*urlpatterns, path("fail/", fail)]
__all__ = ["handler500", "urlpatterns"]
