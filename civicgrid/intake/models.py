from django.db import models


class RateCounter(models.Model):
    """How many events one hashed key spent in one fixed window of a rate limit.

    Written with one UPSERT per request (intake/ratelimit.py), so every worker process counts
    in the same rows; a row is useless once its window has passed and is pruned then.
    """

    key = models.CharField(max_length=80, primary_key=True)  # scope:window:hash, no clear text
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate counter"
