from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.community.models.base import Scoped, _status
from civicgrid.lib.media import RandomName


class LawStory(Scoped, models.Model):
    """以案普法: a typical case told to residents, the rule behind it, photos before and after."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="law_stories"
    )
    title = models.CharField(_("标题"), max_length=100)
    basis = models.CharField(_("法规依据"), max_length=300)
    story = models.TextField(_("案例经过"), max_length=5000)
    before = models.ImageField(
        _("整治前照片"), upload_to=RandomName("lawstories/"), blank=True, db_index=True
    )
    after = models.ImageField(
        _("整治后照片"), upload_to=RandomName("lawstories/"), blank=True, db_index=True
    )
    status = _status()
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("以案普法")
        verbose_name_plural = _("以案普法")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title
