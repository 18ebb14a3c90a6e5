"""Units, lists and a plan over the small test city."""

from datetime import date

from civicgrid.duties import lists, plans
from civicgrid.duties.choices import ListKind
from civicgrid.duties.models import Unit
from civicgrid.duties.units import unit_for


def station(city, i: int = 0) -> Unit:
    return Unit.objects.get(workstation__community=city.communities[i])


def department(city, code: str = "sanitation") -> Unit:
    return unit_for(city.departments[code])


def published(city, people, i: int = 0, rows=("巡查发现问题及时上报",), kind=ListKind.DUTIES):
    """A station's list with one published version of `rows`."""
    head = city.heads[city.communities[i].pk]
    draft = lists.start_draft(unit=station(city, i), kind=kind, actor=head)
    for text in rows:
        lists.add_item(version=draft, actor=head, content=text, basis="工作方案", kind="巡查")
    return lists.publish(version=draft, actor=head, note="首版")


def plan_with_task(city, people, *, deadline=date(2026, 12, 18), lead=None, co=()):
    """The district's plan with one task led by sanitation, water co-leading by default."""
    plan = plans.create_plan(
        actor=people.leader, title="进社区任务分解", year=2026, area=city.county
    )
    task = plans.add_task(
        plan=plan,
        actor=people.leader,
        title="垃圾分类进社区",
        content="指导社区开展垃圾分类",
        deadline=deadline,
        lead=lead or department(city),
        co_units=list(co) or [department(city, "water")],
    )
    return plan, task


def matrix_objects(city, people) -> dict:
    """The URL matrix's objects: community 0's station (du0) with a published version (dv0)
    and a draft row (di0); the district's plan (dp0) and its task (dt0)."""
    version = published(city, people)
    draft = lists.start_draft(unit=station(city), kind=ListKind.DUTIES, actor=people.station_head)
    plan, task = plan_with_task(city, people)
    return {
        "du0": station(city).pk,
        "dv0": version.pk,
        "di0": draft.items.get().pk,
        "dp0": plan.pk,
        "dt0": task.pk,
        "duties": "duties",
        "draft": "draft",
        "up": "up",
    }
