from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicgrid.volunteers.choices import TrainingKind
from civicgrid.volunteers.models.scoped import Scoped


class Training(Scoped):
    """A training session or a party-building 双报到 day held for a community's station."""

    title = models.CharField(_("主题"), max_length=100)
    day = models.DateField(_("日期"))
    hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    trainer = models.CharField(_("授课人 / 组织人"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=12, choices=TrainingKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("培训与双报到")
        verbose_name_plural = _("培训与双报到")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.day} {self.title}"


class Attendance(models.Model):
    """Who attended a training: a staff member or a registered volunteer."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, volunteer__isnull=True)
                | Q(user__isnull=True, volunteer__isnull=False),
                name="attendance_one_person",
            ),
            models.UniqueConstraint(fields=["training", "user"], name="attendance_user_once"),
            models.UniqueConstraint(
                fields=["training", "volunteer"], name="attendance_volunteer_once"
            ),
        ]
