"""Responsible units kept in step with departments, workstations and street/district areas."""

from django.db.models import QuerySet
from django.db.models.signals import post_save

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.duties.choices import UnitKind
from civicgrid.duties.models import Unit
from civicgrid.people.models import Department, Workstation
from civicgrid.people.scopes import scope_filter

OFFICE_LEVELS = (Level.DISTRICT, Level.STREET)


def _office_name(area: Area) -> str:
    """解放街道 -> 解放街道办事处, 沙石镇 -> 沙石镇人民政府, 章贡区 -> 章贡区人民政府
    (a name is data, as the division table spells it)."""
    name = area.name
    if area.level == Level.DISTRICT or name.endswith(("镇", "乡")):
        return f"{name}人民政府"
    return f"{name}办事处" if name.endswith("街道") else f"{name}街道办事处"


def unit_for(obj) -> Unit:
    """The unit of a department, a workstation or a street (district) area, made if new."""
    if isinstance(obj, Department):
        path = obj.area.path if obj.area is not None else ""
        fields = {"kind": UnitKind.DEPARTMENT, "name": obj.name, "area_path": path}
        return Unit.objects.update_or_create(department=obj, defaults=fields)[0]
    if isinstance(obj, Workstation):
        fields = {"kind": UnitKind.WORKSTATION, "name": obj.name, "area_path": obj.community.path}
        return Unit.objects.update_or_create(workstation=obj, defaults=fields)[0]
    if isinstance(obj, Area) and obj.level in OFFICE_LEVELS:
        fields = {"kind": UnitKind.OFFICE, "name": _office_name(obj), "area_path": obj.path}
        return Unit.objects.update_or_create(area=obj, defaults=fields)[0]
    raise ValueError(f"not a unit: {obj!r}")


def sync_units() -> int:
    """Make the units missing for existing departments, stations and offices; how many."""
    made = 0
    depts = set(Unit.objects.exclude(department=None).values_list("department_id", flat=True))
    stations = set(Unit.objects.exclude(workstation=None).values_list("workstation_id", flat=True))
    offices = set(Unit.objects.exclude(area=None).values_list("area_id", flat=True))
    for dept in Department.objects.select_related("area").exclude(pk__in=depts):
        unit_for(dept)
        made += 1
    for station in Workstation.objects.select_related("community").exclude(pk__in=stations):
        unit_for(station)
        made += 1
    for area in Area.objects.filter(level__in=OFFICE_LEVELS).exclude(pk__in=offices):
        unit_for(area)
        made += 1
    return made


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender is Area and instance.level not in OFFICE_LEVELS:
        return
    unit_for(instance)


def connect() -> None:
    for model in (Department, Workstation, Area):
        post_save.connect(_saved, sender=model, dispatch_uid=f"duty-unit-{model.__name__}")


def units_in_scope(user, action: str) -> QuerySet[Unit]:
    """The units the user holds `action` over (a handler: their department's only)."""
    return Unit.objects.filter(scope_filter(user, action, area_field="area_path"))
