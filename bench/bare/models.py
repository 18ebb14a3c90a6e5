from django.db import models


class BareCase(models.Model):
    """A case in miniature: a code to look it up by, a text and a few fields."""

    code = models.CharField(max_length=16, unique=True)
    status = models.CharField(max_length=16, default="reported")
    description = models.TextField()
    address = models.CharField(max_length=200, blank=True)
    lng = models.FloatField()
    lat = models.FloatField()
    reported_at = models.DateTimeField()
