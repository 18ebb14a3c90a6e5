"""Shared helpers for consultation tests."""

from datetime import timedelta

from django.utils import timezone

from civicgrid.consult import services

OPTIONS = ["农贸市场北侧空地", "文化广场东侧停车场", "不赞成设置"]


def new_topic(city, *, area=None, days=(-2, 5), options=OPTIONS, actor=None, **kwargs):
    """A topic of the first street (or `area`), open from days[0] to days[1] around today."""
    area = area or city.streets[0]
    today = timezone.localdate()
    fields = {
        "title": "夜间便民摊点疏导区设置意见征集",
        "description": "拟在辖区设置夜间便民摊点疏导区，征求居民意见。",
        "question": "您更希望疏导区设在哪里？" if options else "",
        "options": list(options),
        **kwargs,
    }
    return services.publish(
        actor=actor or city.users["dispatcher"],
        area=area,
        starts_on=today + timedelta(days=days[0]),
        ends_on=today + timedelta(days=days[1]),
        **fields,
    )


def add_answer(topic, community, *, choice=0, text="", **kwargs):
    return services.answer(topic=topic, community=community, choice=choice, text=text, **kwargs)
