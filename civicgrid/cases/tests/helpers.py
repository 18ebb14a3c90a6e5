"""Shared helpers for case tests."""

from civicgrid.cases import services
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.catalog.models import Category
from civicgrid.demo.photos import photo


def category(code="06010", kind="matter"):
    return Category.objects.get(kind=kind, code=code)


def new_case(city, *, community=0, grid=0, at=None, **kwargs):
    """A resident's QR report at the centre of one grid of the small city."""
    grids = [g for g in city.grids if g.parent_id == city.communities[community].pk]
    target = grids[grid]
    target.refresh_from_db()
    defaults = dict(
        channel="qr",
        description="小区门口有一堆生活垃圾没人清理",
        category=category(),
        lng=target.centroid_lng,
        lat=target.centroid_lat,
        reporter_phone="13812345678",
        at=at,
    )
    defaults.update(kwargs)
    return services.report(**defaults)


def walk_to(case, people, status):
    """Move a fresh case along the main path until it reaches `status`."""
    steps = [
        (Status.ACCEPTED, lambda: wf.accept(case=case, actor=people.dispatcher)),
        (Status.DISPATCHED, lambda: wf.dispatch(case=case, actor=people.dispatcher)),
        (Status.IN_PROGRESS, lambda: wf.start(case=case, actor=people.handler)),
        (
            Status.HANDLED,
            lambda: wf.finish(case=case, actor=people.handler, note="已清理", photos=[photo()]),
        ),
        (Status.VERIFIED, lambda: wf.verify(case=case, actor=people.grid_worker)),
        (Status.CLOSED, lambda: wf.close(case=case, actor=people.dispatcher)),
    ]
    for target, step in steps:
        if case.status == status:
            break
        step()
        assert case.status == target
    return case
