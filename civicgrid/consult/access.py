"""Which topics and answers a staff member may see; every rule is a `can()` or a scope filter.

Answers are the guarded objects: each lies in its community, and `consult.view` over an area
shows the answers from there. A topic is listed for whoever may see some of its answers: it
was published in their scope, or over it (a street's topic for the head of one of its
communities, who sees that community's answers only). Publishing and editing need
`consult.manage` over the topic's area.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.consult.models import Answer, Topic
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can, scope_filter

PUBLISHED_AT = (Level.DISTRICT, Level.STREET)


def topics_for(user) -> QuerySet[Topic]:
    """Topics whose answers this user may see at least some of, or may edit."""
    reached = Area.objects.filter(
        area_scope(user, actions.CONSULT_VIEW), path__startswith=OuterRef("area__path")
    )
    managed = scope_filter(user, actions.CONSULT_MANAGE, area_field="area__path", department=None)
    return Topic.objects.filter(Q(Exists(reached)) | managed).select_related("area")


def answer_scope(user, prefix: str = "") -> Q:
    """The answers this user may read, over any topic (`prefix`: from a related model,
    "answers__" from a topic)."""
    field = f"{prefix}community__path"
    return scope_filter(user, actions.CONSULT_VIEW, area_field=field, department=None)


def answers_for(user, topic: Topic) -> QuerySet[Answer]:
    return Answer.objects.filter(answer_scope(user), topic=topic)


def topic_for(user, pk: int, *, manage: bool = False) -> Topic:
    """A topic the user may see (404 otherwise); with `manage`, one they may edit (403)."""
    topic = topics_for(user).filter(pk=pk).first()
    if topic is None:
        raise Http404(_("意见征集不存在或不在您的管辖范围内"))
    if manage and not can(user, actions.CONSULT_MANAGE, topic):
        raise PermissionDenied(_("您没有发布或修改这项意见征集的权限"))
    return topic


def publishing_areas(user) -> QuerySet[Area]:
    """The district and streets this user may publish a topic for."""
    found = Area.objects.filter(area_scope(user, actions.CONSULT_MANAGE))
    return found.filter(level__in=PUBLISHED_AT).order_by("path")
